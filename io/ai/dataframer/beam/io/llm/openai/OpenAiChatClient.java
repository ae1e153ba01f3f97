package ai.dataframer.beam.io.llm.openai;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Chat models behind the OpenAI Chat Completions format ({@code POST {baseUrl}/chat/completions}):
 * OpenAI itself ({@code openai/gpt-5.4[-thinking]}), Together ({@code openai/gpt-oss-120b}, {@code
 * deepseek-ai/*}, {@code moonshotai/*}) and self-hosted servers ({@code openai-compatible/<model>}:
 * vLLM, Ollama, llama.cpp). Base URLs include the API version, as the official SDKs' do ({@value
 * #OPENAI_BASE_URL}, {@value #TOGETHER_BASE_URL}, {@code http://localhost:11434/v1}).
 *
 * <p>Where they differ:
 *
 * <ul>
 *   <li>OpenAI: the system prompt is a {@code developer} message (what GPT-5 models take in place
 *       of {@code system}); the limit is {@code max_completion_tokens}, which counts reasoning
 *       tokens, so a thinking model's budget is added to it; {@code -thinking} sends a {@code
 *       reasoning_effort} derived from the budget ({@link ChatCompletionsEncoder#effortFor}), and
 *       plain {@code gpt-5.4} sends {@code none}, the lowest effort GPT-5.4 takes. Temperature goes
 *       only with {@code none}: GPT-5.4 refuses sampling parameters while it reasons.
 *   <li>Together and OpenAI-compatible servers: a {@code system} message, {@code max_tokens}, and
 *       temperature when the request sets one; no reasoning parameters (their routes never think).
 *       The key is optional for OpenAI-compatible servers: without one no Authorization is sent.
 * </ul>
 */
public final class OpenAiChatClient implements LlmClient {
  public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
  public static final String TOGETHER_BASE_URL = "https://api.together.xyz/v1";

  private final ModelCatalogData catalog;
  private final HttpTransport transport;
  private final ProviderEndpoint endpoint;
  private final ModelProvider provider;
  private final String providerName;
  private final String url;
  private final List<Secret> secrets;

  /**
   * @param provider {@link ModelProvider#OPENAI}, {@link ModelProvider#TOGETHER} or {@link
   *     ModelProvider#OPENAI_COMPATIBLE}; the first two need a key
   */
  public OpenAiChatClient(
      HttpTransport transport, ProviderEndpoint endpoint, ModelProvider provider) {
    this(transport, endpoint, provider, ModelCatalogData.bundled());
  }

  /**
   * As the constructor above, routing with {@code catalog} instead of the bundled one.
   *
   * @param catalog routes model ids to the provider's model names (docs/ARCHITECTURE.md section 7)
   */
  public OpenAiChatClient(
      HttpTransport transport,
      ProviderEndpoint endpoint,
      ModelProvider provider,
      ModelCatalogData catalog) {
    if (catalog == null) {
      throw new IllegalArgumentException("a model client needs a model catalog");
    }
    this.catalog = catalog;
    if (transport == null || endpoint == null || provider == null) {
      throw new IllegalArgumentException(
          "an OpenAI chat client needs a transport, an endpoint and a provider");
    }
    this.providerName = providerName(provider);
    if (endpoint.apiKey() == null && provider != ModelProvider.OPENAI_COMPATIBLE) {
      throw new IllegalArgumentException(
          providerName
              + " needs an API key ("
              + provider.keyVariable().orElse("no variable")
              + ")");
    }
    this.transport = transport;
    this.endpoint = endpoint;
    this.provider = provider;
    this.url = endpoint.baseUrl() + "/chat/completions";
    this.secrets = endpoint.apiKey() == null ? List.of() : List.of(endpoint.apiKey());
  }

  public static OpenAiChatClient openAi(HttpTransport transport, ProviderEndpoint endpoint) {
    return new OpenAiChatClient(transport, endpoint, ModelProvider.OPENAI);
  }

  public static OpenAiChatClient together(HttpTransport transport, ProviderEndpoint endpoint) {
    return new OpenAiChatClient(transport, endpoint, ModelProvider.TOGETHER);
  }

  public static OpenAiChatClient compatible(HttpTransport transport, ProviderEndpoint endpoint) {
    return new OpenAiChatClient(transport, endpoint, ModelProvider.OPENAI_COMPATIBLE);
  }

  /**
   * Sends the request. A model this client does not serve, or a schema that is not a JSON object,
   * fails the future with an {@link IllegalArgumentException} before anything is sent.
   */
  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    String json;
    try {
      json = ChatCompletionsEncoder.toJson(body(request, route(request)));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return transport
        .postJson(providerName, url, headers(), json)
        .thenApply(
            reply -> ChatCompletionsDecoder.read(providerName, request.modelId(), reply, secrets));
  }

  ModelRoute route(ChatRequest request) {
    ModelRoute route = catalog.route(request.modelId());
    if (route.provider() != provider) {
      throw new IllegalArgumentException(
          "model '"
              + request.modelId()
              + "' is served by "
              + route.provider()
              + ", not by this "
              + providerName
              + " client");
    }
    return route;
  }

  ObjectNode body(ChatRequest request, ModelRoute route) {
    ObjectNode body = ChatCompletionsEncoder.newBody();
    body.put("model", route.apiModel());
    boolean openAi = provider == ModelProvider.OPENAI;
    ChatCompletionsEncoder.putConversation(
        body, request, openAi ? "developer" : "system", providerName);
    if (openAi) {
      long reserved =
          route.thinking() ? ChatCompletionsEncoder.thinkingTokens(request.thinkingBudget()) : 0;
      body.put("max_completion_tokens", request.maxOutputTokens() + reserved);
      body.put(
          "reasoning_effort",
          route.thinking() ? ChatCompletionsEncoder.effortFor(request.thinkingBudget()) : "none");
    } else {
      body.put("max_tokens", request.maxOutputTokens());
    }
    if (request.temperature() != null && !route.thinking()) {
      body.put("temperature", request.temperature());
    }
    return body;
  }

  private Map<String, String> headers() {
    Secret key = endpoint.apiKey();
    return key == null ? Map.of() : Map.of("Authorization", "Bearer " + key.reveal());
  }

  private static String providerName(ModelProvider provider) {
    switch (provider) {
      case OPENAI:
        return "openai";
      case TOGETHER:
        return "together";
      case OPENAI_COMPATIBLE:
        return "openai-compatible";
      default:
        throw new IllegalArgumentException(
            provider + " does not speak OpenAI Chat Completions through this client");
    }
  }

  @Override
  public String toString() {
    return "OpenAiChatClient[" + providerName + ", " + endpoint + "]";
  }
}
