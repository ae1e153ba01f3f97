package ai.dataframer.beam.io.llm.openai;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.LlmException;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The OpenAI Batch API for Chat Completions: the requests as a JSONL file ({@code POST /files},
 * multipart, {@code purpose=batch}; each line {@code {custom_id, method, url, body}} with the body
 * the online call would send), a batch over it ({@code POST /batches} with {@code
 * completion_window: "24h"}), polled with {@code GET /batches/{id}}, results read from its output
 * and error files ({@code GET /files/{id}/content}). Limits: 50,000 requests and 200 MB per input
 * file (OpenAI's Batch API reference). Together's Batch API is OpenAI-shaped but takes other upload
 * fields, so Together stays online (docs/ARCHITECTURE.md section 7, "Batch mode").
 */
public final class OpenAiBatchApi implements BatchApi {
  static final String ENDPOINT = "/v1/chat/completions";

  /** OpenAI: 50,000 requests per batch. */
  static final int MAX_REQUESTS = 50_000;

  /** OpenAI: 200 MB per input file; the line wrappers take a little of it. */
  static final long MAX_BYTES = 190L * 1024 * 1024;

  private final HttpTransport transport;
  private final ProviderEndpoint endpoint;
  private final OpenAiChatClient online;
  private final List<Secret> secrets;

  public OpenAiBatchApi(HttpTransport transport, ProviderEndpoint endpoint) {
    this.online = OpenAiChatClient.openAi(transport, endpoint);
    this.transport = transport;
    this.endpoint = endpoint;
    this.secrets = List.of(endpoint.apiKey());
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OPENAI;
  }

  @Override
  public String providerName() {
    return "openai";
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
    return ChatCompletionsEncoder.toJson(online.body(request, online.route(request)));
  }

  @Override
  public CompletableFuture<String> submit(List<BatchLine> lines) {
    StringBuilder jsonl = new StringBuilder();
    for (BatchLine line : lines) {
      // The body goes in as written, so a batch line is byte for byte the online request.
      jsonl
          .append("{\"custom_id\":")
          .append(quote(line.customId()))
          .append(",\"method\":\"POST\",\"url\":\"")
          .append(ENDPOINT)
          .append("\",\"body\":")
          .append(line.body())
          .append("}\n");
    }
    String boundary = "dataframer-" + UUID.randomUUID();
    String form =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\""
            + "\r\nContent-Type: application/jsonl\r\n\r\n"
            + jsonl
            + "\r\n--"
            + boundary
            + "--\r\n";
    return transport
        .post(
            providerName(),
            endpoint.baseUrl() + "/files",
            headers(),
            "multipart/form-data; boundary=" + boundary,
            form)
        .thenCompose(
            uploaded -> {
              String fileId = field(uploaded, "id");
              ObjectNode create = ChatCompletionsEncoder.JSON.createObjectNode();
              create
                  .put("input_file_id", fileId)
                  .put("endpoint", ENDPOINT)
                  .put("completion_window", "24h");
              return transport.postJson(
                  providerName(), endpoint.baseUrl() + "/batches", headers(), create.toString());
            })
        .thenApply(created -> field(created, "id"));
  }

  @Override
  public CompletableFuture<BatchState> poll(String batchId) {
    return transport
        .get(providerName(), endpoint.baseUrl() + "/batches/" + batchId, headers())
        .thenApply(
            reply -> {
              JsonNode batch = json(reply);
              String status = batch.path("status").asText("");
              switch (status) {
                case "validating":
                case "in_progress":
                case "finalizing":
                case "cancelling":
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
                  StringBuilder why = new StringBuilder();
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
    if (code.equals("batch_expired") || code.equals("batch_cancelled")) {
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
    // An error with no response: request_timeout is worth another try, the rest is not.
    HttpReply reply =
        new HttpReply(code.equals("request_timeout") ? 504 : 400, Map.of(), error.toString());
    return new LineResult.Failed(ProviderErrors.fromReply(providerName(), reply, secrets));
  }

  private String field(HttpReply reply, String name) {
    String value = json(reply).path(name).asText("");
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
    return "OpenAiBatchApi[" + endpoint + "]";
  }
}
