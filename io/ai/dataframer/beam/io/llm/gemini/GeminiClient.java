package ai.dataframer.beam.io.llm.gemini;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gemini's {@code generateContent} API: {@code POST
 * {baseUrl}/v1beta/models/{model}:generateContent}.
 *
 * <p>The key goes in the {@code x-goog-api-key} header, never in a {@code ?key=} query: URLs end up
 * in logs and proxies' access records. How requests and answers map is in {@link
 * GeminiRequestBody}, {@link GeminiThinking}, {@link GeminiAnswer}, {@link GeminiCallIds} and
 * {@link GeminiErrors}.
 */
public final class GeminiClient implements LlmClient {
  public static final String PROVIDER = "gemini";
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";

  private final ModelCatalogData catalog;
  private final HttpTransport transport;
  private final ProviderEndpoint endpoint;
  private final List<Secret> secrets;

  /**
   * @param transport shared by every client of the worker; not closed by this client
   * @param endpoint the API root ({@link #DEFAULT_BASE_URL}) and the key, which Gemini requires
   */
  public GeminiClient(HttpTransport transport, ProviderEndpoint endpoint) {
    this(transport, endpoint, ModelCatalogData.bundled());
  }

  /**
   * As the constructor above, routing with {@code catalog} instead of the bundled one.
   *
   * @param catalog routes model ids to the provider's model names (docs/ARCHITECTURE.md section 7)
   */
  public GeminiClient(
      HttpTransport transport, ProviderEndpoint endpoint, ModelCatalogData catalog) {
    if (catalog == null) {
      throw new IllegalArgumentException("a model client needs a model catalog");
    }
    this.catalog = catalog;
    if (transport == null || endpoint == null) {
      throw new IllegalArgumentException("a Gemini client needs a transport and an endpoint");
    }
    if (endpoint.apiKey() == null) {
      throw new IllegalArgumentException("Gemini needs an API key (GEMINI_API_KEY)");
    }
    this.transport = transport;
    this.endpoint = endpoint;
    this.secrets = List.of(endpoint.apiKey());
  }

  /**
   * Completes with the answer, or exceptionally with an {@link
   * ai.dataframer.beam.core.llm.LlmException}; with an {@link IllegalArgumentException} when the
   * request is not one for Gemini or carries a schema or tool arguments that are not JSON objects.
   */
  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    String url;
    String body;
    try {
      ModelRoute route = route(request.modelId());
      url = modelUrl(route, "generateContent");
      body = GeminiRequestBody.json(request, route);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    Map<String, String> headers = Map.of("x-goog-api-key", endpoint.apiKey().reveal());
    return transport
        .postJson(PROVIDER, url, headers, body)
        .thenApply(reply -> answer(request, reply));
  }

  /**
   * The catalog's route of {@code modelId}; the batch API routes with it too, so a batch line is
   * the online body.
   *
   * @throws IllegalArgumentException when the model is unknown or not served by Gemini
   */
  ModelRoute route(String modelId) {
    ModelRoute route = catalog.route(modelId);
    if (route.provider() != ModelProvider.GEMINI) {
      throw new IllegalArgumentException(
          "model '" + modelId + "' is served by " + route.provider() + ", not Gemini");
    }
    return route;
  }

  /** The body the online call sends for {@code request}. */
  String body(ChatRequest request) {
    return GeminiRequestBody.json(request, route(request.modelId()));
  }

  /** {@code {baseUrl}/v1beta/models/{model}:{method}}, for online and batch calls alike. */
  String modelUrl(ModelRoute route, String method) {
    return endpoint.baseUrl() + "/v1beta/models/" + route.apiModel() + ":" + method;
  }

  private ChatResponse answer(ChatRequest request, HttpReply reply) {
    if (!reply.isSuccess()) {
      throw GeminiErrors.fromReply(reply, secrets);
    }
    return GeminiAnswer.parse(request.modelId(), reply, secrets);
  }

  @Override
  public String toString() {
    return "GeminiClient[" + endpoint + "]";
  }
}
