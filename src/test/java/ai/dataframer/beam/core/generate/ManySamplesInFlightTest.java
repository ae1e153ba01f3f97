package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketJson;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSeeds;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.request.FilteringType;
import ai.dataframer.beam.core.request.RevisionType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.Test;

/**
 * Hundreds of samples in flight on one thread: generate() returns before any model answers, and
 * each answer only starts the sample's next call. The test thread plays the provider, answering the
 * calls in the order they were made, without sleeping.
 */
public class ManySamplesInFlightTest {
  /** Holds every call open until {@link #answerOne()}; answers come from the scripted model. */
  private static final class DeferredModel implements LlmClient {
    private final FakeModel answers;
    private final Deque<Object[]> pending = new ArrayDeque<>();
    int maxPending;

    DeferredModel(FakeModel answers) {
      this.answers = answers;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      CompletableFuture<ChatResponse> future = new CompletableFuture<>();
      pending.add(new Object[] {request, future});
      maxPending = Math.max(maxPending, pending.size());
      return future;
    }

    @SuppressWarnings("unchecked")
    boolean answerOne() {
      Object[] call = pending.poll();
      if (call == null) {
        return false;
      }
      CompletableFuture<ChatResponse> future = (CompletableFuture<ChatResponse>) call[1];
      answers
          .chat((ChatRequest) call[0])
          .whenComplete(
              (response, error) -> {
                if (error != null) {
                  future.completeExceptionally(error);
                } else {
                  future.complete(response);
                }
              });
      return true;
    }
  }

  @Test
  public void threeHundredSamplesProgressTogetherWithoutBlocking() {
    int samples = 300;
    FakeModel answers =
        new FakeModel()
            .on("draft_record", call -> ticketJson("body"))
            .on("critique", call -> GenerateFixtures.noChanges())
            .on("conformance_judge", call -> "{\"tone\":\"formal\"}");
    DeferredModel model = new DeferredModel(answers);
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.revisionTypes = List.of(RevisionType.COHERENCE_FLOW);
    settings.filteringTypes = List.of(FilteringType.STRUCTURAL, FilteringType.CONFORMANCE);
    LlmSampleGenerator generator =
        new LlmSampleGenerator(
            ticketSpec(), ticketSeeds(5), settings.build(), model, PriceTable.defaults(), null);

    List<CompletableFuture<SampleResult>> results = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      results.add(generator.generate(plan(i, ticketValues(), List.of(0, 1))));
    }
    assertEquals(samples, model.maxPending);
    for (CompletableFuture<SampleResult> result : results) {
      assertFalse(result.isDone());
    }
    int answered = 0;
    while (model.answerOne()) {
      answered++;
    }
    assertEquals(samples * 3, answered);
    for (CompletableFuture<SampleResult> result : results) {
      assertTrue(result.isDone());
      assertTrue(result.join().outcome() instanceof SampleOutcome.Accepted);
      assertEquals(3, result.join().modelCalls());
    }
  }
}
