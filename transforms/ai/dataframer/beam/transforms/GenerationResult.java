package ai.dataframer.beam.transforms;

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
 * The output of {@link GenerateSamples}: accepted samples (record columns followed by the {@code _df_}
 * metadata columns) and failures (rows of {@code FailureRows.SCHEMA}), one or the other per plan;
 * and the run's totals as partial sums (one per worker bundle), for {@code RunStats.sum}.
 */
public final class GenerationResult implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<Row> samplesTag;
  private final PCollection<Row> samples;
  private final TupleTag<Row> failuresTag;
  private final PCollection<Row> failures;
  private final TupleTag<RunStats> statsTag;
  private final PCollection<RunStats> stats;

  private GenerationResult(
      Pipeline pipeline, TupleTag<Row> samplesTag, PCollection<Row> samples,
      TupleTag<Row> failuresTag, PCollection<Row> failures, TupleTag<RunStats> statsTag,
      PCollection<RunStats> stats) {
    this.pipeline = pipeline;
    this.samplesTag = samplesTag;
    this.samples = samples;
    this.failuresTag = failuresTag;
    this.failures = failures;
    this.statsTag = statsTag;
    this.stats = stats;
  }

  static GenerationResult of(
      TupleTag<Row> samplesTag, PCollection<Row> samples, TupleTag<Row> failuresTag,
      PCollection<Row> failures, TupleTag<RunStats> statsTag, PCollection<RunStats> stats) {
    return new GenerationResult(
        samples.getPipeline(), samplesTag, samples, failuresTag, failures, statsTag, stats);
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

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(samplesTag, samples, failuresTag, failures, statsTag, stats);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
