package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.run.RunStats;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The output of {@link GenerateSamples} (and of {@link GenerateRun}): accepted samples (record
 * columns followed by the {@code _df_} metadata columns) and failures (rows of {@code
 * FailureRows.SCHEMA}), one or the other per plan; the run's totals as partial sums (one per worker
 * bundle), for {@code RunStats.sum}; and the plans that failed, for refill.
 *
 * <p>When generation writes the records itself ({@code GenerateSamples.withPieceWriter}), there is
 * no collection of samples: {@link #getWrittenParts()} holds what the sink assembles instead.
 */
public final class GenerationResult implements POutput {
  private static final TupleTag<Row> SAMPLES = new TupleTag<>("samples");
  private static final TupleTag<Row> FAILURES = new TupleTag<>("failures");
  private static final TupleTag<RunStats> STATS = new TupleTag<>("stats");
  private static final TupleTag<SamplePlan> REJECTED = new TupleTag<>("rejected");
  private static final TupleTag<KV<Integer, byte[]>> WRITTEN = new TupleTag<>("written");

  private final Pipeline pipeline;
  private final PCollection<Row> samples;
  private final PCollection<Row> failures;
  private final PCollection<RunStats> stats;
  private final PCollection<SamplePlan> rejectedPlans;
  private final PCollection<KV<Integer, byte[]>> writtenParts;

  private GenerationResult(
      PCollection<Row> samples,
      PCollection<KV<Integer, byte[]>> writtenParts,
      PCollection<Row> failures,
      PCollection<RunStats> stats,
      PCollection<SamplePlan> rejectedPlans) {
    this.pipeline = failures.getPipeline();
    this.samples = samples;
    this.writtenParts = writtenParts;
    this.failures = failures;
    this.stats = stats;
    this.rejectedPlans = rejectedPlans;
  }

  static GenerationResult of(
      PCollection<Row> samples,
      PCollection<Row> failures,
      PCollection<RunStats> stats,
      PCollection<SamplePlan> rejectedPlans) {
    return new GenerationResult(samples, null, failures, stats, rejectedPlans);
  }

  /** Records written where they were generated: the parts of their shard files, no samples. */
  static GenerationResult written(
      PCollection<KV<Integer, byte[]>> writtenParts,
      PCollection<Row> failures,
      PCollection<RunStats> stats,
      PCollection<SamplePlan> rejectedPlans) {
    return new GenerationResult(null, writtenParts, failures, stats, rejectedPlans);
  }

  /** Whether the records were written as they were generated (then there are no samples here). */
  public boolean isWritten() {
    return writtenParts != null;
  }

  public PCollection<Row> getSamples() {
    if (samples == null) {
      throw new IllegalStateException(
          "the records were written where they were generated (GenerateSamples.withPieceWriter):"
              + " there is no collection of samples; the written parts are getWrittenParts()");
    }
    return samples;
  }

  /** The parts of the shard files, for {@code SampleSink.Write.assemble}; only when written. */
  public PCollection<KV<Integer, byte[]>> getWrittenParts() {
    if (writtenParts == null) {
      throw new IllegalStateException(
          "the samples were not written as generated: getSamples() holds them");
    }
    return writtenParts;
  }

  public PCollection<Row> getFailures() {
    return failures;
  }

  /** Partial totals of the samples above; sum them for the run's. */
  public PCollection<RunStats> getStats() {
    return stats;
  }

  /** The plans whose samples are in the failures. */
  public PCollection<SamplePlan> getRejectedPlans() {
    return rejectedPlans;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> outputs = new HashMap<>();
    outputs.put(isWritten() ? WRITTEN : SAMPLES, isWritten() ? writtenParts : samples);
    outputs.put(FAILURES, failures);
    outputs.put(STATS, stats);
    outputs.put(REJECTED, rejectedPlans);
    return outputs;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
