package ai.dataframer.beam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;

/**
 * Together's Batch API on the fake provider server, in its documented shapes (docs.together.ai API
 * reference and "Manage batch jobs"): {@code POST /v1/files/upload} (multipart: {@code
 * purpose=batch-api}, {@code file_name}, {@code file}, optional {@code file_type=jsonl}), lines
 * {@code {custom_id, body}}; {@code POST /v1/batches} answered as {@code {job: {...}}}; {@code GET
 * /v1/batches/{id}} with upper-case statuses; output and error files from {@code GET
 * /v1/files/{id}/content}, output lines {@code {custom_id, response: {status_code, body}}}, error
 * lines {@code {custom_id, error: {message, code}}}, and nothing for a request an expired batch did
 * not run. Together shares OpenAI's paths under the same fake base URL, so this answers only its
 * own upload path, files and batches, and {@link FakeBatchApis} the rest.
 *
 * <p>The requests are decided by {@link FakeBatchApis} (its completing, expiry and error settings,
 * each answered as the online call with the same body) and recorded in its {@link
 * FakeBatchApis#created()}. A batch of a model Together's Batch API does not run fails, as Together
 * documents.
 */
public final class FakeTogetherBatchApi {
  private static final Pattern BATCH = Pattern.compile("/v1/batches/([^/]+)");
  private static final Pattern FILE = Pattern.compile("/v1/files/([^/]+)/content");

  /** Together: "not currently available for batch processing" (batch overview, 2026). */
  private static final Set<String> NOT_BATCHABLE =
      Set.of("deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-R1-0528-tput");

  private final FakeProviderServer server;
  private final FakeBatchApis decisions;
  private final Map<String, String> files = new ConcurrentHashMap<>();
  private final Map<String, FakeBatchApis.Created> batches = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final List<String> uploadedLines = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> uploadForms = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  FakeTogetherBatchApi(FakeProviderServer server, FakeBatchApis decisions) {
    this.server = server;
    this.decisions = decisions;
  }

  /** Every JSONL line uploaded for a batch, as sent. */
  public List<String> uploadedLines() {
    return List.copyOf(uploadedLines);
  }

  /** The form fields of every upload but the file itself. */
  public List<Map<String, String>> uploadForms() {
    return List.copyOf(uploadForms);
  }

  boolean handles(String method, String path, String raw) {
    Matcher m;
    if (path.equals("/v1/files/upload")) {
      return true;
    }
    if (method.equals("POST") && path.equals("/v1/batches")) {
      try {
        return files.containsKey(FakeWire.JSON.readTree(raw).path("input_file_id").asText());
      } catch (IOException e) {
        return false;
      }
    }
    if (method.equals("GET") && (m = BATCH.matcher(path)).matches()) {
      return batches.containsKey(m.group(1));
    }
    return method.equals("GET")
        && (m = FILE.matcher(path)).matches()
        && files.containsKey(m.group(1));
  }

  MockResponse serve(String method, String path, Map<String, String> headers, String raw) {
    if (!server.authorizedFor(FakeWire.OPENAI, headers)) {
      return FakeBatchApis.json(401, FakeWire.OPENAI.error(401));
    }
    try {
      Matcher m;
      if (method.equals("POST") && path.equals("/v1/files/upload")) {
        return upload(headers, raw);
      }
      if (method.equals("POST") && path.equals("/v1/batches")) {
        return create(raw);
      }
      if ((m = BATCH.matcher(path)).matches()) {
        return poll(m.group(1), headers);
      }
      if ((m = FILE.matcher(path)).matches()) {
        return new MockResponse().setResponseCode(200).setBody(files.get(m.group(1)));
      }
    } catch (IOException | RuntimeException e) {
      return FakeBatchApis.json(400, FakeWire.OPENAI.error(400));
    }
    return FakeBatchApis.json(404, FakeWire.OPENAI.error(404));
  }

  private MockResponse upload(Map<String, String> headers, String raw) {
    Map<String, String> form = FakeBatchApis.formFields(headers, raw);
    // Together refuses an upload without purpose, file_name or file; batches need batch-api.
    if (form == null
        || !"batch-api".equals(form.get("purpose"))
        || form.get("file_name") == null
        || form.get("file") == null
        || !form.getOrDefault("file_type", "jsonl").equals("jsonl")) {
      return FakeBatchApis.json(400, FakeWire.OPENAI.error(400));
    }
    String file = form.get("file");
    Map<String, String> fields = new LinkedHashMap<>(form);
    fields.remove("file");
    uploadForms.add(fields);
    String id = storeFile(file);
    ObjectNode body = FakeWire.JSON.createObjectNode();
    body.put("id", id)
        .put("object", "file")
        .put("created_at", 1_764_547_200L)
        .put("filename", form.get("file_name"))
        .put("bytes", file.length())
        .put("purpose", "batch-api")
        .put("Processed", true)
        .put("FileType", "jsonl")
        .put("LineCount", file.split("\n").length);
    return FakeBatchApis.json(200, body.toString());
  }

  private MockResponse create(String raw) throws IOException {
    JsonNode request = FakeWire.JSON.readTree(raw);
    String input = files.get(request.path("input_file_id").asText());
    if (!"/v1/chat/completions".equals(request.path("endpoint").asText())
        || !request.path("completion_window").asText("24h").equals("24h")) {
      return FakeBatchApis.json(400, FakeWire.OPENAI.error(400));
    }
    Map<String, String> bodies = new LinkedHashMap<>();
    Set<String> models = new HashSet<>();
    for (String text : input.split("\n")) {
      if (text.isBlank()) {
        continue;
      }
      uploadedLines.add(text);
      JsonNode line = FakeWire.JSON.readTree(text);
      String customId = line.path("custom_id").asText("");
      if (customId.isEmpty()
          || customId.length() > 64
          || bodies.containsKey(customId)
          || !line.path("body").isObject()) {
        return FakeBatchApis.json(400, FakeWire.OPENAI.error(400));
      }
      models.add(line.path("body").path("model").asText());
      bodies.put(customId, line.path("body").toString());
    }
    if (bodies.isEmpty() || models.size() != 1) {
      return FakeBatchApis.json(400, FakeWire.OPENAI.error(400)); // one model per batch
    }
    String id = "tgb-" + ids.incrementAndGet();
    FakeBatchApis.Created batch = decisions.register(FakeWire.OPENAI, id, bodies);
    batches.put(id, batch);
    String model = models.iterator().next();
    if (NOT_BATCHABLE.contains(model)) {
      failures.put(id, "model " + model + " is not available for batch processing");
    }
    ObjectNode answer = FakeWire.JSON.createObjectNode();
    answer.set("job", batchObject(batch, "VALIDATING", model));
    answer.putNull("warning");
    return FakeBatchApis.json(201, answer.toString());
  }

  private MockResponse poll(String id, Map<String, String> headers) {
    FakeBatchApis.Created batch = batches.get(id);
    String model =
        FakeBatchApis.parse(batch.batch.bodies().values().iterator().next()).path("model").asText();
    if (failures.containsKey(id)) {
      ObjectNode failed = batchObject(batch, "FAILED", model);
      failed.put("error", failures.get(id));
      return FakeBatchApis.json(200, failed.toString());
    }
    if (!decisions.ended(batch, headers)) {
      return FakeBatchApis.json(200, batchObject(batch, "IN_PROGRESS", model).toString());
    }
    StringBuilder output = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    boolean expired = false;
    int n = 0;
    for (Map.Entry<String, String[]> result : batch.results.entrySet()) {
      String[] r = result.getValue(); // {kind, status, body}
      if (r[0].equals("expired")) {
        expired = true; // Together writes nothing for a request its expired batch did not run
        continue;
      }
      ObjectNode line = FakeWire.JSON.createObjectNode();
      line.put("id", id + "-" + n++).put("custom_id", result.getKey());
      if (r[0].equals("succeeded")) {
        line.putObject("response")
            .put("status_code", Integer.parseInt(r[1]))
            .set("body", FakeBatchApis.parse(r[2]));
        output.append(line).append('\n');
      } else {
        int status = Integer.parseInt(r[1]);
        line.putObject("error")
            .put("message", FakeBatchApis.parse(r[2]).path("error").path("message").asText(""))
            .put("code", errorCode(status));
        errors.append(line).append('\n');
      }
    }
    ObjectNode body = batchObject(batch, expired ? "EXPIRED" : "COMPLETED", model);
    body.put("progress", 100.0);
    FakeBatchApis.putResultFiles(body, output, errors, this::storeFile);
    return FakeBatchApis.json(200, body.toString());
  }

  private String storeFile(String content) {
    String id = "file-together-" + ids.incrementAndGet();
    files.put(id, content);
    return id;
  }

  /** The code an error line carries for what the online call would have answered. */
  private static String errorCode(int status) {
    if (status == 429) {
      return "rate_limit_exceeded";
    }
    if (status == 408 || status == 504) {
      return "timeout";
    }
    return status >= 500 ? "server_error" : "invalid_request_error";
  }

  private static ObjectNode batchObject(FakeBatchApis.Created batch, String status, String model) {
    ObjectNode body = FakeWire.JSON.createObjectNode();
    body.put("id", batch.batch.id())
        .put("user_id", "user-fake")
        .put("input_file_id", "file-together-input")
        .put("file_size_bytes", 0)
        .put("status", status)
        .put("job_deadline", "2026-12-02T00:00:00Z")
        .put("created_at", "2026-12-01T00:00:00Z")
        .put("endpoint", "/v1/chat/completions")
        .put("progress", 0.0)
        .put("model_id", model);
    body.putNull("output_file_id");
    body.putNull("error_file_id");
    body.putNull("error");
    body.putNull("completed_at");
    return body;
  }
}
