package ai.dataframer.beam.io.llm.gemini;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.llm.ToolSpec;
import ai.dataframer.beam.io.llm.batch.BatchLine;
import ai.dataframer.beam.io.llm.batch.BatchState;
import ai.dataframer.beam.io.llm.batch.LineResult;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import ai.dataframer.beam.testing.FakeBatchApis;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.FakeWire;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@link GeminiBatchApi} against the fake provider's Gemini batch API: the lines are the online
 * bodies, states map to running, ended and failed, and each inline result decodes as the online
 * answer or error would; an expired batch reports every request not run; malformed batches are
 * refused as the real API refuses them.
 */
public class GeminiBatchApiTest {
  private static final String KEY = "fake-gem-batch-DISTINCTIVE-0002";
  private static final String MODEL = "gemini/gemini-3.1-pro-preview";
  private static final String THINKING = "gemini/gemini-3.1-pro-preview-thinking";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeProviderServer fake;
  private HttpTransport transport;
  private GeminiBatchApi api;

  @Before
  public void start() throws Exception {
    fake =
        new FakeProviderServer()
            .requireKey(FakeWire.GEMINI, KEY)
            .respondWith(call -> FakeReply.text("answer to " + call.lastUserText()))
            .start();
    transport = HttpTransport.create(Duration.ofSeconds(5), Duration.ofSeconds(20), 2);
    api = new GeminiBatchApi(transport, endpoint(fake.geminiBaseUrl()), ModelCatalogData.bundled());
  }

  @After
  public void stop() throws Exception {
    transport.close();
    fake.close();
  }

  private static ProviderEndpoint endpoint(String url) {
    return new ProviderEndpoint(url, Secret.of(KEY));
  }

  private static ChatRequest question(int i) {
    return ChatRequest.builder(MODEL).system("Be brief.").user("question " + i).build();
  }

  /** A tool loop's second turn: thinking, a tool call with its thought signature, its result. */
  private static ChatRequest toolTurn() {
    return ChatRequest.builder(THINKING)
        .user("What is the weather in Oslo?")
        .message(
            new ChatMessage(
                ChatMessage.Role.ASSISTANT,
                List.of(
                    new ContentPart.ToolCall(
                        GeminiCallIds.of(0, "c2lnbmF0dXJl"),
                        "get_weather",
                        "{\"city\":\"Oslo\"}"))))
        .message(
            new ChatMessage(
                ChatMessage.Role.USER,
                List.of(
                    new ContentPart.ToolResult(
                        GeminiCallIds.of(0, null), "get_weather", "4C", false))))
        .tool(
            new ToolSpec(
                "get_weather",
                "Current weather",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
        .thinkingBudget(4096)
        .build();
  }

  private List<BatchLine> lines(ChatRequest... requests) {
    List<BatchLine> lines = new java.util.ArrayList<>();
    for (int i = 0; i < requests.length; i++) {
      lines.add(
          new BatchLine("req-" + i, "key-" + i, requests[i].modelId(), api.encode(requests[i])));
    }
    return lines;
  }

  private static Map<String, String> modelIds(List<BatchLine> lines) {
    Map<String, String> ids = new java.util.HashMap<>();
    lines.forEach(line -> ids.put(line.customId(), line.modelId()));
    return ids;
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(20, TimeUnit.SECONDS);
  }

  private BatchState pollUntilEnded(String id) throws Exception {
    BatchState state = get(api.poll(id));
    for (int i = 0; i < 20 && state.phase() == BatchState.Phase.RUNNING; i++) {
      state = get(api.poll(id));
    }
    return state;
  }

  @Test
  public void aBatchLineIsByteForByteTheOnlineBodyToolLoopsAndThinkingIncluded() throws Exception {
    GeminiClient online = new GeminiClient(transport, endpoint(fake.geminiBaseUrl()));
    for (ChatRequest request : List.of(question(3), toolTurn())) {
      get(online.chat(request));
      String sent = fake.calls().get(fake.calls().size() - 1).body();
      assertEquals(sent, api.encode(request));
    }
  }

  @Test
  public void submitCreatesOneInlineBatchKeyedByCustomIdAndReturnsTheBareId() throws Exception {
    List<BatchLine> lines = lines(question(0), question(1));
    String id = get(api.submit(lines));

    assertThat(id, not(containsString("/")));
    List<FakeBatchApis.Batch> created = fake.batches().created();
    assertEquals(1, created.size());
    assertEquals(id, created.get(0).id());
    assertEquals(
        JSON.readTree(lines.get(1).body()), JSON.readTree(created.get(0).bodies().get("req-1")));
  }

  @Test
  public void pollsRunUntilTheBatchSucceedsThenAnswersComeBackByKeyAtBatchPrices()
      throws Exception {
    fake.batches().completingAfterPolls(3);
    List<BatchLine> lines = lines(question(0), question(1), question(2));
    String id = get(api.submit(lines));

    BatchState first = get(api.poll(id));
    assertEquals(BatchState.Phase.RUNNING, first.phase());
    assertEquals("BATCH_STATE_RUNNING", first.providerStatus());
    assertEquals(BatchState.Phase.RUNNING, get(api.poll(id)).phase());
    BatchState ended = get(api.poll(id));
    assertEquals(BatchState.Phase.ENDED, ended.phase());
    assertEquals("BATCH_STATE_SUCCEEDED", ended.providerStatus());

    Map<String, LineResult> results = get(api.results(ended, modelIds(lines)));
    assertEquals(3, results.size());
    for (int i = 0; i < 3; i++) {
      LineResult result = results.get("req-" + i);
      assertThat(result, instanceOf(LineResult.Answered.class));
      LineResult.Answered answered = (LineResult.Answered) result;
      assertEquals("answer to question " + i, answered.response().text());
      assertTrue(answered.response().batchServed());
    }
  }

  @Test
  public void perRequestErrorsTypeAsTheOnlineErrorsDo() throws Exception {
    for (int status : List.of(400, 429, 500)) {
      fake.batches().erroringAtRate(1.0, status);
      List<BatchLine> lines =
          lines(ChatRequest.builder(MODEL).user("fails with " + status).build());
      BatchState ended = pollUntilEnded(get(api.submit(lines)));
      LineResult result = get(api.results(ended, modelIds(lines))).get("req-0");

      assertThat(result, instanceOf(LineResult.Failed.class));
      LlmException error = ((LineResult.Failed) result).error();
      assertEquals(status, error.status());
      assertEquals(status != 400, error.isTransient());
      assertThat(
          error,
          instanceOf(
              status == 400
                  ? LlmException.BadRequest.class
                  : status == 429
                      ? LlmException.RateLimited.class
                      : LlmException.ServerError.class));
    }
  }

  @Test
  public void aBatchStatusErrorKeepsTheOnlineKeyAndRetryDelayHandling() throws Exception {
    LlmException key = statusError(3, "google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"");
    assertThat(key, instanceOf(LlmException.Unauthorized.class));

    LlmException limited = statusError(8, "google.rpc.RetryInfo\",\"retryDelay\":\"37s\"");
    assertThat(limited, instanceOf(LlmException.RateLimited.class));
    assertEquals(Duration.ofSeconds(37), limited.retryAfter().orElseThrow());
  }

  /** A batch line's google.rpc.Status with one detail, typed. */
  private static LlmException statusError(int grpcCode, String detail) throws Exception {
    return GeminiErrors.fromBatchStatus(
        JSON.readTree(
            "{\"code\":"
                + grpcCode
                + ",\"message\":\"m\",\"details\":[{\"@type\":\"type.googleapis.com/"
                + detail
                + "}]}"),
        List.of(Secret.of(KEY)));
  }

  @Test
  public void anExpiredBatchEndsWithEveryRequestNotRun() throws Exception {
    fake.batches().expiringEverySubmissionAtRate(1.0);
    List<BatchLine> lines = lines(question(0), question(1));
    BatchState ended = pollUntilEnded(get(api.submit(lines)));

    assertEquals(BatchState.Phase.ENDED, ended.phase());
    assertEquals("BATCH_STATE_EXPIRED", ended.providerStatus());
    Map<String, LineResult> results = get(api.results(ended, modelIds(lines)));
    assertEquals(2, results.size());
    results.values().forEach(r -> assertThat(r, instanceOf(LineResult.NotRun.class)));
    assertEquals("none was answered", 0, fake.callCount());
  }

  @Test
  public void aBatchOfAnotherProvidersModelIsRefusedBeforeItIsSent() {
    List<BatchLine> lines =
        List.of(
            new BatchLine("req-0", "k0", MODEL, api.encode(question(0))),
            new BatchLine("req-1", "k1", "openai/gpt-5.4", api.encode(question(1))));
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> get(api.submit(lines)));
    assertThat(failed.getCause(), instanceOf(IllegalArgumentException.class));
    assertEquals(0, fake.batches().created().size());
  }

  @Test
  public void theFakeRefusesMalformedBatchesAsTheRealApiDoes() throws Exception {
    String url =
        fake.geminiBaseUrl() + "/v1beta/models/gemini-3.1-pro-preview:batchGenerateContent";
    String request = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
    Map<String, Integer> bodies =
        Map.of(
            "{\"batch\":{\"displayName\":\"d\",\"inputConfig\":{\"requests\":{\"requests\":"
                + "[{\"request\":"
                + request
                + "}]}}}}",
            400, // no key
            "{\"batch\":{\"displayName\":\"d\",\"inputConfig\":{\"requests\":{\"requests\":"
                + "[{\"metadata\":{\"key\":\"a\"}}]}}}}",
            400, // no request
            "{\"batch\":{\"inputConfig\":{\"requests\":{\"requests\":[{\"request\":"
                + request
                + ",\"metadata\":{\"key\":\"a\"}}]}}}}",
            400, // no display name
            "{\"batch\":{\"display_name\":\"d\",\"input_config\":{\"requests\":{\"requests\":"
                + "[{\"request\":"
                + request
                + ",\"metadata\":{\"key\":\"a\"}},{\"request\":"
                + request
                + ",\"metadata\":{\"key\":\"a\"}}]}}}}",
            400); // a key twice
    Map<String, String> headers = Map.of("x-goog-api-key", KEY);
    for (Map.Entry<String, Integer> body : bodies.entrySet()) {
      HttpReply reply = get(transport.postJson("gemini", url, headers, body.getKey()));
      assertEquals(body.getKey(), (int) body.getValue(), reply.status());
    }
    String wrongPath = fake.geminiBaseUrl() + "/v1beta/gemini-3.1-pro-preview:batchGenerateContent";
    String good =
        "{\"batch\":{\"display_name\":\"d\",\"input_config\":{\"requests\":{\"requests\":"
            + "[{\"request\":"
            + request
            + ",\"metadata\":{\"key\":\"a\"}}]}}}}";
    assertEquals(404, get(transport.postJson("gemini", wrongPath, headers, good)).status());
    assertEquals(
        401, get(transport.postJson("gemini", url, Map.of("x-goog-api-key", "x"), good)).status());
    assertEquals(200, get(transport.postJson("gemini", url, headers, good)).status());
    assertEquals("only the well-formed batch was created", 1, fake.batches().created().size());
  }

  @Test
  public void theGuidesJobStateNamesAndAFailedBatchAreRead() throws Exception {
    MockWebServer server = new MockWebServer();
    server.start();
    try {
      GeminiBatchApi onMock =
          new GeminiBatchApi(
              transport, endpoint(server.url("/").toString()), ModelCatalogData.bundled());
      server.enqueue(
          json("{\"name\":\"batches/b1\",\"metadata\":{\"state\":\"JOB_STATE_PENDING\"}}"));
      server.enqueue(
          json(
              "{\"name\":\"batches/b1\",\"metadata\":{\"state\":\"JOB_STATE_EXPIRED\"},"
                  + "\"done\":true}"));
      server.enqueue(
          json("{\"name\":\"batches/b1\",\"metadata\":{\"state\":\"BATCH_STATE_FAILED\"}}"));
      server.enqueue(json("{\"name\":\"batches/b1\",\"metadata\":{\"state\":\"SOMETHING\"}}"));

      assertEquals(BatchState.Phase.RUNNING, get(onMock.poll("b1")).phase());
      assertEquals(BatchState.Phase.ENDED, get(onMock.poll("b1")).phase());
      assertEquals(BatchState.Phase.FAILED, get(onMock.poll("b1")).phase());
      ExecutionException unknown =
          assertThrows(ExecutionException.class, () -> get(onMock.poll("b1")));
      assertThat(unknown.getCause(), instanceOf(LlmException.InvalidResponse.class));
      assertEquals("/v1beta/batches/b1", server.takeRequest().getPath());
      assertEquals(KEY, server.takeRequest().getHeader("x-goog-api-key"));
    } finally {
      server.shutdown();
    }
  }

  @Test
  public void theKeyIsNeverInTheDescription() {
    assertThat(api.toString(), not(containsString(KEY)));
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }
}
