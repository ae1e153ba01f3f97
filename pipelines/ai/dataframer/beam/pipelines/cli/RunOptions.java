package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.request.ModelCatalog;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.io.llm.BatchSettings;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.sink.WriteMode;
import ai.dataframer.beam.pipelines.RunTarget;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of a run beyond the RunCreate body: output, randomness, request file, sizing. */
public final class RunOptions {
  @Option(
      names = "--output",
      required = true,
      description =
          "Where records go: parquet:PATH, jsonl:PATH, csv:PATH or"
              + " bigquery:PROJECT:DATASET.TABLE. Failures go beside them.")
  String output;

  @Option(
      names = "--random-seed",
      description =
          "Seed for every random choice; the same seed gives byte-identical output"
              + " (default: a fresh random seed, recorded in the manifest).")
  Long randomSeed;

  @Option(
      names = "--request",
      description =
          "A RunCreate JSON body (as sent to the hosted API); options override its fields.")
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
      description =
          "Attempts per sample before it goes to the failure output (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(
      names = "--bigquery-write",
      defaultValue = "truncate",
      description = "BigQuery outputs: truncate (refresh) or append (default: ${DEFAULT-VALUE}).")
  String bigQueryWrite;

  @Option(
      names = "--max-cost-usd",
      description =
          "Stop spending at this many USD per worker: the remaining samples fail with"
              + " reason budget (default: no cap).")
  Double maxCostUsd;

  @Option(
      names = "--max-in-flight",
      description =
          "Samples in flight per worker thread with provider models (default: 256; 10000 with"
              + " --batch, so a round's calls go out in one batch).")
  Integer maxInFlight;

  /** Samples in flight by default online, and in batch mode, where they wait for hours. */
  static final int DEFAULT_MAX_IN_FLIGHT = 256;

  static final int BATCH_MAX_IN_FLIGHT = 10_000;

  @Option(
      names = "--batch",
      description =
          "Send the OpenAI, Anthropic, Gemini and Together calls as provider batches at the"
              + " model catalog's batch prices (half the online price for OpenAI, Anthropic and"
              + " Gemini; results within 24 h); other providers, and models without a batch price,"
              + " stay online. A restarted run with the same inputs and --random-seed resumes its"
              + " batches.")
  boolean batch;

  @Option(
      names = "--batch-quiet-ms",
      defaultValue = "5000",
      description =
          "Batch mode: submit a batch once no call joined it for this long"
              + " (default: ${DEFAULT-VALUE}).")
  long batchQuietMillis;

  @Option(
      names = "--batch-max-wait-ms",
      defaultValue = "120000",
      description =
          "Batch mode: submit a batch once its first call waited this long"
              + " (default: ${DEFAULT-VALUE}).")
  long batchMaxWaitMillis;

  @Option(
      names = "--batch-poll-ms",
      defaultValue = "30000",
      description =
          "Batch mode: first poll of a batch after this long, then doubling"
              + " (default: ${DEFAULT-VALUE}).")
  long batchPollMillis;

  @Option(
      names = "--batch-max-poll-ms",
      defaultValue = "300000",
      description = "Batch mode: longest wait between polls (default: ${DEFAULT-VALUE}).")
  long batchMaxPollMillis;

  @Option(
      names = "--refill",
      defaultValue = "0",
      description =
          "Rounds of fresh plans replacing samples that failed every attempt, to get"
              + " exactly N accepted; trades the assigned distribution for the count (default: off).")
  int refill;

  @Option(
      names = "--min-completed-fraction",
      defaultValue = "0",
      description =
          "The share of the N samples that must be accepted for the run to succeed (exit 0);"
              + " a run that accepted none always fails (default: ${DEFAULT-VALUE}).")
  double minCompletedFraction;

  @Option(
      names = "--max-seed-reject-fraction",
      defaultValue = "0.01",
      description =
          "The share of seed rows that may be unreadable; more fails the job before anything is"
              + " generated (default: ${DEFAULT-VALUE}).")
  double maxSeedRejectFraction;

  @Option(
      names = "--evaluate",
      negatable = true,
      description =
          "After a run SUCCEEDED, evaluate it as `dataframer evaluate` does (evaluation.json and"
              + " report.html beside the run). Default: on for the embedded engine, where it costs"
              + " no model calls; off otherwise.")
  Boolean evaluate;

  @Option(
      names = "--evaluation-model",
      description =
          "With --evaluate: the model that reads from every sample the properties no field is"
              + " bound to, as `dataframer evaluate --evaluation-model` (default: none).")
  String evaluationModel;

  /**
   * Whether the run of {@code request} is evaluated once it SUCCEEDED: as asked, else when it is
   * free (embedded) or an evaluation model was named.
   */
  boolean evaluate(RunCreate request) {
    if (evaluate != null) {
      return evaluate;
    }
    return evaluationModel != null || ModelCatalog.isEmbedded(request.generationModel());
  }

  /** These options as values for the job, with the model clients' settings (null: all embedded). */
  public RunTarget target(String store, LlmSettings models) {
    if (batch && models == null) {
      // Said rather than ignored: a nightly job asked for batch prices would silently get none.
      throw new IllegalArgumentException(
          "--batch sends model calls to providers as batches, but every model of this run is"
              + " embedded and calls no provider; drop --batch or name a provider model");
    }
    return RunTarget.builder()
        .setStore(store)
        .setOutput(output)
        .setRandomSeed(randomSeed)
        .setNumShards(numShards)
        .setMaxAttempts(maxAttempts)
        .setBigQueryWrite(writeMode(bigQueryWrite))
        .setModels(batch && models != null ? models.withBatch(batchSettings()) : models)
        .setMaxCostUsd(maxCostUsd)
        .setMaxInFlight(
            maxInFlight != null ? maxInFlight : batch ? BATCH_MAX_IN_FLIGHT : DEFAULT_MAX_IN_FLIGHT)
        .setRefillRounds(refill)
        .setMinCompletedFraction(minCompletedFraction)
        .setMaxSeedRejectFraction(maxSeedRejectFraction)
        .build();
  }

  /** Batch mode's windows and polls; the run sets where its batches are recorded. */
  BatchSettings batchSettings() {
    try {
      return BatchSettings.defaults()
          .withQuietWindow(
              Duration.ofMillis(batchQuietMillis), Duration.ofMillis(batchMaxWaitMillis))
          .withPolling(Duration.ofMillis(batchPollMillis), Duration.ofMillis(batchMaxPollMillis));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--batch-quiet-ms, --batch-max-wait-ms, --batch-poll-ms and --batch-max-poll-ms must be"
              + " positive, each longest at least its first: "
              + e.getMessage(),
          e);
    }
  }

  private static WriteMode writeMode(String bigQueryWrite) {
    switch (bigQueryWrite) {
      case "truncate":
        return WriteMode.TRUNCATE;
      case "append":
        return WriteMode.APPEND;
      default:
        throw new IllegalArgumentException(
            "--bigquery-write must be truncate or append, but was '" + bigQueryWrite + "'");
    }
  }
}
