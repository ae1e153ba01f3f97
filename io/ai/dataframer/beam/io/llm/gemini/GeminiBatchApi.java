package ai.dataframer.beam.io.llm.gemini;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.batch.BatchApi;
import ai.dataframer.beam.io.llm.batch.BatchLine;
import ai.dataframer.beam.io.llm.batch.BatchState;
import ai.dataframer.beam.io.llm.batch.LineResult;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import ai.dataframer.beam.io.llm.http.ProviderErrors;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Gemini's Batch API with inline requests: {@code POST
 * {baseUrl}/v1beta/models/{model}:batchGenerateContent} with {@code {batch: {displayName,
 * inputConfig: {requests: {requests: [{request, metadata: {key}}]}}}}}, where each request is the
 * body the online {@code generateContent} call would send and the key is the custom id; the answer
 * is a long-running operation named {@code batches/{id}}, polled with {@code GET
 * {baseUrl}/v1beta/batches/{id}} until {@code metadata.state} ends; the results are the operation's
 * {@code response.inlinedResponses.inlinedResponses[]}, each {@code {response | error:
 * google.rpc.Status, metadata: {key}}}, read with the online decoder ({@link GeminiAnswer}, {@link
 * GeminiErrors}). Sources: the Batch API guide (ai.google.dev/gemini-api/docs/batch-api) and
 * reference (ai.google.dev/api/batch-mode), and the field names of googleapis/python-genai's
 * batches.py ({@code _BatchJobSource_to_mldev}, {@code _BatchJob_from_mldev}).
 *
 * <p>Inline, not a JSONL file through the File API: the guide puts inline batches at a total
 * request size under 20 MB and file batches at up to 2 GB. The queues split a round at {@link
 * #maxBytes()}, so a larger round goes out as several inline batches; uploading a file (a resumable
 * upload to {@code /upload/v1beta/files}) and downloading its results file would make them one. The
 * guide documents no limit on the number of requests per batch.
 *
 * <p>States: the REST answer carries {@code BATCH_STATE_*} (python-genai's {@code t_job_state}
 * renames them) while the guide's REST examples test {@code JOB_STATE_*}; both are read. A batch
 * that was pending or running for 48 hours ends {@code EXPIRED} with no results (the guide's target
 * is 24 hours), as does a cancelled one: all its requests are reported not run, so the queues
 * resubmit them once and then fail them as {@link LlmException.BatchExpired}.
 */
public final class GeminiBatchApi implements BatchApi {
  /**
   * The guide documents no limit on requests per batch; OpenAI's 50,000 bounds the one answer that
   * carries every inline result.
   */
  static final int MAX_REQUESTS = 50_000;

  /**
   * Gemini: inline batches under 20 MB of requests in total; the wrappers ({@code request}, {@code
   * metadata.key}, about 50 bytes a line) take a little of it.
   */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  /** A batch id as it follows {@code batches/} in an operation's name. */
  private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]+");

  private final HttpTransport transport;
  private final ProviderEndpoint endpoint;
  private final GeminiClient online;
  private final List<Secret> secrets;

  /**
   * @param catalog the online client's catalog: lines route (and so encode) as its calls do
   */
  public GeminiBatchApi(
      HttpTransport transport, ProviderEndpoint endpoint, ModelCatalogData catalog) {
    this.online = new GeminiClient(transport, endpoint, catalog);
    this.transport = transport;
    this.endpoint = endpoint;
    this.secrets = List.of(endpoint.apiKey());
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.GEMINI;
  }

  @Override
  public String providerName() {
    return GeminiClient.PROVIDER;
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
    return online.body(request);
  }

  /**
   * Creates the batch. Fails with an {@link IllegalArgumentException} when the lines are not all of
   * one model: a Gemini batch names its model in the URL.
   */
  @Override
  public CompletableFuture<String> submit(List<BatchLine> lines) {
    String url;
    StringBuilder body = new StringBuilder();
    try {
      ModelRoute route = online.route(lines.get(0).modelId());
      url = online.modelUrl(route, "batchGenerateContent");
      body.append("{\"batch\":{\"displayName\":")
          .append(quote("dataframer-beam " + lines.size() + " requests"))
          .append(",\"inputConfig\":{\"requests\":{\"requests\":[");
      String separator = "";
      for (BatchLine line : lines) {
        if (!online.route(line.modelId()).apiModel().equals(route.apiModel())) {
          throw new IllegalArgumentException(
              "a Gemini batch is of one model: " + line.modelId() + " is not " + route.apiModel());
        }
        // The body goes in as written, so a batch line is byte for byte the online request.
        body.append(separator)
            .append("{\"request\":")
            .append(line.body())
            .append(",\"metadata\":{\"key\":")
            .append(quote(line.customId()))
            .append("}}");
        separator = ",";
      }
      body.append("]}}}}");
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return CompletableFuture.failedFuture(e);
    }
    return transport
        .postJson(providerName(), url, headers(), body.toString())
        .thenApply(this::batchId);
  }

  /** The id of {@code batches/{id}}, the created operation's name. */
  private String batchId(HttpReply created) {
    String name = json(created).path("name").asText("");
    String id = name.startsWith("batches/") ? name.substring("batches/".length()) : "";
    if (!BATCH_ID.matcher(id).matches()) {
      throw ProviderErrors.invalid(
          providerName(), created, "the created batch has no name batches/{id}", secrets, null);
    }
    return id;
  }

  @Override
  public CompletableFuture<BatchState> poll(String batchId) {
    return getBatch(batchId).thenApply(reply -> state(batchId, reply, json(reply)));
  }

  private BatchState state(String batchId, HttpReply reply, JsonNode operation) {
    String status = operation.path("metadata").path("state").asText("");
    JsonNode error = operation.path("error");
    if (error.isObject()) {
      // The operation itself failed: google.rpc.Status.
      return new BatchState(
          batchId,
          BatchState.Phase.FAILED,
          status,
          "",
          error.path("code").asText("") + " " + error.path("message").asText(""));
    }
    switch (status.replaceFirst("^(BATCH|JOB)_STATE_", "")) {
      case "PENDING":
      case "RUNNING":
        return new BatchState(batchId, BatchState.Phase.RUNNING, status, "", "");
      case "SUCCEEDED":
      case "EXPIRED":
      case "CANCELLED":
        return new BatchState(batchId, BatchState.Phase.ENDED, status, "", "");
      case "FAILED":
        return new BatchState(batchId, BatchState.Phase.FAILED, status, "", "the batch failed");
      default:
        throw ProviderErrors.invalid(
            providerName(), reply, "unknown batch state '" + status + "'", secrets, null);
    }
  }

  @Override
  public CompletableFuture<Map<String, LineResult>> results(
      BatchState ended, Map<String, String> modelIds) {
    if (!ended.providerStatus().endsWith("_SUCCEEDED")) {
      // Expired or cancelled: Gemini runs none of an unfinished batch's requests.
      Map<String, LineResult> notRun = new HashMap<>();
      modelIds
          .keySet()
          .forEach(id -> notRun.put(id, new LineResult.NotRun(ended.providerStatus())));
      return CompletableFuture.completedFuture(notRun);
    }
    return getBatch(ended.batchId()).thenApply(reply -> inlined(reply, modelIds));
  }

  /** The inline results of a succeeded batch, by metadata key, for the keys in {@code modelIds}. */
  private Map<String, LineResult> inlined(HttpReply reply, Map<String, String> modelIds) {
    JsonNode operation = json(reply);
    JsonNode output = operation.path("response");
    if (!output.has("inlinedResponses")) {
      output = operation.path("metadata").path("output"); // the same output, as the SDKs read it
    }
    JsonNode responses = output.path("inlinedResponses");
    if (responses.isObject()) {
      responses = responses.path("inlinedResponses");
    }
    if (!responses.isArray()) {
      throw ProviderErrors.invalid(
          providerName(), reply, "a succeeded batch has no inlinedResponses", secrets, null);
    }
    Map<String, LineResult> results = new HashMap<>();
    for (JsonNode line : responses) {
      String key = line.path("metadata").path("key").asText("");
      String modelId = modelIds.get(key);
      if (modelId != null) {
        results.put(key, result(line, modelId));
      }
    }
    return results;
  }

  private LineResult result(JsonNode line, String modelId) {
    JsonNode response = line.path("response");
    if (response.isObject()) {
      try {
        return new LineResult.Answered(
            GeminiAnswer.parse(modelId, new HttpReply(200, Map.of(), response.toString()), secrets)
                .asBatchServed());
      } catch (LlmException e) {
        return new LineResult.Failed(e);
      }
    }
    JsonNode error = line.path("error");
    if (error.isObject()) {
      return new LineResult.Failed(GeminiErrors.fromBatchStatus(error, secrets));
    }
    return new LineResult.Failed(
        new LlmException.InvalidResponse(
            providerName(), 200, "a batch result has no response and no error", "", null));
  }

  private CompletableFuture<HttpReply> getBatch(String batchId) {
    return transport.get(
        providerName(), endpoint.baseUrl() + "/v1beta/batches/" + batchId, headers());
  }

  private JsonNode json(HttpReply reply) {
    if (!reply.isSuccess()) {
      throw GeminiErrors.fromReply(reply, secrets);
    }
    return ProviderErrors.jsonObject(providerName(), reply, GeminiJson.MAPPER, secrets);
  }

  private Map<String, String> headers() {
    return Map.of("x-goog-api-key", endpoint.apiKey().reveal());
  }

  private static String quote(String text) {
    return GeminiJson.MAPPER.getNodeFactory().textNode(text).toString();
  }

  @Override
  public String toString() {
    return "GeminiBatchApi[" + endpoint + "]";
  }
}
