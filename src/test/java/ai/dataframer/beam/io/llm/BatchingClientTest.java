package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.anthropic.AnthropicBatchApi;
import ai.dataframer.beam.io.llm.anthropic.AnthropicClient;
import ai.dataframer.beam.io.llm.batch.BatchApi;
import ai.dataframer.beam.io.llm.gemini.GeminiBatchApi;
import ai.dataframer.beam.io.llm.gemini.GeminiClient;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import ai.dataframer.beam.io.llm.openai.OpenAiBatchApi;
import ai.dataframer.beam.io.llm.openai.OpenAiChatClient;
import ai.dataframer.beam.testing.FakeBatchApis;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.FakeWire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Batch mode against the fake provider's batch APIs, for each provider with one: a round of calls
 * goes out as one batch whose lines are the online bodies, answers come back by custom id marked
 * batch-served, expired and transiently failed requests are resubmitted once, a second expiry fails
 * the call, and a run restarted on the same batch records polls the batch it left instead of
 * submitting again.
 */
@RunWith(Parameterized.class)
public class BatchingClientTest {
  private static final int CALLS = 12;

  @Parameterized.Parameters(name = "{0}")
  public static List<Object[]> providers() {
    return List.of(
        new Object[] {"openai/gpt-5.4", ModelProvider.OPENAI},
        new Object[] {"anthropic/claude-sonnet-4-6", ModelProvider.ANTHROPIC},
        new Object[] {"gemini/gemini-3.1-pro-preview", ModelProvider.GEMINI},
        new Object[] {"openai/gpt-oss-120b", ModelProvider.TOGETHER});
  }

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final String model;
  private final ModelProvider provider;
  private final FakeWire wire;
  private FakeProviderServer fake;
  private HttpTransport transport;
  private final List<BatchQueues> queues = new ArrayList<>();

  public BatchingClientTest(String model, ModelProvider provider) {
    this.model = model;
    this.provider = provider;
    // Together speaks OpenAI's wire; the fake tells its batches apart by their paths and ids.
    this.wire =
        provider == ModelProvider.ANTHROPIC
            ? FakeWire.ANTHROPIC
            : provider == ModelProvider.GEMINI ? FakeWire.GEMINI : FakeWire.OPENAI;
  }

  @Before
  public void start() throws Exception {
    fake =
        new FakeProviderServer()
            .requireKey(wire, "batch-key")
            .respondWith(call -> FakeReply.text("answer to " + call.lastUserText()))
            .start();
    transport = HttpTransport.create(Duration.ofSeconds(5), Duration.ofSeconds(20), 2);
  }

  @After
  public void stop() throws Exception {
    queues.forEach(BatchQueues::abandon);
    transport.close();
    fake.close();
  }

  private ProviderEndpoint endpoint() {
    String url =
        wire == FakeWire.OPENAI
            ? fake.openAiBaseUrl()
            : wire == FakeWire.GEMINI ? fake.geminiBaseUrl() : fake.anthropicBaseUrl();
    return new ProviderEndpoint(url, Secret.of("batch-key"));
  }

  private BatchApi api() {
    switch (provider) {
      case OPENAI:
        return new OpenAiBatchApi(transport, endpoint());
      case GEMINI:
        return new GeminiBatchApi(transport, endpoint(), ModelCatalogData.bundled());
      case TOGETHER:
        return OpenAiBatchApi.together(transport, endpoint());
      default:
        return new AnthropicBatchApi(transport, endpoint());
    }
  }

  private LlmClient onlineClient() {
    switch (provider) {
      case OPENAI:
        return OpenAiChatClient.openAi(transport, endpoint());
      case GEMINI:
        return new GeminiClient(transport, endpoint());
      case TOGETHER:
        return OpenAiChatClient.together(transport, endpoint());
      default:
        return new AnthropicClient(transport, endpoint());
    }
  }

  private static BatchSettings fast(String stateDirectory) {
    return BatchSettings.defaults()
        .withStateDirectory(stateDirectory)
        .withQuietWindow(Duration.ofMillis(50), Duration.ofSeconds(5))
        .withPolling(Duration.ofMillis(5), Duration.ofMillis(40));
  }

  private BatchingClient client(BatchSettings settings) {
    BatchApi api = api();
    Function<ModelProvider, BatchApi> apis = provider -> api;
    BatchQueues batchQueues = new BatchQueues(apis, settings, 3, Sleeper.scheduled());
    queues.add(batchQueues);
    return BatchingClient.of(
        batchQueues,
        request ->
            CompletableFuture.failedFuture(
                new AssertionError("a batch provider's call went online")));
  }

  private ChatRequest request(int i) {
    return ChatRequest.builder(model).system("Be brief.").user("question " + i).build();
  }

  private List<CompletableFuture<ChatResponse>> sendAll(LlmClient client) {
    List<CompletableFuture<ChatResponse>> answers = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      answers.add(client.chat(request(i)));
    }
    return answers;
  }

  private static ChatResponse get(CompletableFuture<ChatResponse> answer) throws Exception {
    return answer.get(20, TimeUnit.SECONDS);
  }

  @Test
  public void aRoundOfCallsGoesOutAsOneBatchOfTheOnlineBodiesAndComesBackByCustomId()
      throws Exception {
    List<CompletableFuture<ChatResponse>> answers = sendAll(client(fast(null)));

    for (int i = 0; i < CALLS; i++) {
      ChatResponse response = get(answers.get(i));
      assertEquals("answer to question " + i, response.text());
      assertTrue("billed at batch prices", response.batchServed());
      assertThat(response.usage().inputTokens(), org.hamcrest.Matchers.greaterThan(0L));
    }
    List<FakeBatchApis.Batch> batches = fake.batches().created();
    assertEquals("one batch for the round", 1, batches.size());
    assertEquals(CALLS, batches.get(0).bodies().size());

    // A batch line's body is the online call's body (the fake keeps batch bodies re-serialized).
    get(onlineClient().chat(request(3)));
    String online = fake.calls().get(fake.calls().size() - 1).body();
    assertEquals(online, api().encode(request(3)));
    assertTrue(batches.get(0).bodies().values().stream().anyMatch(body -> sameJson(body, online)));
  }

  @Test
  public void expiredRequestsAreResubmittedOnceInANewBatch() throws Exception {
    fake.batches().expiringAtRate(0.5);
    List<CompletableFuture<ChatResponse>> answers = sendAll(client(fast(null)));

    for (int i = 0; i < CALLS; i++) {
      assertEquals("answer to question " + i, get(answers.get(i)).text());
    }
    List<FakeBatchApis.Batch> batches = fake.batches().created();
    assertEquals(2, batches.size());
    int expired = batches.get(1).bodies().size();
    if (wire == FakeWire.GEMINI) {
      // Gemini expires whole batches, never single requests.
      assertEquals("the whole batch expired", CALLS, expired);
    } else {
      assertTrue("some expired, not all: " + expired, expired > 0 && expired < CALLS);
    }
    assertEquals(CALLS + expired, fake.batches().requestsSubmitted());
  }

  @Test
  public void aSecondExpiryFailsTheCallNamingBothBatches() throws Exception {
    fake.batches().expiringEverySubmissionAtRate(1.0);
    List<CompletableFuture<ChatResponse>> answers = sendAll(client(fast(null)));

    for (CompletableFuture<ChatResponse> answer : answers) {
      ExecutionException failed =
          org.junit.Assert.assertThrows(ExecutionException.class, () -> get(answer));
      assertThat(failed.getCause(), instanceOf(LlmException.BatchExpired.class));
      assertThat(failed.getCause().getMessage(), containsString("resubmission"));
      for (FakeBatchApis.Batch batch : fake.batches().created()) {
        assertThat(failed.getCause().getMessage(), containsString(batch.id()));
      }
    }
    assertEquals("submitted, resubmitted, never a third time", 2, fake.batches().created().size());
  }

  @Test
  public void transientPerRequestErrorsAreResubmittedOncePermanentOnesFailTheCall()
      throws Exception {
    fake.batches().erroringAtRate(0.5, 500);
    List<CompletableFuture<ChatResponse>> answers = sendAll(client(fast(null)));
    for (int i = 0; i < CALLS; i++) {
      assertEquals("answer to question " + i, get(answers.get(i)).text());
    }
    assertEquals(2, fake.batches().created().size());

    fake.batches().erroringAtRate(1.0, 400);
    CompletableFuture<ChatResponse> refused =
        client(fast(null)).chat(ChatRequest.builder(model).user("never seen before").build());
    ExecutionException failed =
        org.junit.Assert.assertThrows(ExecutionException.class, () -> get(refused));
    assertThat(failed.getCause(), instanceOf(LlmException.BadRequest.class));
    assertEquals("a 400 is not resubmitted", 3, fake.batches().created().size());
  }

  @Test
  public void aRestartedRunPollsTheBatchItLeftInsteadOfSubmittingAgain() throws Exception {
    String state = tmp.getRoot().toPath().resolve("batches/generation-key").toString();
    fake.batches().completingAfterPolls(Integer.MAX_VALUE);
    List<CompletableFuture<ChatResponse>> first = sendAll(client(fast(state)));
    Path records = Path.of(state);
    long deadline = System.currentTimeMillis() + 10_000;
    while (fileCount(records) == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, fileCount(records));
    assertEquals(1, fake.batches().created().size());
    // The kill: every poll and submission stops, nothing is answered, the record stays.
    queues.forEach(BatchQueues::abandon);
    assertFalse(first.stream().anyMatch(CompletableFuture::isDone));
    String record = recordOf(records);
    assertThat(record, containsString(fake.batches().created().get(0).id()));
    assertThat(record, containsString("\"state\" : \"submitted\""));

    fake.batches().completingAfterPolls(1);
    BatchingClient restarted = client(fast(state));
    List<CompletableFuture<ChatResponse>> second = sendAll(restarted);
    for (int i = 0; i < CALLS; i++) {
      assertEquals("answer to question " + i, get(second.get(i)).text());
    }
    assertEquals("no batch submitted again", 1, fake.batches().created().size());
    assertEquals(0, restarted.batchesSubmitted());
    long ended = System.currentTimeMillis() + 10_000;
    while (!recordOf(records).contains("\"state\" : \"ended\"")
        && System.currentTimeMillis() < ended) {
      Thread.sleep(10);
    }
    assertThat(recordOf(records), containsString("\"state\" : \"ended\""));
  }

  private static String recordOf(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return Files.readString(
          files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow());
    }
  }

  private static boolean sameJson(String a, String b) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      return json.readTree(a).equals(json.readTree(b));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static long fileCount(Path directory) throws Exception {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".json")).count();
    }
  }
}
