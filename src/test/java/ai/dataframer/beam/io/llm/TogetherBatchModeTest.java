package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.batch.BatchLine;
import ai.dataframer.beam.io.llm.batch.BatchState;
import ai.dataframer.beam.io.llm.batch.LineResult;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import ai.dataframer.beam.io.llm.openai.OpenAiBatchApi;
import ai.dataframer.beam.io.llm.openai.OpenAiChatClient;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.FakeWire;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Together's Batch API in its own shapes, against the fake: the upload's form fields, lines of
 * {@code {custom_id, body}} whose body is byte for byte the online request, the wrapped create
 * answer, upper-case statuses, error-file lines as the online client's typed errors, an expired
 * batch's unrun requests, and the models Together does not batch, which batch mode keeps online.
 * (The shared batch behaviour, resubmission and resume included, is {@link BatchingClientTest}'s
 * Together row.)
 */
public class TogetherBatchModeTest {
  private static final String MODEL = "openai/gpt-oss-120b";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeProviderServer fake;
  private HttpTransport transport;
  private ProviderEndpoint endpoint;
  private OpenAiBatchApi api;

  @Before
  public void start() throws Exception {
    fake =
        new FakeProviderServer()
            .requireKey(FakeWire.OPENAI, "together-key")
            .respondWith(call -> FakeReply.text("answer to " + call.lastUserText()))
            .start();
    transport = HttpTransport.create(Duration.ofSeconds(5), Duration.ofSeconds(20), 2);
    endpoint = new ProviderEndpoint(fake.openAiBaseUrl(), Secret.of("together-key"));
    api = OpenAiBatchApi.together(transport, endpoint);
  }

  @After
  public void stop() throws Exception {
    transport.close();
    fake.close();
  }

  private static ChatRequest request(String model, int i) {
    return ChatRequest.builder(model).system("Be brief.").user("question " + i).build();
  }

  private List<BatchLine> lines(String model, int count) {
    List<BatchLine> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(new BatchLine("req-" + i, "key-" + i, model, api.encode(request(model, i))));
    }
    return lines;
  }

  private static <T> T get(java.util.concurrent.CompletableFuture<T> future) throws Exception {
    return future.get(20, TimeUnit.SECONDS);
  }

  @Test
  public void theUploadIsForBatchApiAndEachLineIsTheCustomIdAndTheOnlineBody() throws Exception {
    get(api.submit(lines(MODEL, 2)));

    Map<String, String> form = fake.togetherBatches().uploadForms().get(0);
    assertEquals("batch-api", form.get("purpose"));
    assertEquals("batch.jsonl", form.get("file_name"));
    assertEquals("jsonl", form.get("file_type"));

    get(OpenAiChatClient.together(transport, endpoint).chat(request(MODEL, 1)));
    String online = fake.calls().get(fake.calls().size() - 1).body();
    List<String> uploaded = fake.togetherBatches().uploadedLines();
    assertEquals("{\"custom_id\":\"req-1\",\"body\":" + online + "}", uploaded.get(1));
    JsonNode line = JSON.readTree(uploaded.get(0));
    List<String> fields = new ArrayList<>();
    line.fieldNames().forEachRemaining(fields::add);
    assertEquals("no method or url: Together names the endpoint on the batch", 2, fields.size());
  }

  @Test
  public void aModelIdTheCatalogRePointsIsBatchedUnderItsNewNameAsOnline() throws Exception {
    ModelCatalogData catalog =
        ModelCatalogData.bundled()
            .withOverrides(
                "{\"models\": {\"" + MODEL + "\": {\"provider_model\": \"openai/gpt-oss-next\"}}}",
                "test override");
    OpenAiBatchApi repointed =
        new OpenAiBatchApi(OpenAiBatchApi.Dialect.TOGETHER, transport, endpoint, catalog);
    String body = repointed.encode(request(MODEL, 1));
    assertEquals("openai/gpt-oss-next", JSON.readTree(body).path("model").asText());
    get(
        new OpenAiChatClient(transport, endpoint, ModelProvider.TOGETHER, catalog)
            .chat(request(MODEL, 1)));
    assertEquals(fake.calls().get(fake.calls().size() - 1).body(), body);
  }

  @Test
  public void aBatchIsPolledUntilCompletedAndItsAnswersReadByCustomId() throws Exception {
    fake.batches().completingAfterPolls(2);
    String id = get(api.submit(lines(MODEL, 3)));
    assertEquals("the id inside Together's {job: ...}", fake.batches().created().get(0).id(), id);

    BatchState first = get(api.poll(id));
    assertEquals(BatchState.Phase.RUNNING, first.phase());
    assertEquals("IN_PROGRESS", first.providerStatus());
    BatchState ended = get(api.poll(id));
    assertEquals(BatchState.Phase.ENDED, ended.phase());
    assertEquals("COMPLETED", ended.providerStatus());

    Map<String, LineResult> results =
        get(api.results(ended, Map.of("req-0", MODEL, "req-1", MODEL, "req-2", MODEL)));
    for (int i = 0; i < 3; i++) {
      ChatResponse answer = ((LineResult.Answered) results.get("req-" + i)).response();
      assertEquals("answer to question " + i, answer.text());
      assertTrue("billed at batch prices", answer.batchServed());
    }
  }

  @Test
  public void errorLinesFailWithTheOnlineClientsTypedErrors() throws Exception {
    fake.batches().erroringAtRate(1.0, 400);
    String refused = get(api.submit(lines(MODEL, 1)));
    LineResult bad = get(api.results(get(api.poll(refused)), Map.of("req-0", MODEL))).get("req-0");
    assertThat(((LineResult.Failed) bad).error(), instanceOf(LlmException.BadRequest.class));
    assertFalse(((LineResult.Failed) bad).error().isTransient());

    fake.batches().erroringAtRate(1.0, 503);
    List<BatchLine> fresh =
        List.of(new BatchLine("req-9", "key-9", MODEL, api.encode(request(MODEL, 9))));
    String troubled = get(api.submit(fresh));
    LineResult server =
        get(api.results(get(api.poll(troubled)), Map.of("req-9", MODEL))).get("req-9");
    assertTrue(
        "a server error is worth the one resubmission",
        ((LineResult.Failed) server).error().isTransient());
  }

  @Test
  public void anExpiredBatchReportsNothingForTheRequestsItDidNotRun() throws Exception {
    fake.batches().expiringAtRate(1.0);
    String id = get(api.submit(lines(MODEL, 2)));
    BatchState ended = get(api.poll(id));
    assertEquals(BatchState.Phase.ENDED, ended.phase());
    assertEquals("EXPIRED", ended.providerStatus());
    // No result at all: the queues treat the requests as not run (resubmit once, then
    // BatchExpired), as BatchingClientTest's Together row shows.
    assertTrue(get(api.results(ended, Map.of("req-0", MODEL, "req-1", MODEL))).isEmpty());
  }

  @Test
  public void aBatchOfAModelTogetherDoesNotBatchFailsNamingWhy() throws Exception {
    String model = "deepseek-ai/DeepSeek-V3.1";
    BatchState failed = get(api.poll(get(api.submit(lines(model, 1)))));
    assertEquals(BatchState.Phase.FAILED, failed.phase());
    assertThat(failed.failure(), containsString("not available for batch"));
  }

  @Test
  public void batchModeKeepsModelsWithoutABatchPriceOnline() throws Exception {
    PriceTable prices = ModelCatalogData.bundled().prices();
    BatchQueues queues =
        new BatchQueues(
            provider -> api,
            BatchSettings.defaults()
                .withQuietWindow(Duration.ofMillis(50), Duration.ofSeconds(5))
                .withPolling(Duration.ofMillis(5), Duration.ofMillis(40)),
            3,
            Sleeper.scheduled());
    try {
      BatchingClient client =
          BatchingClient.of(
              queues,
              modelId -> prices.findBatch(modelId).isPresent(),
              OpenAiChatClient.together(transport, endpoint));
      ChatResponse online = get(client.chat(request("deepseek-ai/DeepSeek-V3.1", 1)));
      assertFalse("answered online, billed at the standard price", online.batchServed());
      assertTrue(fake.batches().created().isEmpty());

      ChatResponse batched = get(client.chat(request(MODEL, 2)));
      assertTrue(batched.batchServed());
      assertEquals(1, fake.batches().created().size());
    } finally {
      queues.abandon();
    }
  }
}
