package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.plan.SamplePlan;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a plan into one accepted sample or one failure (docs/ARCHITECTURE.md section 6, steps 2-6).
 * The embedded engine answers at once; the LLM path keeps many samples in flight, each a chain of
 * model calls, so the interface is asynchronous for both and one Beam DoFn drives either.
 *
 * <p>A generator whose samples finish later must take {@link #generate} calls from any thread,
 * several at once: the DoFn starts a queued sample from the thread that finished the one before it
 * (docs/ARCHITECTURE.md section 7). One that finishes every sample within {@code generate} (the
 * embedded engine) never has a sample queued, so it is called from the bundle's thread only.
 *
 * <p>Implementations are deterministic in the plan: all randomness comes from the plan's seed, so
 * the same plan gives the same sample (given the same model answers).
 */
public interface SampleGenerator extends AutoCloseable {
  /** Never completes exceptionally for a sample's own failure: that is a rejected outcome. */
  CompletableFuture<SampleResult> generate(SamplePlan plan);

  /**
   * Called by the driving step on its own thread before it starts samples there: a generator that
   * counts into the step's metrics binds them here, since {@link #generate} may also be called from
   * the threads that finish samples, where the runner offers no step to count into.
   */
  default void onStepThread() {}

  @Override
  default void close() {}
}
