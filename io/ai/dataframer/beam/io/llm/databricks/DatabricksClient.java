package ai.dataframer.beam.io.llm.databricks;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.openai.ChatCompletionsDecoder;
import ai.dataframer.beam.io.llm.openai.ChatCompletionsEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Databricks models ({@code databricks/databricks-claude-sonnet-4-6[-thinking]}, {@code
 * ...-gemini-3-1-pro}, {@code ...-gpt-5-4}, ...) through Model Serving endpoints: {@code POST
 * {apiBase}/{endpoint}/invocations} with the OpenAI chat body, the endpoint named in the path
 * rather than in a {@code model} field. The bearer token comes from OAuth machine-to-machine
 * ({@link DatabricksTokens}); when an endpoint refuses it with 401 a new token is fetched once and
 * the call sent again.
 *
 * <p>Reasoning, per the Databricks reasoning-models guide:
 *
 * <ul>
 *   <li>Claude endpoints think only when asked: {@code -thinking} sends {@code thinking: {type:
 *       enabled, budget_tokens: B}}, and {@code max_tokens} is the answer's limit plus B, since the
 *       budget must stay below {@code max_tokens}.
 *   <li>GPT and Gemini endpoints take {@code reasoning_effort}: {@code -thinking} sends the effort
 *       of the budget ({@link ChatCompletionsEncoder#effortFor}); without it GPT-5 endpoints get
 *       {@code none} and Gemini, which cannot stop thinking, gets {@code low}, the least each
 *       takes.
 *   <li>Temperature is sent only when the route does not think: extended thinking and reasoning
 *       efforts above none do not take it.
 * </ul>
 *
 * <p>Claude's thinking comes back as {@code reasoning} content blocks, which are left out of the
 * answer's text and kept as {@link ai.dataframer.beam.core.llm.ContentPart.ProviderBlock}s: a tool
 * loop on a thinking Claude endpoint sends them back verbatim in the assistant turn ({@code
 * ChatCompletionsEncoder}), as Anthropic's own API requires.
 */
public final class DatabricksClient implements LlmClient {
  static final String PROVIDER = "databricks";

  /**
   * Serving endpoint names: letters, digits, dashes and underscores, safe in a path as they are.
   */
  private static final Pattern ENDPOINT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");

  private final ModelCatalogData catalog;
  private final HttpTransport transport;
  private final String apiBase;
  private final Secret clientSecret;
  private final DatabricksTokens tokens;

  /**
   * @param apiBase the workspace's serving endpoints root, e.g. {@code
   *     https://adb-123.azuredatabricks.net/serving-endpoints}; its scheme and host are the
   *     workspace the tokens are asked of
   * @param clientId the service principal's application (client) id
   * @param clientSecret its OAuth secret
   * @param clock tells when a token expires
   */
  public DatabricksClient(
      HttpTransport transport, String apiBase, String clientId, Secret clientSecret, Clock clock) {
    this(transport, apiBase, clientId, clientSecret, clock, ModelCatalogData.bundled());
  }

  /**
   * As the constructor above, routing with {@code catalog} instead of the bundled one.
   *
   * @param catalog routes model ids to the provider's model names (docs/ARCHITECTURE.md section 7)
   */
  public DatabricksClient(
      HttpTransport transport,
      String apiBase,
      String clientId,
      Secret clientSecret,
      Clock clock,
      ModelCatalogData catalog) {
    if (catalog == null) {
      throw new IllegalArgumentException("a model client needs a model catalog");
    }
    this.catalog = catalog;
    if (transport == null) {
      throw new IllegalArgumentException("a Databricks client needs a transport");
    }
    this.transport = transport;
    this.apiBase = apiBase(apiBase);
    this.clientSecret = clientSecret;
    this.tokens =
        new DatabricksTokens(transport, workspace(this.apiBase), clientId, clientSecret, clock);
  }

  /**
   * Sends the request. A model that is not a Databricks one, or a schema that is not a JSON object,
   * fails the future with an {@link IllegalArgumentException} before anything is sent.
   */
  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    String url;
    String json;
    try {
      ModelRoute route = route(request);
      url = apiBase + "/" + route.apiModel() + "/invocations";
      json = ChatCompletionsEncoder.toJson(body(request, route));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return tokens
        .token()
        .thenCompose(token -> send(url, token, json))
        .thenCompose(
            sent ->
                sent.reply().status() != 401
                    ? CompletableFuture.completedFuture(sent)
                    : tokens
                        .renewAfterRejection(sent.token())
                        .thenCompose(fresh -> send(url, fresh, json)))
        .thenApply(sent -> read(request, sent));
  }

  private ModelRoute route(ChatRequest request) {
    ModelRoute route = catalog.route(request.modelId());
    if (route.provider() != ModelProvider.DATABRICKS) {
      throw new IllegalArgumentException(
          "model '"
              + request.modelId()
              + "' is served by "
              + route.provider()
              + ", not by Databricks");
    }
    if (!ENDPOINT_NAME.matcher(route.apiModel()).matches()) {
      throw new IllegalArgumentException(
          "'" + route.apiModel() + "' is not a serving endpoint name");
    }
    return route;
  }

  ObjectNode body(ChatRequest request, ModelRoute route) {
    ObjectNode body = ChatCompletionsEncoder.newBody();
    ChatCompletionsEncoder.putConversation(body, request, "system", PROVIDER);
    String endpoint = route.apiModel();
    long maxTokens = request.maxOutputTokens();
    if (route.thinking()) {
      int budget = ChatCompletionsEncoder.thinkingTokens(request.thinkingBudget());
      maxTokens += budget;
      if (isClaude(endpoint)) {
        body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
      } else {
        body.put("reasoning_effort", ChatCompletionsEncoder.effortFor(request.thinkingBudget()));
      }
    } else if (endpoint.contains("-gpt-5")) {
      body.put("reasoning_effort", "none");
    } else if (endpoint.contains("-gemini-")) {
      body.put("reasoning_effort", "low");
    }
    body.put("max_tokens", maxTokens);
    if (request.temperature() != null && !route.thinking()) {
      body.put("temperature", request.temperature());
    }
    return body;
  }

  private static boolean isClaude(String endpoint) {
    return endpoint.contains("-claude-");
  }

  private CompletableFuture<Sent> send(String url, Secret token, String json) {
    return transport
        .postJson(PROVIDER, url, Map.of("Authorization", "Bearer " + token.reveal()), json)
        .thenApply(reply -> new Sent(token, reply));
  }

  private ChatResponse read(ChatRequest request, Sent sent) {
    List<Secret> secrets = List.of(clientSecret, sent.token());
    if (sent.reply().status() == 401) {
      // Reached only with a token fetched just now: the endpoint refuses the principal itself.
      throw new LlmException.Unauthorized(
          PROVIDER,
          401,
          "the serving endpoint refused a fresh access token of service principal '"
              + tokens.clientId()
              + "'",
          redact(sent.reply().body(), secrets));
    }
    return ChatCompletionsDecoder.read(PROVIDER, request.modelId(), sent.reply(), secrets);
  }

  private static String redact(String body, List<Secret> secrets) {
    String out = body;
    for (Secret secret : secrets) {
      out = secret.redactFrom(out);
    }
    return out;
  }

  private static String apiBase(String apiBase) {
    if (apiBase == null || !(apiBase.startsWith("https://") || apiBase.startsWith("http://"))) {
      throw new IllegalArgumentException(
          "databricks_api_base must start with https:// or http://, but was '" + apiBase + "'");
    }
    String out = apiBase.strip();
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  /** The scheme and host (and port) of the API base: where the workspace's OAuth endpoint is. */
  private static String workspace(String apiBase) {
    URI uri = URI.create(apiBase);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("databricks_api_base '" + apiBase + "' has no host");
    }
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** A request sent with a token, and what came back. */
  private record Sent(Secret token, HttpReply reply) {}

  @Override
  public String toString() {
    return "DatabricksClient[" + apiBase + ", client id " + tokens.clientId() + ", secret set]";
  }
}
