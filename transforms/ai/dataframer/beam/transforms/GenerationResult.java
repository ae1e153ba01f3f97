package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.run.RunStats;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
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
 */
public final class GenerationResult implements POutput {
  private static final TupleTag<Row> SAMPLES = new TupleTag<>("samples");
  private static final TupleTag<Row> FAILURES = new TupleTag<>("failures");
  private static final TupleTag<RunStats> STATS = new TupleTag<>("stats");
  private static final TupleTag<SamplePlan> REJECTED = new TupleTag<>("rejected");

  private final Pipeline pipeline;
  private final PCollection<Row> samples;
  private final PCollection<Row> failures;
  private final PCollection<RunStats> stats;
  private final PCollection<SamplePlan> rejectedPlans;

  private GenerationResult(
      PCollection<Row> samples,
      PCollection<Row> failures,
      PCollection<RunStats> stats,
      PCollection<SamplePlan> rejectedPlans) {
    this.pipeline = samples.getPipeline();
    this.samples = samples;
    this.failures = failures;
    this.stats = stats;
    this.rejectedPlans = rejectedPlans;
  }

  static GenerationResult of(
      PCollection<Row> samples,
      PCollection<Row> failures,
      PCollection<RunStats> stats,
      PCollection<SamplePlan> rejectedPlans) {
    return new GenerationResult(samples, failures, stats, rejectedPlans);
  }

  public PCollection<Row> getSamples() {
    return samples;
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
    return Map.of(SAMPLES, samples, FAILURES, failures, STATS, stats, REJECTED, rejectedPlans);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
