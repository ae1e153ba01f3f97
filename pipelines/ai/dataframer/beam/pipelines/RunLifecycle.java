package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.plan.RunIds;
import ai.dataframer.beam.core.request.ModelCatalog;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.io.llm.BatchingClient;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.sink.OutputCommit;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.StoreFiles;
import ai.dataframer.beam.transforms.RunConfig;
import ai.dataframer.beam.transforms.RunSummary;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;

/**
 * One run's record and output through its life (docs/ARCHITECTURE.md, "Run lifecycle"): PENDING
 * when recorded, PROCESSING while the pipeline runs, then SUCCEEDED once the staged output is
 * committed, FAILED (an error, or too few accepted samples) or CANCELED (SIGINT, SIGTERM). A run
 * that does not succeed leaves the previous output as it was.
 */
final class RunLifecycle {
  static final String SUMMARY_FILE = "summary.json";

  /** What the job around the run does at its end, e.g. store or fail the spec version it made. */
  interface Completion {
    /** Before the output is committed: the last chance to refuse the run. */
    default void beforeCommit() {}

    /** Once the output is committed. */
    default void afterCommit() {}

    /** When the run fails or is canceled, with the reason. */
    default void onFailure(String reason) {}

    /** Nothing beyond the run itself. */
    Completion NONE = new Completion() {};
  }

  private final RunStore runs;
  private final OutputCommit output;
  private final RunTarget target;
  private final Completion completion;
  private String stagedOutput;
  private final Object lock = new Object();
  private RunManifest manifest;
  private PipelineResult result;
  private boolean ended;
  private boolean committing;

  private RunLifecycle(
      RunStore runs,
      OutputCommit output,
      RunTarget target,
      Completion completion,
      RunManifest manifest) {
    this.runs = runs;
    this.output = output;
    this.target = target;
    this.completion = completion;
    this.manifest = manifest;
  }

  /**
   * Records the run as PENDING with a fresh run id, and opens its staging location; {@code
   * completion} is told how the run ends, from here on.
   */
  static RunLifecycle begin(
      RunStore runs,
      OutputCommit output,
      RunTarget target,
      String specId,
      int specVersion,
      RunCreate request,
      Completion completion) {
    Instant now = Instant.now();
    String runId = RunIds.newRunId(now);
    long seed = target.randomSeed() != null ? target.randomSeed() : new SecureRandom().nextLong();
    RunManifest pending =
        RunManifest.builder()
            .id(runId)
            .specId(specId)
            .specVersion(specVersion)
            .status(RunStatus.PENDING)
            .numberOfSamples(request.numberOfSamples())
            .runtimeParams(request.toRuntimeParams())
            .createdAt(now.toString())
            .seed(seed)
            .generationKey(
                RunIds.generationKey(
                    specId, specVersion, seed, request.toRuntimeParams().toString()))
            .output(target.output())
            .owner(JobOwner.current())
            .modelRoutes(modelRoutes(request, target))
            .build();
    RunLifecycle run = new RunLifecycle(runs, output, target, completion, pending);
    try {
      runs.create(pending);
    } catch (RuntimeException e) {
      completion.onFailure(JobFailedException.rootMessage(e));
      throw e;
    }
    try {
      run.stagedOutput = output.stage(runId, JobOwner.current());
    } catch (RuntimeException e) {
      throw run.fail(e);
    }
    return run;
  }

  /**
   * Each provider model id the run calls, with the name its provider is asked for under the job's
   * model catalog: both names of a retired id a {@code --model-catalog} file re-pointed
   * (docs/ARCHITECTURE.md section 7).
   */
  static Map<String, String> modelRoutes(RunCreate request, RunTarget target) {
    Map<String, String> routes = new LinkedHashMap<>();
    if (target.models() == null) {
      return routes; // every stage is embedded
    }
    for (Map.Entry<String, String> field : request.modelsByField().entrySet()) {
      String model = field.getValue();
      boolean called =
          field.getKey().equals(RunCreate.GENERATION_MODEL)
              || (field.getKey().equals(RunCreate.OUTLINE_MODEL) && request.usesOutlineModel())
              || (field.getKey().equals(RunCreate.REVISION_MODEL) && request.usesRevisionModel());
      if (called && model != null && !ModelCatalog.isEmbedded(model)) {
        routes.putIfAbsent(model, target.models().modelCatalog().route(model).apiModel());
      }
    }
    return routes;
  }

  String runId() {
    return manifest.id();
  }

  /** The run's configuration, writing to its staging location. */
  RunConfig.Builder config(RunCreate request, Schema recordSchema) {
    return RunConfig.builder()
        .setGenerationKey(manifest.generationKey())
        .setSpecId(manifest.specId())
        .setSpecVersion(manifest.specVersion())
        .setRequest(request)
        .setRandomSeed(manifest.seed())
        .setRecordSchema(recordSchema)
        .setOutput(stagedOutput)
        .setNumShards(target.numShardsFor(request.numberOfSamples()))
        .setWriteMode(target.bigQueryWrite())
        .setMaxAttempts(target.maxAttempts())
        .setModels(models())
        .setMaxCostUsd(target.maxCostUsd())
        .setMaxInFlight(target.maxInFlight())
        .setRefillRounds(target.refillRounds())
        .setMaxSeedRejectFraction(target.maxSeedRejectFraction())
        .setSummaryFile(summaryFile());
  }

  /**
   * The model settings of the run; in batch mode with the run's batch records under {@code
   * <store>/batches/<generation key>/}, where a restarted run with the same inputs finds the
   * batches a killed one submitted (docs/ARCHITECTURE.md section 7, "Batch mode").
   */
  private LlmSettings models() {
    LlmSettings models = target.models();
    if (models == null || models.batch().isEmpty()) {
      return models;
    }
    return models.withBatch(models.batch().get().withStateDirectory(batchDirectory()));
  }

  private String batchDirectory() {
    return StoreFiles.directory(runs.root(), "batches", manifest.generationKey()).toString();
  }

  /**
   * Builds the pipeline with {@code build}, runs it, and ends the run: SUCCEEDED with the committed
   * output, or FAILED / CANCELED with the previous output untouched.
   *
   * @throws JobFailedException when the run did not succeed
   */
  RunManifest execute(PipelineOptions options, Consumer<Pipeline> build) {
    try (Cancellation.Scope scope = Cancellation.whileRunning(this::cancel)) {
      Pipeline pipeline = Pipeline.create(options);
      build.accept(pipeline);
      record(manifest.toBuilder().status(RunStatus.PROCESSING).build());
      PipelineResult running = pipeline.run();
      synchronized (lock) {
        result = running;
      }
      Jobs.await(running, manifest.numberOfSamples());
      RunSummary summary = readSummary();
      RunManifest counted = counted(summary);
      requireEnoughSamples(counted, summary);
      return commit(counted);
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  /** The run's summary file, which the pipeline writes into the run's folder of the store. */
  private String summaryFile() {
    return StoreFiles.file(StoreFiles.directory(runs.root(), "runs", runId()), SUMMARY_FILE)
        .toString();
  }

  private RunSummary readSummary() {
    return RunSummary.fromJson(runs.readRunFile(runId(), SUMMARY_FILE), summaryFile());
  }

  /** The PROCESSING record with what the pipeline counted. */
  private RunManifest counted(RunSummary summary) {
    return manifest.toBuilder()
        .samplesCompleted(summary.samplesCompleted())
        .samplesFailed(summary.samplesFailed())
        .totalCost(summary.totalCost())
        .tokenUsage(summary.tokenUsage())
        .seedRowsRead(summary.seed().rowsRead())
        .seedRowsRejected(summary.seed().rowsRejected())
        .seedRejectReasons(summary.seed().firstReasons())
        .batch(
            target.models() != null && target.models().batch().isPresent()
                ? new RunManifest.BatchUse(BatchingClient.batchesRecordedIn(batchDirectory()))
                : null)
        .build();
  }

  /** A run that accepted nothing, or fewer than --min-completed-fraction of N, failed. */
  private void requireEnoughSamples(RunManifest counted, RunSummary summary) {
    long n = counted.numberOfSamples();
    long required = Math.max(1, (long) Math.ceil(target.minCompletedFraction() * n - 1e-9));
    if (counted.samplesCompleted() >= required) {
      return;
    }
    synchronized (lock) {
      manifest = counted;
    }
    String reasons =
        summary.firstFailureReasons().isEmpty()
            ? ""
            : String.format(
                "; first reasons:%n  - %s",
                String.join(System.lineSeparator() + "  - ", summary.firstFailureReasons()));
    String needed =
        required == 1
            ? "a run needs at least one"
            : "--min-completed-fraction " + target.minCompletedFraction() + " needs " + required;
    throw new JobFailedException(
        counted.samplesCompleted() + " of " + n + " samples completed, " + needed + reasons,
        JobFailedException.EXIT_INCOMPLETE,
        null);
  }

  private RunManifest commit(RunManifest counted) {
    synchronized (lock) {
      if (ended) {
        throw new IllegalStateException("run " + runId() + " was canceled before its commit");
      }
      manifest = counted;
      completion.beforeCommit();
      committing = true;
      List<String> files = output.commit(runId());
      completion.afterCommit();
      ended = true;
      return record(
          counted.toBuilder()
              .status(RunStatus.SUCCEEDED)
              .generatedFiles(files)
              .completedAt(Instant.now().toString())
              .owner(null)
              .build());
    }
  }

  /** Ends the run as FAILED unless it has ended already; returns what the caller should throw. */
  private RuntimeException fail(RuntimeException error) {
    synchronized (lock) {
      if (ended) {
        // Canceled by a signal, which recorded the run and printed its end: say that, not how
        // the pipeline stopped, and only once.
        String message =
            "run " + runId() + " " + manifest.status() + ": " + manifest.errorMessage();
        int exitCode = Cancellation.exitCode(JobFailedException.EXIT_FAILED);
        return manifest.status() == RunStatus.CANCELED
            ? JobFailedException.alreadyReported(message, exitCode, error)
            : new JobFailedException(message, exitCode, error);
      }
      ended = true;
      String reason = JobFailedException.rootMessage(error);
      // A commit cut short is finished by the next run's pre-check; its staged files must stay.
      if (!committing && stagedOutput != null) {
        runQuietly(() -> output.abort(runId()), error);
      }
      runQuietly(() -> completion.onFailure(reason), error);
      runQuietly(() -> record(ended(RunStatus.FAILED, reason)), error);
      int exitCode =
          error instanceof JobFailedException
              ? ((JobFailedException) error).exitCode()
              : JobFailedException.EXIT_FAILED;
      return new JobFailedException("run " + runId() + " FAILED: " + reason, exitCode, error);
    }
  }

  /** Runs on the signal's thread: stops the pipeline, drops the staged output, records CANCELED. */
  private void cancel(String signal) {
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      String reason = "canceled by SIG" + signal;
      RuntimeException problems = new IllegalStateException(reason);
      if (result != null) {
        runQuietly(
            () -> {
              try {
                result.cancel();
              } catch (java.io.IOException | UnsupportedOperationException e) {
                throw new IllegalStateException(e);
              }
            },
            problems);
      }
      if (stagedOutput != null) {
        runQuietly(() -> output.abort(runId()), problems);
      }
      runQuietly(() -> completion.onFailure(reason), problems);
      record(ended(RunStatus.CANCELED, reason));
      System.err.println("run " + runId() + " CANCELED: " + reason);
    }
  }

  private RunManifest ended(RunStatus status, String reason) {
    return manifest.toBuilder()
        .status(status)
        .errorMessage(reason)
        .completedAt(Instant.now().toString())
        .owner(null)
        .build();
  }

  private RunManifest record(RunManifest next) {
    runs.write(next);
    manifest = next;
    return next;
  }

  private static void runQuietly(Runnable step, RuntimeException error) {
    try {
      step.run();
    } catch (RuntimeException e) {
      error.addSuppressed(e);
    }
  }
}
