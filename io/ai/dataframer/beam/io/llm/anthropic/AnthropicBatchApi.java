package ai.dataframer.beam.io.llm.anthropic;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.batch.BatchApi;
import ai.dataframer.beam.io.llm.batch.BatchLine;
import ai.dataframer.beam.io.llm.batch.BatchState;
import ai.dataframer.beam.io.llm.batch.LineResult;
import ai.dataframer.beam.io.llm.batch.ResultLines;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import ai.dataframer.beam.io.llm.http.ProviderErrors;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Anthropic Message Batches: {@code POST /v1/messages/batches} with {@code {requests: [{custom_id,
 * params}]}}, where params is the body the online Messages call would send; polled with {@code GET
 * /v1/messages/batches/{id}} until {@code processing_status} is {@code ended}; results from {@code
 * GET /v1/messages/batches/{id}/results}, JSONL of {@code {custom_id, result: {type: succeeded |
 * errored | canceled | expired}}}. Limits: 100,000 requests or 256 MB per batch (Anthropic's batch
 * processing guide). The results are read from the documented path under the configured base URL,
 * not from the {@code results_url} an answer names, so the key only ever goes to the base URL.
 */
public final class AnthropicBatchApi implements BatchApi {
  /** Anthropic: 100,000 requests per batch. */
  static final int MAX_REQUESTS = 100_000;

  /** Anthropic: 256 MB per batch; the wrappers take a little of it. */
  static final long MAX_BYTES = 240L * 1024 * 1024;

  private final HttpTransport transport;
  private final ProviderEndpoint endpoint;
  private final String batchesUrl;
  private final List<Secret> secrets;

  public AnthropicBatchApi(HttpTransport transport, ProviderEndpoint endpoint) {
    if (endpoint.apiKey() == null) {
      throw new IllegalArgumentException(
          "Anthropic batches need an API key (ANTHROPIC_API_KEY) for " + endpoint.baseUrl());
    }
    this.transport = transport;
    this.endpoint = endpoint;
    this.batchesUrl = endpoint.baseUrl() + "/v1/messages/batches";
    this.secrets = List.of(endpoint.apiKey());
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.ANTHROPIC;
  }

  @Override
  public String providerName() {
    return AnthropicClient.PROVIDER;
  }

  @Override
  public int maxRequests() {
    return MAX_REQUESTS;
  }

  @Override
  public long maxBytes() {
    return MAX_BYTES;
  }

  @Override
  public String encode(ChatRequest request) {
    ModelRoute route = ModelRoute.of(request.modelId());
    if (route.provider() != ModelProvider.ANTHROPIC) {
      throw new IllegalArgumentException(
          "model '" + request.modelId() + "' is served by " + route.provider() + ", not Anthropic");
    }
    return AnthropicRequestEncoder.encode(request, route);
  }

  @Override
  public CompletableFuture<String> submit(List<BatchLine> lines) {
    StringBuilder body = new StringBuilder("{\"requests\":[");
    String separator = "";
    for (BatchLine line : lines) {
      body.append(separator)
          .append("{\"custom_id\":")
          .append(AnthropicJson.MAPPER.getNodeFactory().textNode(line.customId()))
          .append(",\"params\":")
          .append(line.body())
          .append('}');
      separator = ",";
    }
    body.append("]}");
    return transport
        .postJson(providerName(), batchesUrl, headers(), body.toString())
        .thenApply(reply -> json(reply).path("id").asText(""))
        .thenApply(
            id -> {
              if (id.isEmpty()) {
                throw new LlmException.InvalidResponse(
                    providerName(), 200, "the created batch has no id", "", null);
              }
              return id;
            });
  }

  @Override
  public CompletableFuture<BatchState> poll(String batchId) {
    return transport
        .get(providerName(), batchesUrl + "/" + batchId, headers())
        .thenApply(
            reply -> {
              String status = json(reply).path("processing_status").asText("");
              switch (status) {
                case "in_progress":
                case "canceling":
                  return new BatchState(batchId, BatchState.Phase.RUNNING, status, "", "");
                case "ended":
                  return new BatchState(batchId, BatchState.Phase.ENDED, status, "", "");
                default:
                  throw ProviderErrors.invalid(
                      providerName(),
                      reply,
                      "unknown processing_status '" + status + "'",
                      secrets,
                      null);
              }
            });
  }

  @Override
  public CompletableFuture<Map<String, LineResult>> results(
      BatchState ended, Map<String, String> modelIds) {
    return transport
        .get(providerName(), batchesUrl + "/" + ended.batchId() + "/results", headers())
        .thenApply(
            file -> {
              if (!file.isSuccess()) {
                throw ProviderErrors.fromReply(providerName(), file, secrets);
              }
              Map<String, LineResult> results = new HashMap<>();
              ResultLines.read(
                  providerName(),
                  file,
                  AnthropicJson.MAPPER,
                  secrets,
                  modelIds,
                  (line, modelId) -> result(line.path("result"), modelId),
                  results);
              return results;
            });
  }

  private LineResult result(JsonNode result, String modelId) {
    String type = result.path("type").asText("");
    switch (type) {
      case "succeeded":
        HttpReply message = new HttpReply(200, Map.of(), result.path("message").toString());
        try {
          return new LineResult.Answered(
              AnthropicResponseDecoder.decode(modelId, message, secrets).asBatchServed());
        } catch (LlmException e) {
          return new LineResult.Failed(e);
        }
      case "errored":
        // The error object of an online error answer: {type: error, error: {type, message}}.
        JsonNode error = result.path("error");
        int status = statusOf(error.path("error").path("type").asText(""));
        return new LineResult.Failed(
            ProviderErrors.fromReply(
                providerName(), new HttpReply(status, Map.of(), error.toString()), secrets));
      case "canceled":
      case "expired":
        return new LineResult.NotRun(type);
      default:
        return new LineResult.Failed(
            new LlmException.InvalidResponse(
                providerName(),
                200,
                "unknown result type '" + type + "'",
                result.toString(),
                null));
    }
  }

  /** The HTTP status Anthropic documents for each error type, so errors type as online. */
  static int statusOf(String errorType) {
    switch (errorType) {
      case "invalid_request_error":
        return 400;
      case "authentication_error":
        return 401;
      case "permission_error":
        return 403;
      case "not_found_error":
        return 404;
      case "request_too_large":
        return 413;
      case "rate_limit_error":
        return 429;
      case "overloaded_error":
        return 529;
      default:
        return 500; // api_error
    }
  }

  private JsonNode json(HttpReply reply) {
    return ProviderErrors.jsonObject(providerName(), reply, AnthropicJson.MAPPER, secrets);
  }

  private Map<String, String> headers() {
    return Map.of(
        "x-api-key", endpoint.apiKey().reveal(), "anthropic-version", AnthropicClient.API_VERSION);
  }

  @Override
  public String toString() {
    return "AnthropicBatchApi[" + endpoint + "]";
  }
}
