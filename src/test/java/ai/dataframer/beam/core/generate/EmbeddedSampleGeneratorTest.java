package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.engine.GenerationLoop;
import ai.dataframer.beam.core.engine.SampleFilter;
import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.plan.SamplePlan;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.Test;

public class EmbeddedSampleGeneratorTest {
  private final SamplePlan plan = plan(3, ticketValues(), List.of());

  @Test
  public void answersAtOnceWithTheLoopsOutcomeAndNoCost() {
    SampleFilter secondAttemptPasses =
        (p, record) ->
            (int) record.get("attempt") >= 2 ? List.of() : List.of("attempt 1 is rejected");
    GenerationLoop loop =
        new GenerationLoop(
            (p, attempt) -> Map.of("attempt", attempt), List.of(secondAttemptPasses), 3);
    CompletableFuture<SampleResult> future = new EmbeddedSampleGenerator(loop).generate(plan);

    assertTrue(future.isDone());
    SampleResult result = future.join();
    assertEquals(
        SampleResult.free(new SampleOutcome.Accepted(plan, Map.of("attempt", 2), 2)), result);
    assertEquals(0, result.modelCalls());
    assertTrue(result.usageByStage().isEmpty());
  }

  @Test
  public void aFilterThatThrowsStillLeavesARejectedOutcome() {
    SampleFilter broken =
        (p, record) -> {
          throw new IllegalStateException("filter bug");
        };
    GenerationLoop loop = new GenerationLoop((p, attempt) -> Map.of("a", 1), List.of(broken), 3);
    SampleResult result = new EmbeddedSampleGenerator(loop).generate(plan).join();

    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertEquals(GenerationLoop.STAGE_GENERATE, rejected.stage());
    assertThat(rejected.reasons().get(0), containsString("filter bug"));
  }
}
