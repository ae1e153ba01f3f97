package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.RequestKey;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CachingClientTest {
  private static final Executor SAME_THREAD = Runnable::run;
  private static final ChatResponse ANSWER =
      new ChatResponse(
          "anthropic/claude-sonnet-4-6",
          "{\"order\": 1}",
          List.of(new ContentPart.ToolCall("call_1", "lookup", "{\"id\":7}")),
          StopReason.TOOL_USE,
          "tool_use",
          new Usage(1200, 300, 4000, 500, 120));

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private Path root;
  private ScriptedClient inner;
  private CachingClient client;

  @Before
  public void setUp() {
    root = folder.getRoot().toPath().resolve("llm-cache");
    inner = new ScriptedClient(request -> ANSWER);
    client = new CachingClient(inner, root.toString(), SAME_THREAD, new StepMetrics());
  }

  private static ChatRequest request(String user, double temperature) {
    return ChatRequest.builder("anthropic/claude-sonnet-4-6")
        .cachedSystem("You write orders.")
        .user(user)
        .temperature(temperature)
        .build();
  }

  private ChatResponse call(ChatRequest request) throws Exception {
    return client.chat(request).get(10, TimeUnit.SECONDS);
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  public void aRepeatedRequestIsAnsweredFromTheCacheWithoutACall() throws Exception {
    ChatResponse first = call(request("Write one order.", 0.7));
    ChatResponse second = call(request("Write one order.", 0.7));

    assertEquals(ANSWER, first);
    assertEquals("the cached answer is the model's, field for field", ANSWER, second);
    assertEquals(1, inner.calls());
    assertEquals(1, client.misses());
    assertEquals(1, client.hits());
  }

  @Test
  public void aChangedParameterOrMessageGoesToTheModel() throws Exception {
    call(request("Write one order.", 0.7));
    call(request("Write one order.", 0.8));
    assertEquals(2, inner.calls());
    call(request("Write two orders.", 0.7));
    assertEquals(3, inner.calls());
    call(request("Write two orders.", 0.7));
    assertEquals(3, inner.calls());
    assertEquals(3, client.misses());
    assertEquals(1, client.hits());
  }

  @Test
  public void eachAnswerIsOneFileUnderItsKeysPrefixAndNoTempFilesRemain() throws Exception {
    ChatRequest one = request("Write one order.", 0.7);
    ChatRequest two = request("Write two orders.", 0.7);
    call(one);
    call(two);

    String key = RequestKey.of(one);
    Path expected = root.resolve(key.substring(0, 2)).resolve(key + ".json");
    assertTrue(expected + " should exist", Files.isRegularFile(expected));
    List<Path> files = files();
    assertEquals(files.toString(), 2, files.size());
    for (Path file : files) {
      String name = file.getFileName().toString();
      assertTrue(name, name.endsWith(".json") && !name.startsWith("."));
      assertEquals(name.substring(0, 2), file.getParent().getFileName().toString());
    }
  }

  @Test
  public void anotherClientOnTheSameDirectoryReadsTheAnswer() throws Exception {
    call(request("Write one order.", 0.7));
    ScriptedClient otherModel = new ScriptedClient();
    CachingClient later =
        new CachingClient(otherModel, root.toString(), SAME_THREAD, new StepMetrics());
    assertEquals(ANSWER, later.chat(request("Write one order.", 0.7)).get(10, TimeUnit.SECONDS));
    assertEquals(0, otherModel.calls());
  }

  @Test
  public void anUnreadableCacheFileIsAMissAndIsRewritten() throws Exception {
    ChatRequest request = request("Write one order.", 0.7);
    call(request);
    Path file = files().get(0);
    Files.writeString(file, "{\"format\": 1, \"key\": \"trunc");

    assertEquals(ANSWER, call(request));
    assertEquals(2, inner.calls());
    assertEquals(ANSWER, call(request));
    assertEquals(2, inner.calls());
  }

  @Test
  public void failuresAreNotCached() throws Exception {
    inner.thenFail(new LlmException.ServerError("anthropic", 500, "", true, null));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> call(request("Write one order.", 0.7)));
    assertThat(e.getCause(), instanceOf(LlmException.ServerError.class));
    assertTrue(!Files.exists(root) || files().isEmpty());

    assertEquals(ANSWER, call(request("Write one order.", 0.7)));
    assertEquals(2, inner.calls());
  }

  @Test
  public void hitsAndMissesAreBeamCountersOfTheCallingStepEvenFromIoThreads() throws Exception {
    MetricsContainerImpl step = new MetricsContainerImpl("generate");
    StepMetrics metrics = new StepMetrics();
    CachingClient pooled = CachingClient.at(inner, root.toString(), metrics);
    try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(step)) {
      metrics.bindCurrentStep();
      pooled.chat(request("Write one order.", 0.7)).get(10, TimeUnit.SECONDS);
    }
    // Later calls come from threads without a step, as a sample's later calls do.
    pooled
        .chat(request("Write one order.", 0.7))
        .thenCompose(hit -> pooled.chat(request("Write one order.", 0.7)))
        .get(10, TimeUnit.SECONDS);
    assertEquals(
        1L,
        (long)
            step.getCounter(MetricName.named(StepMetrics.NAMESPACE, "llm_cache_misses"))
                .getCumulative());
    assertEquals(
        2L,
        (long)
            step.getCounter(MetricName.named(StepMetrics.NAMESPACE, "llm_cache_hits"))
                .getCumulative());
    assertEquals(2, pooled.hits());
    assertEquals(1, pooled.misses());
  }

  @Test
  public void responsesRoundTripThroughTheirJsonForm() {
    ChatResponse bare =
        new ChatResponse("openai/gpt-5.4", "", null, StopReason.MAX_TOKENS, null, null);
    assertEquals(bare, CachingClient.fromJson(CachingClient.toJson("k", bare), "k"));
    assertEquals(ANSWER, CachingClient.fromJson(CachingClient.toJson("k", ANSWER), "k"));
    ChatResponse thinking =
        new ChatResponse(
            "anthropic/claude-sonnet-4-6-thinking",
            "",
            List.of(new ContentPart.ToolCall("toolu_1", "calculator", "{\"expression\":\"1+1\"}")),
            StopReason.TOOL_USE,
            "tool_use",
            null,
            List.of(
                new ContentPart.ProviderBlock(
                    "ANTHROPIC",
                    "{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"sig\"}")));
    assertEquals(
        "a replayed thinking turn can continue its tool loop",
        thinking,
        CachingClient.fromJson(CachingClient.toJson("k", thinking), "k"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CachingClient.fromJson(CachingClient.toJson("k", ANSWER), "other"));
  }
}
