package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.testing.FakeObjectStore;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The model answer cache on gs:// (--cache-dir), through Beam FileSystems (docs/dataflow.md). */
public class CachingClientObjectStoreTest {
  private static final Executor SAME_THREAD = Runnable::run;
  private static final ChatResponse ANSWER =
      new ChatResponse(
          "anthropic/claude-sonnet-4-6",
          "{\"order\": 1}",
          List.of(),
          StopReason.END_TURN,
          "end_turn",
          new Usage(1200, 300, 0, 0, 0));

  @Rule public final TestRule objectStore = FakeObjectStore.installedForEachTest();

  @Test
  public void aSecondWorkerAsksTheCacheOnCloudStorageNotTheModel() throws Exception {
    ChatRequest request =
        ChatRequest.builder("anthropic/claude-sonnet-4-6").user("Write one order.").build();
    ScriptedClient model = new ScriptedClient(r -> ANSWER);

    CachingClient first =
        new CachingClient(model, "gs://bucket/cache", SAME_THREAD, new StepMetrics());
    assertEquals(ANSWER, first.chat(request).get(10, TimeUnit.SECONDS));
    // Another client, as on another worker: only the object store is shared.
    CachingClient second =
        new CachingClient(model, "gs://bucket/cache/", SAME_THREAD, new StepMetrics());
    assertEquals(ANSWER, second.chat(request).get(10, TimeUnit.SECONDS));

    assertEquals("the model was asked once", 1, model.calls());
    assertEquals(1, second.hits());
    assertThat(
        FakeObjectStore.names(),
        contains(matchesPattern("gs://bucket/cache/[0-9a-f]{2}/[0-9a-f]+\\.json")));
  }
}
