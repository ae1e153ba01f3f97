package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.pipelines.RunTarget;
import picocli.CommandLine.Option;

/** Options of a run beyond the RunCreate body: output, randomness, request file, sizing. */
public final class RunOptions {
  @Option(
      names = "--output",
      required = true,
      description = "Where records go: parquet:PATH, jsonl:PATH, csv:PATH or"
          + " bigquery:PROJECT:DATASET.TABLE. Failures go beside them.")
  String output;

  @Option(
      names = "--random-seed",
      description = "Seed for every random choice; the same seed gives byte-identical output"
          + " (default: a fresh random seed, recorded in the manifest).")
  Long randomSeed;

  @Option(
      names = "--request",
      description = "A RunCreate JSON body (as sent to the hosted API); options override its fields.")
  String requestFile;

  @Option(
      names = "--allow-large-runs",
      description = "Allow number_of_samples above the hosted API's 20000.")
  boolean allowLargeRuns;

  @Option(
      names = "--num-shards",
      description = "Output files per sink (default: one per 200,000 samples).")
  Integer numShards;

  @Option(
      names = "--max-attempts",
      defaultValue = "3",
      description = "Attempts per sample before it goes to the failure output (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(
      names = "--bigquery-write",
      defaultValue = "truncate",
      description = "BigQuery outputs: truncate (refresh) or append (default: ${DEFAULT-VALUE}).")
  String bigQueryWrite;

  /** These options as values for the job. */
  public RunTarget target(String store) {
    return new RunTarget(store, output, randomSeed, numShards, maxAttempts, bigQueryWrite);
  }
}
