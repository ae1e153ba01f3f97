package ai.dataframer.beam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;

/**
 * The batch APIs of the fake provider server, in each provider's documented shapes: OpenAI's
 * ({@code POST /v1/files} multipart with {@code purpose=batch}, {@code POST /v1/batches}, {@code
 * GET /v1/batches/{id}}, {@code GET /v1/files/{id}/content}) and Anthropic's Message Batches
 * ({@code POST /v1/messages/batches}, {@code GET /v1/messages/batches/{id}}, {@code GET
 * /v1/messages/batches/{id}/results}). Each request of a batch is answered as the online call with
 * the same body would be (the server's responder, schema rules and faults), once a batch has been
 * polled {@link #completingAfterPolls} times. Scripted trouble: requests that expire on their first
 * submission (or on every one), and requests that error on their first submission. Every batch
 * created is recorded, so tests count submissions. Together's batch API ({@link
 * FakeTogetherBatchApi}) speaks its own shapes over the requests this decides and records.
 */
public final class FakeBatchApis {
  private static final Pattern OPENAI_BATCH = Pattern.compile("/v1/batches/([^/]+)");
  private static final Pattern OPENAI_FILE = Pattern.compile("/v1/files/([^/]+)/content");
  private static final Pattern ANTHROPIC_BATCH = Pattern.compile("/v1/messages/batches/([^/]+)");
  private static final Pattern ANTHROPIC_RESULTS =
      Pattern.compile("/v1/messages/batches/([^/]+)/results");
  private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final Pattern FORM_NAME = Pattern.compile("name=\"([^\"]+)\"");

  /** A batch as created: its wire, id, and the custom ids and bodies of its requests. */
  public record Batch(FakeWire wire, String id, Map<String, String> bodies) {}

  private final FakeProviderServer server;
  private final Map<String, String> files = new ConcurrentHashMap<>();
  private final Map<String, Created> batches = new ConcurrentHashMap<>();
  private final List<Batch> created = new CopyOnWriteArrayList<>();
  final List<String> expired = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Set<String> submittedBodies = ConcurrentHashMap.newKeySet();
  volatile int pollsToComplete = 1;
  volatile double expiryRate;
  volatile boolean expiringEverySubmission;
  volatile double errorRate;
  volatile int errorStatus = 500;

  /** A created batch and what the fake decided for its requests (Together's fake reads it). */
  static final class Created {
    final Batch batch;
    final Map<String, Boolean> firstSubmission;
    int polls;
    Map<String, String[]> results; // custom id -> {kind, status, body}

    Created(Batch batch, Map<String, Boolean> firstSubmission) {
      this.batch = batch;
      this.firstSubmission = firstSubmission;
    }
  }

  FakeBatchApis(FakeProviderServer server) {
    this.server = server;
  }

  /** A batch ends at its n-th poll (never with {@link Integer#MAX_VALUE}). */
  public FakeBatchApis completingAfterPolls(int polls) {
    this.pollsToComplete = polls;
    return this;
  }

  /** This share of requests (chosen by body) expires on their first submission. */
  public FakeBatchApis expiringAtRate(double rate) {
    this.expiryRate = rate;
    this.expiringEverySubmission = false;
    return this;
  }

  /** This share of requests (chosen by body) expires on every submission. */
  public FakeBatchApis expiringEverySubmissionAtRate(double rate) {
    this.expiryRate = rate;
    this.expiringEverySubmission = true;
    return this;
  }

  /** This share of requests (chosen by body) errors with {@code status} on its first submission. */
  public FakeBatchApis erroringAtRate(double rate, int status) {
    this.errorRate = rate;
    this.errorStatus = status;
    return this;
  }

  /** Every batch created so far, in order. */
  public List<Batch> created() {
    return List.copyOf(created);
  }

  /** The bodies of the requests that expired, once per expiry. */
  public List<String> expiredBodies() {
    return List.copyOf(expired);
  }

  /** Requests in all batches created so far. */
  public int requestsSubmitted() {
    return created.stream().mapToInt(b -> b.bodies().size()).sum();
  }

  boolean handles(String path) {
    return path.equals("/v1/files")
        || path.startsWith("/v1/files/")
        || path.equals("/v1/batches")
        || path.startsWith("/v1/batches/")
        || path.startsWith("/v1/messages/batches");
  }

  MockResponse serve(String method, String path, Map<String, String> headers, String raw) {
    boolean anthropic = path.startsWith("/v1/messages/batches");
    FakeWire wire = anthropic ? FakeWire.ANTHROPIC : FakeWire.OPENAI;
    if (!server.authorizedFor(wire, headers)) {
      return json(401, wire.error(401));
    }
    try {
      Matcher m;
      if (method.equals("POST") && path.equals("/v1/files")) {
        return upload(headers, raw);
      }
      if (method.equals("POST") && path.equals("/v1/batches")) {
        return createOpenAi(headers, raw);
      }
      if (method.equals("GET") && (m = OPENAI_FILE.matcher(path)).matches()) {
        String content = files.get(m.group(1));
        return content == null
            ? json(404, wire.error(404))
            : new MockResponse().setResponseCode(200).setBody(content);
      }
      if (method.equals("GET") && (m = OPENAI_BATCH.matcher(path)).matches()) {
        return pollOpenAi(m.group(1), headers);
      }
      if (method.equals("POST") && path.equals("/v1/messages/batches")) {
        return createAnthropic(headers, raw);
      }
      if (method.equals("GET") && (m = ANTHROPIC_RESULTS.matcher(path)).matches()) {
        return resultsAnthropic(m.group(1));
      }
      if (method.equals("GET") && (m = ANTHROPIC_BATCH.matcher(path)).matches()) {
        return pollAnthropic(m.group(1), headers);
      }
    } catch (IOException | RuntimeException e) {
      return json(400, wire.error(400));
    }
    return json(404, wire.error(404));
  }

  /** The fields of a {@code multipart/form-data} body by name, or null when the body is not one. */
  static Map<String, String> formFields(Map<String, String> headers, String raw) {
    String type = headers.getOrDefault("content-type", "");
    int at = type.indexOf("boundary=");
    if (!type.startsWith("multipart/form-data") || at < 0) {
      return null;
    }
    String boundary = "--" + type.substring(at + 9);
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher name;
    for (String part : raw.split(Pattern.quote(boundary))) {
      int split = part.indexOf("\r\n\r\n");
      if (split < 0 || !(name = FORM_NAME.matcher(part.substring(0, split))).find()) {
        continue;
      }
      String content = part.substring(split + 4);
      content = content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
      fields.put(name.group(1), content);
    }
    return fields;
  }

  private MockResponse upload(Map<String, String> headers, String raw) {
    Map<String, String> form = formFields(headers, raw);
    String file = form == null ? null : form.get("file");
    if (file == null || !"batch".equals(form.get("purpose"))) {
      return json(400, FakeWire.OPENAI.error(400));
    }
    String id = "file-" + ids.incrementAndGet();
    files.put(id, file);
    ObjectNode body = FakeWire.JSON.createObjectNode();
    body.put("id", id)
        .put("object", "file")
        .put("bytes", file.length())
        .put("created_at", 1_764_547_200L)
        .put("filename", "batch.jsonl")
        .put("purpose", "batch");
    return json(200, body.toString());
  }

  private MockResponse createOpenAi(Map<String, String> headers, String raw) throws IOException {
    JsonNode request = FakeWire.JSON.readTree(raw);
    String input = files.get(request.path("input_file_id").asText());
    if (input == null
        || !"/v1/chat/completions".equals(request.path("endpoint").asText())
        || !"24h".equals(request.path("completion_window").asText())) {
      return json(400, FakeWire.OPENAI.error(400));
    }
    Map<String, String> bodies = new LinkedHashMap<>();
    Set<String> models = new HashSet<>();
    for (String text : input.split("\n")) {
      if (text.isBlank()) {
        continue;
      }
      JsonNode line = FakeWire.JSON.readTree(text);
      String customId = line.path("custom_id").asText("");
      if (customId.isEmpty()
          || bodies.containsKey(customId)
          || !"POST".equals(line.path("method").asText())
          || !"/v1/chat/completions".equals(line.path("url").asText())
          || !line.path("body").isObject()) {
        return json(400, FakeWire.OPENAI.error(400));
      }
      models.add(line.path("body").path("model").asText());
      bodies.put(customId, line.path("body").toString());
    }
    if (bodies.isEmpty() || models.size() != 1) {
      return json(400, FakeWire.OPENAI.error(400)); // OpenAI: one model per batch
    }
    Created batch = register(FakeWire.OPENAI, "batch_" + ids.incrementAndGet(), bodies);
    return json(200, openAiBatch(batch, "validating").toString());
  }

  private MockResponse createAnthropic(Map<String, String> headers, String raw) throws IOException {
    JsonNode request = FakeWire.JSON.readTree(raw);
    Map<String, String> bodies = new LinkedHashMap<>();
    for (JsonNode item : request.path("requests")) {
      String customId = item.path("custom_id").asText("");
      if (!CUSTOM_ID.matcher(customId).matches()
          || bodies.containsKey(customId)
          || !item.path("params").isObject()) {
        return json(400, FakeWire.ANTHROPIC.error(400));
      }
      bodies.put(customId, item.path("params").toString());
    }
    if (bodies.isEmpty()) {
      return json(400, FakeWire.ANTHROPIC.error(400));
    }
    Created batch = register(FakeWire.ANTHROPIC, "msgbatch_" + ids.incrementAndGet(), bodies);
    return json(200, anthropicBatch(batch).toString());
  }

  Created register(FakeWire wire, String id, Map<String, String> bodies) {
    Map<String, Boolean> first = new LinkedHashMap<>();
    bodies.forEach((customId, body) -> first.put(customId, submittedBodies.add(body)));
    Created batch = new Created(new Batch(wire, id, Map.copyOf(bodies)), first);
    batches.put(id, batch);
    created.add(batch.batch);
    return batch;
  }

  /** Counts a poll; at the configured one the batch ends and every request is answered. */
  synchronized boolean ended(Created batch, Map<String, String> headers) {
    if (batch.results != null) {
      return true;
    }
    batch.polls++;
    if (batch.polls < pollsToComplete) {
      return false;
    }
    Map<String, String[]> results = new LinkedHashMap<>();
    batch
        .batch
        .bodies()
        .forEach(
            (customId, body) -> {
              boolean first = batch.firstSubmission.get(customId);
              if (chosen(body, expiryRate, 17) && (first || expiringEverySubmission)) {
                results.put(customId, new String[] {"expired", "0", ""});
                expired.add(body);
              } else if (first && chosen(body, errorRate, 31)) {
                results.put(
                    customId,
                    new String[] {
                      "errored", String.valueOf(errorStatus), batch.batch.wire().error(errorStatus)
                    });
              } else {
                results.put(customId, answered(batch.batch.wire(), null, headers, body));
              }
            });
    batch.results = results;
    return true;
  }

  /**
   * A request answered as the online call with its body (and model, for a wire that has it in the
   * URL) would be: {kind, status, body}.
   */
  String[] answered(FakeWire wire, String model, Map<String, String> headers, String body) {
    FakeProviderServer.LineAnswer answer = server.answerLine(wire, model, headers, body);
    return new String[] {
      answer.status() / 100 == 2 ? "succeeded" : "errored",
      String.valueOf(answer.status()),
      answer.body()
    };
  }

  /** Whether a request is among the {@code rate} chosen, by its body: the same every time. */
  static boolean chosen(String body, double rate, int salt) {
    return rate > 0 && Math.floorMod(body.hashCode() * 31 + salt, 1000) < rate * 1000;
  }

  private MockResponse pollOpenAi(String id, Map<String, String> headers) {
    Created batch = batches.get(id);
    if (batch == null || batch.batch.wire() != FakeWire.OPENAI) {
      return json(404, FakeWire.OPENAI.error(404));
    }
    if (!ended(batch, headers)) {
      return json(200, openAiBatch(batch, "in_progress").toString());
    }
    StringBuilder output = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    boolean expired = false;
    int n = 0;
    for (Map.Entry<String, String[]> result : batch.results.entrySet()) {
      ObjectNode line = FakeWire.JSON.createObjectNode();
      line.put("id", "batch_req_" + id + "_" + n++).put("custom_id", result.getKey());
      String[] r = result.getValue();
      if (r[0].equals("expired")) {
        expired = true;
        line.putNull("response");
        line.putObject("error")
            .put("code", "batch_expired")
            .put(
                "message",
                "This request could not be executed before the completion window expired.");
        errors.append(line).append('\n');
        continue;
      }
      ObjectNode response = line.putObject("response");
      response.put("status_code", Integer.parseInt(r[1])).put("request_id", "req_" + n);
      response.set("body", parse(r[2]));
      line.putNull("error");
      (r[0].equals("succeeded") ? output : errors).append(line).append('\n');
    }
    ObjectNode body = openAiBatch(batch, expired ? "expired" : "completed");
    putResultFiles(body, output, errors, this::storeFile);
    return json(200, body.toString());
  }

  private String storeFile(String content) {
    String id = "file-" + ids.incrementAndGet();
    files.put(id, content);
    return id;
  }

  /**
   * Names in {@code batch} the output and error files of an ended OpenAI-shaped batch (OpenAI's,
   * Together's), each stored through {@code store} (content to file id) when it has a line.
   */
  static void putResultFiles(
      ObjectNode batch, CharSequence output, CharSequence errors, Function<String, String> store) {
    if (output.length() > 0) {
      batch.put("output_file_id", store.apply(output.toString()));
    }
    if (errors.length() > 0) {
      batch.put("error_file_id", store.apply(errors.toString()));
    }
  }

  private ObjectNode openAiBatch(Created batch, String status) {
    ObjectNode body = FakeWire.JSON.createObjectNode();
    body.put("id", batch.batch.id())
        .put("object", "batch")
        .put("endpoint", "/v1/chat/completions")
        .put("input_file_id", "file-input")
        .put("completion_window", "24h")
        .put("status", status)
        .put("created_at", 1_764_547_200L);
    body.putNull("output_file_id");
    body.putNull("error_file_id");
    body.putObject("request_counts")
        .put("total", batch.batch.bodies().size())
        .put("completed", 0)
        .put("failed", 0);
    return body;
  }

  private MockResponse pollAnthropic(String id, Map<String, String> headers) {
    Created batch = batches.get(id);
    if (batch == null || batch.batch.wire() != FakeWire.ANTHROPIC) {
      return json(404, FakeWire.ANTHROPIC.error(404));
    }
    ended(batch, headers);
    return json(200, anthropicBatch(batch).toString());
  }

  private ObjectNode anthropicBatch(Created batch) {
    boolean ended = batch.results != null;
    ObjectNode body = FakeWire.JSON.createObjectNode();
    body.put("id", batch.batch.id())
        .put("type", "message_batch")
        .put("processing_status", ended ? "ended" : "in_progress")
        .put("created_at", "2026-12-01T00:00:00Z")
        .put("expires_at", "2026-12-02T00:00:00Z");
    body.putNull("archived_at");
    body.putNull("cancel_initiated_at");
    ObjectNode counts = body.putObject("request_counts");
    counts.put("processing", ended ? 0 : batch.batch.bodies().size());
    for (String kind : List.of("succeeded", "errored", "canceled", "expired")) {
      counts.put(
          kind, ended ? batch.results.values().stream().filter(r -> r[0].equals(kind)).count() : 0);
    }
    if (ended) {
      body.put("ended_at", "2026-12-01T01:00:00Z");
      body.put(
          "results_url",
          server.anthropicBaseUrl() + "/v1/messages/batches/" + batch.batch.id() + "/results");
    } else {
      body.putNull("ended_at");
      body.putNull("results_url");
    }
    return body;
  }

  private MockResponse resultsAnthropic(String id) {
    Created batch = batches.get(id);
    if (batch == null || batch.results == null) {
      return json(404, FakeWire.ANTHROPIC.error(404));
    }
    StringBuilder jsonl = new StringBuilder();
    batch.results.forEach(
        (customId, r) -> {
          ObjectNode line = FakeWire.JSON.createObjectNode();
          line.put("custom_id", customId);
          ObjectNode result = line.putObject("result");
          result.put("type", r[0]);
          if (r[0].equals("succeeded")) {
            result.set("message", parse(r[2]));
          } else if (r[0].equals("errored")) {
            result.set("error", parse(r[2]));
          }
          jsonl.append(line).append('\n');
        });
    return new MockResponse()
        .setResponseCode(200)
        .addHeader("Content-Type", "application/binary")
        .setBody(jsonl.toString());
  }

  static JsonNode parse(String json) {
    try {
      return FakeWire.JSON.readTree(json);
    } catch (IOException e) {
      return FakeWire.JSON.getNodeFactory().textNode(json);
    }
  }

  static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .addHeader("Content-Type", "application/json")
        .setBody(body);
  }

  /** For messages: how many batches of each wire were created. */
  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    created.forEach(b -> names.add(b.wire() + " " + b.id() + " x" + b.bodies().size()));
    return "FakeBatchApis" + names;
  }
}
