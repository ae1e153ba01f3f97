package ai.dataframer.beam.io.llm.openai;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelCatalogData;
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
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The OpenAI-shaped Batch APIs for Chat Completions, OpenAI's and Together's ({@link Dialect}): the
 * requests as a JSONL file uploaded multipart, each line's body the one the online call would send;
 * a batch over it ({@code POST /batches} with {@code endpoint: /v1/chat/completions} and {@code
 * completion_window: "24h"}), polled with {@code GET /batches/{id}}, results read by custom id from
 * its output and error files ({@code GET /files/{id}/content}) through the online decoder.
 */
public final class OpenAiBatchApi implements BatchApi {
  static final String ENDPOINT = "/v1/chat/completions";

  /** Error codes of requests the batch did not run (OpenAI's; Together leaves them out). */
  private static final Set<String> NOT_RUN_CODES = Set.of("batch_expired", "batch_cancelled");

  /**
   * The online status an error line's code stands for when the line carries no response: timeouts
   * (OpenAI {@code request_timeout}, Together {@code timeout}) and server trouble are worth another
   * try, the rest (Together's {@code invalid_model}, ...) is permanent. Together documents no more
   * codes than its examples, so an unknown code is a permanent 400.
   */
  private static final Map<String, Integer> STATUS_OF_ERROR_CODE =
      Map.of(
          "request_timeout", 504,
          "timeout", 504,
          "rate_limit_exceeded", 429,
          "server_error", 500,
          "internal_error", 500);

  /**
   * Where OpenAI's and Together's batch APIs differ. OpenAI (Batch API reference): upload {@code
   * POST /files} with {@code purpose=batch}, lines {@code {custom_id, method, url, body}}, the
   * batch object answered as is, lower-case statuses, 50,000 requests and 200 MB per file. Together
   * (docs.together.ai: API reference "Upload a file" and "Create a batch job", batch overview and
   * "Manage batch jobs"): upload {@code POST /files/upload} with {@code purpose=batch-api}, {@code
   * file_name} and {@code file_type=jsonl}; lines {@code {custom_id, body}} (the endpoint is the
   * batch's); the created batch wrapped as {@code {job: {...}}}; upper-case statuses ({@code
   * VALIDATING}, {@code IN_PROGRESS}, {@code COMPLETED}, {@code FAILED}, {@code EXPIRED}, {@code
   * CANCELLED}); a failed batch's reason in {@code error}; 50,000 requests and 100 MB per file.
   */
  public enum Dialect {
    OPENAI(ModelProvider.OPENAI, "openai", 50_000, 190L * 1024 * 1024, "/files", "batch"),
    TOGETHER(
        ModelProvider.TOGETHER,
        "together",
        50_000,
        95L * 1024 * 1024,
        "/files/upload",
        "batch-api");

    final ModelProvider provider;
    final String providerName;
    final int maxRequests;

    /** Below the provider's file size limit: the line wrappers take a little of it. */
    final long maxBytes;

    final String uploadPath;
    final String purpose;

    Dialect(
        ModelProvider provider,
        String providerName,
        int maxRequests,
        long maxBytes,
        String uploadPath,
        String purpose) {
      this.provider = provider;
      this.providerName = providerName;
      this.maxRequests = maxRequests;
      this.maxBytes = maxBytes;
      this.uploadPath = uploadPath;
      this.purpose = purpose;
    }
  }

  private final Dialect dialect;
  private final HttpTransport transport;
  private final ProviderEndpoint endpoint;
  private final OpenAiChatClient online;
  private final List<Secret> secrets;

  /** OpenAI's Batch API, routing with the bundled model catalog. */
  public OpenAiBatchApi(HttpTransport transport, ProviderEndpoint endpoint) {
    this(Dialect.OPENAI, transport, endpoint, ModelCatalogData.bundled());
  }

  /**
   * @param catalog the job's model catalog, the online client's: a model id a {@code
   *     --model-catalog} re-points (Together's retired ids) is sent under the same name either way
   */
  public OpenAiBatchApi(
      Dialect dialect,
      HttpTransport transport,
      ProviderEndpoint endpoint,
      ModelCatalogData catalog) {
    // The online client of the same provider encodes the lines, so they are its bodies.
    this.online = new OpenAiChatClient(transport, endpoint, dialect.provider, catalog);
    this.dialect = dialect;
    this.transport = transport;
    this.endpoint = endpoint;
    this.secrets = List.of(endpoint.apiKey());
  }

  /** Together's Batch API, routing with the bundled model catalog. */
  public static OpenAiBatchApi together(HttpTransport transport, ProviderEndpoint endpoint) {
    return new OpenAiBatchApi(Dialect.TOGETHER, transport, endpoint, ModelCatalogData.bundled());
  }

  @Override
  public ModelProvider provider() {
    return dialect.provider;
  }

  @Override
  public String providerName() {
    return dialect.providerName;
  }

  @Override
  public int maxRequests() {
    return dialect.maxRequests;
  }

  @Override
  public long maxBytes() {
    return dialect.maxBytes;
  }

  @Override
  public String encode(ChatRequest request) {
    return ChatCompletionsEncoder.toJson(online.body(request, online.route(request)));
  }

  @Override
  public CompletableFuture<String> submit(List<BatchLine> lines) {
    StringBuilder jsonl = new StringBuilder();
    for (BatchLine line : lines) {
      // The body goes in as written, so a batch line is byte for byte the online request.
      // Together names the endpoint once, on the batch; OpenAI on every line.
      jsonl.append("{\"custom_id\":").append(quote(line.customId()));
      if (dialect == Dialect.OPENAI) {
        jsonl.append(",\"method\":\"POST\",\"url\":\"").append(ENDPOINT).append('"');
      }
      jsonl.append(",\"body\":").append(line.body()).append("}\n");
    }
    String boundary = "dataframer-" + UUID.randomUUID();
    StringBuilder form = new StringBuilder();
    formField(form, boundary, "purpose", dialect.purpose);
    if (dialect == Dialect.TOGETHER) {
      formField(form, boundary, "file_name", "batch.jsonl");
      formField(form, boundary, "file_type", "jsonl");
    }
    form.append("--")
        .append(boundary)
        .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"")
        .append("\r\nContent-Type: application/jsonl\r\n\r\n")
        .append(jsonl)
        .append("\r\n--")
        .append(boundary)
        .append("--\r\n");
    return transport
        .post(
            providerName(),
            endpoint.baseUrl() + dialect.uploadPath,
            headers(),
            "multipart/form-data; boundary=" + boundary,
            form.toString())
        .thenCompose(
            uploaded -> {
              String fileId = field(json(uploaded), uploaded, "id");
              ObjectNode create = ChatCompletionsEncoder.JSON.createObjectNode();
              create
                  .put("input_file_id", fileId)
                  .put("endpoint", ENDPOINT)
                  .put("completion_window", "24h");
              return transport.postJson(
                  providerName(), endpoint.baseUrl() + "/batches", headers(), create.toString());
            })
        .thenApply(created -> field(createdBatch(created), created, "id"));
  }

  private static void formField(StringBuilder form, String boundary, String name, String value) {
    form.append("--")
        .append(boundary)
        .append("\r\nContent-Disposition: form-data; name=\"")
        .append(name)
        .append("\"\r\n\r\n")
        .append(value)
        .append("\r\n");
  }

  /** The batch in a create answer: Together wraps it in {@code job}, OpenAI does not. */
  private JsonNode createdBatch(HttpReply created) {
    JsonNode answer = json(created);
    return dialect == Dialect.TOGETHER && answer.path("job").isObject()
        ? answer.path("job")
        : answer;
  }

  @Override
  public CompletableFuture<BatchState> poll(String batchId) {
    return transport
        .get(providerName(), endpoint.baseUrl() + "/batches/" + batchId, headers())
        .thenApply(
            reply -> {
              JsonNode batch = json(reply);
              String status = batch.path("status").asText("");
              // Together's statuses are OpenAI's in upper case (its SDK also has CANCELING).
              switch (status.toLowerCase(Locale.ROOT)) {
                case "validating":
                case "in_progress":
                case "finalizing":
                case "cancelling":
                case "canceling":
                  return new BatchState(batchId, BatchState.Phase.RUNNING, status, "", "");
                case "completed":
                case "expired":
                case "cancelled":
                  return new BatchState(
                      batchId,
                      BatchState.Phase.ENDED,
                      status,
                      batch.path("output_file_id").asText("")
                          + "\n"
                          + batch.path("error_file_id").asText(""),
                      "");
                case "failed":
                  StringBuilder why = new StringBuilder(batch.path("error").asText(""));
                  for (JsonNode error : batch.path("errors").path("data")) {
                    why.append(why.length() == 0 ? "" : "; ")
                        .append(error.path("code").asText(""))
                        .append(' ')
                        .append(error.path("message").asText(""));
                  }
                  return new BatchState(
                      batchId, BatchState.Phase.FAILED, status, "", why.toString().strip());
                default:
                  throw ProviderErrors.invalid(
                      providerName(),
                      reply,
                      "unknown batch status '" + status + "'",
                      secrets,
                      null);
              }
            });
  }

  @Override
  public CompletableFuture<Map<String, LineResult>> results(
      BatchState ended, Map<String, String> modelIds) {
    String[] files = ended.resultsLocator().split("\n", -1);
    CompletableFuture<Map<String, LineResult>> all =
        CompletableFuture.completedFuture(new HashMap<>());
    for (String fileId : files) {
      if (fileId.isBlank()) {
        continue;
      }
      all =
          all.thenCombine(
              transport.get(
                  providerName(), endpoint.baseUrl() + "/files/" + fileId + "/content", headers()),
              (results, reply) -> {
                if (!reply.isSuccess()) {
                  throw ProviderErrors.fromReply(providerName(), reply, secrets);
                }
                readLines(reply, modelIds, results);
                return results;
              });
    }
    return all;
  }

  private void readLines(
      HttpReply file, Map<String, String> modelIds, Map<String, LineResult> out) {
    ResultLines.read(
        providerName(),
        file,
        ChatCompletionsEncoder.JSON,
        secrets,
        modelIds,
        (line, modelId) -> result(line, modelId, file),
        out);
  }

  private LineResult result(JsonNode line, String modelId, HttpReply file) {
    JsonNode error = line.path("error");
    String code = error.path("code").asText("");
    if (NOT_RUN_CODES.contains(code)) {
      return new LineResult.NotRun(code + ": " + error.path("message").asText(""));
    }
    JsonNode response = line.path("response");
    if (response.isObject()) {
      int status = response.path("status_code").asInt(0);
      HttpReply reply = new HttpReply(status, Map.of(), response.path("body").toString());
      try {
        return new LineResult.Answered(
            ChatCompletionsDecoder.read(providerName(), modelId, reply, secrets).asBatchServed());
      } catch (LlmException e) {
        return new LineResult.Failed(e);
      }
    }
    // An error with no response, as Together writes its error file ({custom_id, error: {message,
    // code}}): the code stands for the status the online call would have had.
    HttpReply reply =
        new HttpReply(
            STATUS_OF_ERROR_CODE.getOrDefault(code, 400), Map.of(), errorBody(error).toString());
    return new LineResult.Failed(ProviderErrors.fromReply(providerName(), reply, secrets));
  }

  /** An error line's error as the online error body ({@code {error: {...}}}) decoders read. */
  private static JsonNode errorBody(JsonNode error) {
    ObjectNode body = ChatCompletionsEncoder.JSON.createObjectNode();
    body.set("error", error.isObject() ? error : body.textNode(error.asText("")));
    return body;
  }

  private String field(JsonNode answer, HttpReply reply, String name) {
    String value = answer.path(name).asText("");
    if (value.isEmpty()) {
      throw ProviderErrors.invalid(
          providerName(), reply, "the answer has no " + name, secrets, null);
    }
    return value;
  }

  private JsonNode json(HttpReply reply) {
    return ProviderErrors.jsonObject(providerName(), reply, ChatCompletionsEncoder.JSON, secrets);
  }

  private Map<String, String> headers() {
    return Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal());
  }

  private static String quote(String text) {
    return ChatCompletionsEncoder.JSON.getNodeFactory().textNode(text).toString();
  }

  @Override
  public String toString() {
    return "OpenAiBatchApi[" + dialect.providerName + ", " + endpoint + "]";
  }
}
