package ai.dataframer.beam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;

/**
 * Gemini's Batch API on the fake provider server, inline requests only: {@code POST
 * /v1beta/models/{model}:batchGenerateContent} with {@code {batch: {displayName, inputConfig:
 * {requests: {requests: [{request, metadata: {key}}]}}}}} (proto JSON: camelCase or snake_case
 * names) answers a long-running operation {@code batches/{id}}, and {@code GET
 * /v1beta/batches/{id}} reports its {@code metadata.state} and, once succeeded, {@code
 * response.inlinedResponses.inlinedResponses[]} of {@code {response | error: google.rpc.Status,
 * metadata: {key}}}.
 *
 * <p>It shares {@link FakeBatchApis}'s settings and records (polls to complete, expiry and error
 * rates, the batches created), so a test scripts every provider's batches alike. Each request is
 * answered as the online call with the same body and model would be. Gemini expires whole batches
 * (48 hours pending or running, no results), never single requests: the fake expires a batch whose
 * requests are all on their first submission and hold one chosen to expire (with every submission
 * expiring, any batch holding one), so no request expires twice unless asked. Malformed bodies get
 * the 400 the real API gives (no display name, no requests, a request without contents or a key, a
 * key twice, a request for another model, over 20 MB), an unknown path a 404.
 */
public final class FakeGeminiBatchApi {
  private static final Pattern CREATE =
      Pattern.compile("/v1beta/models/([a-z0-9][a-z0-9.-]*):batchGenerateContent");
  private static final Pattern BATCH = Pattern.compile("/v1beta/batches/([A-Za-z0-9_-]+)");

  /** The guide's limit on an inline batch's total request size. */
  static final int INLINE_LIMIT_BYTES = 20 * 1024 * 1024;

  private final FakeProviderServer server;
  private final FakeBatchApis shared;
  private final Map<String, String> models = new ConcurrentHashMap<>();
  private final Map<String, FakeBatchApis.Created> batches = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  FakeGeminiBatchApi(FakeProviderServer server, FakeBatchApis shared) {
    this.server = server;
    this.shared = shared;
  }

  boolean handles(String path) {
    return path.startsWith("/v1beta/batches")
        || (path.startsWith("/v1beta/") && path.endsWith(":batchGenerateContent"));
  }

  MockResponse serve(String method, String path, Map<String, String> headers, String raw) {
    if (!server.authorizedFor(FakeWire.GEMINI, headers)) {
      return error(401);
    }
    Matcher m;
    if (method.equals("POST") && (m = CREATE.matcher(path)).matches()) {
      try {
        return create(m.group(1), raw);
      } catch (IOException | RuntimeException e) {
        return error(400);
      }
    }
    if (method.equals("GET") && (m = BATCH.matcher(path)).matches()) {
      return poll(m.group(1), headers);
    }
    return error(404);
  }

  private MockResponse create(String model, String raw) throws IOException {
    if (raw.getBytes(StandardCharsets.UTF_8).length > INLINE_LIMIT_BYTES) {
      return error(400);
    }
    JsonNode batch = FakeWire.JSON.readTree(raw).path("batch");
    JsonNode input = field(batch, "inputConfig", "input_config");
    if (field(batch, "displayName", "display_name").asText("").isEmpty() || !input.isObject()) {
      return error(400);
    }
    Map<String, String> bodies = new LinkedHashMap<>();
    for (JsonNode item : input.path("requests").path("requests")) {
      JsonNode request = item.path("request");
      String key = item.path("metadata").path("key").asText("");
      String named = request.path("model").asText("models/" + model);
      if (!request.path("contents").isArray()
          || key.isEmpty()
          || bodies.containsKey(key)
          || !named.equals("models/" + model)) {
        return error(400);
      }
      bodies.put(key, request.toString());
    }
    if (bodies.isEmpty()) {
      return error(400); // no inline requests (the fake takes no input file)
    }
    String id = "gembatch" + ids.incrementAndGet();
    FakeBatchApis.Created created = shared.register(FakeWire.GEMINI, id, bodies);
    models.put(id, model);
    batches.put(id, created);
    return json(200, operation(created, "BATCH_STATE_PENDING").toString());
  }

  private MockResponse poll(String id, Map<String, String> headers) {
    FakeBatchApis.Created batch = batches.get(id);
    if (batch == null) {
      return error(404);
    }
    if (!ended(batch, headers)) {
      return json(200, operation(batch, "BATCH_STATE_RUNNING").toString());
    }
    boolean expired = batch.results.values().stream().allMatch(r -> r[0].equals("expired"));
    return json(
        200,
        operation(batch, expired ? "BATCH_STATE_EXPIRED" : "BATCH_STATE_SUCCEEDED").toString());
  }

  /**
   * Counts a poll; at the configured one the batch ends, expired whole or every request answered.
   */
  private synchronized boolean ended(FakeBatchApis.Created batch, Map<String, String> headers) {
    if (batch.results != null) {
      return true;
    }
    batch.polls++;
    if (batch.polls < shared.pollsToComplete) {
      return false;
    }
    boolean allFirst = batch.firstSubmission.values().stream().allMatch(first -> first);
    boolean expires =
        (allFirst || shared.expiringEverySubmission)
            && batch.batch.bodies().values().stream()
                .anyMatch(body -> FakeBatchApis.chosen(body, shared.expiryRate, 17));
    Map<String, String[]> results = new LinkedHashMap<>();
    String model = models.get(batch.batch.id());
    batch
        .batch
        .bodies()
        .forEach(
            (key, body) -> {
              if (expires) {
                results.put(key, new String[] {"expired", "0", ""});
                shared.expired.add(body);
              } else if (batch.firstSubmission.get(key)
                  && FakeBatchApis.chosen(body, shared.errorRate, 31)) {
                int status = shared.errorStatus;
                results.put(
                    key,
                    new String[] {
                      "errored", String.valueOf(status), FakeWire.GEMINI.error(status)
                    });
              } else {
                results.put(key, shared.answered(FakeWire.GEMINI, model, headers, body));
              }
            });
    batch.results = results;
    return true;
  }

  /** The batch as a long-running operation in {@code state}, with its output once succeeded. */
  private ObjectNode operation(FakeBatchApis.Created batch, String state) {
    String name = "batches/" + batch.batch.id();
    ObjectNode operation = FakeWire.JSON.createObjectNode();
    operation.put("name", name);
    ObjectNode metadata = operation.putObject("metadata");
    metadata
        .put(
            "@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch")
        .put("model", "models/" + models.get(batch.batch.id()))
        .put("displayName", "batch")
        .put("createTime", "2026-12-01T00:00:00Z")
        .put("updateTime", "2026-12-01T00:00:00Z")
        .put("name", name)
        .put("state", state);
    metadata
        .putObject("batchStats")
        .put("requestCount", String.valueOf(batch.batch.bodies().size()));
    if (state.equals("BATCH_STATE_PENDING") || state.equals("BATCH_STATE_RUNNING")) {
      return operation;
    }
    operation.put("done", true);
    if (state.equals("BATCH_STATE_SUCCEEDED")) {
      ObjectNode output = FakeWire.JSON.createObjectNode();
      output.put(
          "@type",
          "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput");
      ArrayNode lines = output.putObject("inlinedResponses").putArray("inlinedResponses");
      batch.results.forEach((key, r) -> lines.add(line(key, r)));
      metadata.set("output", output);
      operation.set("response", output);
    }
    return operation;
  }

  private static ObjectNode line(String key, String[] result) {
    ObjectNode line = FakeWire.JSON.createObjectNode();
    JsonNode body = parse(result[2]);
    if (result[0].equals("succeeded")) {
      line.set("response", body);
    } else {
      // A google.rpc.Status: the gRPC code, not the HTTP status of the online error.
      JsonNode online = body.path("error");
      ObjectNode status = line.putObject("error");
      status
          .put("code", grpcCode(Integer.parseInt(result[1])))
          .put("message", online.path("message").asText("fake error " + result[1]));
      if (online.has("details")) {
        status.set("details", online.get("details"));
      }
    }
    line.putObject("metadata").put("key", key);
    return line;
  }

  /** google.rpc.Code for an HTTP status, as Google maps them. */
  private static int grpcCode(int http) {
    switch (http) {
      case 400:
        return 3;
      case 401:
        return 16;
      case 403:
        return 7;
      case 404:
        return 5;
      case 429:
        return 8;
      case 503:
        return 14;
      case 504:
        return 4;
      case 500:
        return 13;
      default:
        return 2;
    }
  }

  /** A proto JSON field, which parsers take in either spelling. */
  private static JsonNode field(JsonNode node, String camel, String snake) {
    return node.has(camel) ? node.path(camel) : node.path(snake);
  }

  private static JsonNode parse(String json) {
    try {
      return FakeWire.JSON.readTree(json);
    } catch (IOException e) {
      return FakeWire.JSON.getNodeFactory().textNode(json);
    }
  }

  private static MockResponse error(int status) {
    return json(status, FakeWire.GEMINI.error(status));
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .addHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
