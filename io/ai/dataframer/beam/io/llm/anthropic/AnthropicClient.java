package ai.dataframer.beam.io.llm.anthropic;

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
import ai.dataframer.beam.io.llm.http.ProviderErrors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Claude through the Anthropic Messages API ({@code POST {baseUrl}/v1/messages}).
 *
 * <p>Maps the shared request onto Anthropic's: the system prompt as text blocks with {@code
 * cache_control} where the request marks a cache point; {@code -thinking} models think on top of
 * {@code max_tokens}, with the request's budget ({@code type: enabled}) or, for models the catalog
 * marks adaptive, with the effort of that budget ({@code type: adaptive}); JSON output with a
 * schema uses structured outputs ({@code output_config.format}), without one a system instruction.
 * The request body is written before the call, the answer read on the transport's threads.
 *
 * <p>Thinking blocks of an answer, with their signatures, come back as {@link
 * ai.dataframer.beam.core.llm.ContentPart.ProviderBlock}s and are sent back verbatim in the next
 * turn of a tool loop, as Anthropic requires when thinking is on ({@code AnthropicRequestEncoder}).
 */
public final class AnthropicClient implements LlmClient {
  static final String PROVIDER = "anthropic";

  /** The Messages API version; newer features (structured outputs) need no other header. */
  static final String API_VERSION = "2023-06-01";

  private final ModelCatalogData catalog;
  private final HttpTransport transport;
  private final ProviderEndpoint endpoint;
  private final String url;
  private final List<Secret> secrets;

  /**
   * @param transport shared with other clients; this client does not close it
   * @param endpoint the API root (e.g. {@code https://api.anthropic.com}) and a key, which
   *     Anthropic always needs
   */
  public AnthropicClient(HttpTransport transport, ProviderEndpoint endpoint) {
    this(transport, endpoint, ModelCatalogData.bundled());
  }

  /**
   * As the constructor above, routing with {@code catalog} instead of the bundled one.
   *
   * @param catalog routes model ids to the provider's model names (docs/ARCHITECTURE.md section 7)
   */
  public AnthropicClient(
      HttpTransport transport, ProviderEndpoint endpoint, ModelCatalogData catalog) {
    if (catalog == null) {
      throw new IllegalArgumentException("a model client needs a model catalog");
    }
    this.catalog = catalog;
    if (transport == null || endpoint == null) {
      throw new IllegalArgumentException("an Anthropic client needs a transport and an endpoint");
    }
    if (endpoint.apiKey() == null) {
      throw new IllegalArgumentException(
          "an Anthropic client needs an API key (ANTHROPIC_API_KEY) for " + endpoint.baseUrl());
    }
    this.transport = transport;
    this.endpoint = endpoint;
    this.url = endpoint.baseUrl() + "/v1/messages";
    this.secrets = List.of(endpoint.apiKey());
  }

  /**
   * Sends {@code request}. The future fails with an {@link
   * ai.dataframer.beam.core.llm.LlmException} typed by cause; a request this client cannot send
   * fails at once.
   *
   * @throws IllegalArgumentException when the model is not Anthropic's, or a tool schema, tool call
   *     arguments or the JSON output schema is not a JSON object
   */
  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    ModelRoute route = catalog.route(request.modelId());
    if (route.provider() != ModelProvider.ANTHROPIC) {
      throw new IllegalArgumentException(
          "model '"
              + request.modelId()
              + "' is served by "
              + route.provider()
              + ", not by the Anthropic client");
    }
    String body = AnthropicRequestEncoder.encode(request, route);
    return transport
        .postJson(PROVIDER, url, headers(), body)
        .thenApply(reply -> answer(request.modelId(), reply));
  }

  private ChatResponse answer(String modelId, HttpReply reply) {
    if (!reply.isSuccess()) {
      throw ProviderErrors.fromReply(PROVIDER, reply, secrets);
    }
    return AnthropicResponseDecoder.decode(modelId, reply, secrets);
  }

  /**
   * Built per call so the revealed key lives no longer than the request. No content type: the
   * transport sets it, and a second one would be sent as a duplicate header.
   */
  private Map<String, String> headers() {
    return Map.of("x-api-key", endpoint.apiKey().reveal(), "anthropic-version", API_VERSION);
  }

  @Override
  public String toString() {
    return "AnthropicClient[" + endpoint + "]";
  }
}
