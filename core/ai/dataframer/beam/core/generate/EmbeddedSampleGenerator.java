package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.engine.GenerationLoop;
import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.plan.SamplePlan;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded engine behind the same interface as the LLM path, so one DoFn drives both: each plan
 * runs the {@link GenerationLoop} at once, on the caller's thread, and costs nothing.
 */
public final class EmbeddedSampleGenerator implements SampleGenerator {
  private final GenerationLoop loop;

  public EmbeddedSampleGenerator(GenerationLoop loop) {
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  @Override
  public CompletableFuture<SampleResult> generate(SamplePlan plan) {
    SampleOutcome outcome;
    try {
      outcome = loop.generate(plan);
    } catch (RuntimeException e) {
      // Filters must not throw, but a bug in one must still leave a failure record, not a lost
      // sample.
      SampleFailure failure = SampleFailure.of(e);
      outcome =
          new SampleOutcome.Rejected(
              plan, GenerationLoop.STAGE_GENERATE, failure.reasons(), 1, null);
    }
    return CompletableFuture.completedFuture(SampleResult.free(outcome));
  }
}
