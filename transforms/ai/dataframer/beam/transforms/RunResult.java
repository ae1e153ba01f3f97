package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.run.RunStats;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The output of {@link RunSpec}: every failure (seed rows that could not be read, then samples that
 * failed every attempt), the run's partial totals, the files the sinks wrote, and the seed's tally.
 * The accepted samples are in the written files: an embedded run writes them where it generates
 * them and never holds them as a collection (docs/ARCHITECTURE.md, "Outputs").
 */
public final class RunResult implements POutput {
  private static final TupleTag<Row> FAILURES = new TupleTag<>("failures");
  private static final TupleTag<RunStats> STATS = new TupleTag<>("stats");
  private static final TupleTag<String> FILES = new TupleTag<>("files");

  private final PCollection<Row> failures;
  private final PCollection<RunStats> stats;
  private final PCollection<String> writtenFiles;
  private final PCollectionView<SeedTally> seedTally;

  private RunResult(
      PCollection<Row> failures,
      PCollection<RunStats> stats,
      PCollection<String> writtenFiles,
      PCollectionView<SeedTally> seedTally) {
    this.failures = failures;
    this.stats = stats;
    this.writtenFiles = writtenFiles;
    this.seedTally = seedTally;
  }

  static RunResult of(
      PCollection<Row> failures,
      PCollection<RunStats> stats,
      PCollection<String> writtenFiles,
      PCollectionView<SeedTally> seedTally) {
    return new RunResult(failures, stats, writtenFiles, seedTally);
  }

  /** Failures, as rows of {@code FailureRows.SCHEMA}. */
  public PCollection<Row> getFailures() {
    return failures;
  }

  /** Partial totals, one per worker bundle; {@code RunStats::sum} combines them. */
  public PCollection<RunStats> getStats() {
    return stats;
  }

  /** The paths (or BigQuery tables) the sinks wrote. */
  public PCollection<String> getWrittenFiles() {
    return writtenFiles;
  }

  /** Rows read and rejected while reading the seed. */
  public PCollectionView<SeedTally> getSeedTally() {
    return seedTally;
  }

  @Override
  public Pipeline getPipeline() {
    return failures.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(FAILURES, failures, STATS, stats, FILES, writtenFiles);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, org.apache.beam.sdk.values.PInput input, PTransform<?, ?> transform) {}
}
