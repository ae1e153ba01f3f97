package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.plan.RunIds;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.io.store.RunStore;
import java.security.SecureRandom;
import java.time.Instant;
import org.apache.beam.sdk.Pipeline;

/**
 * Runs a built run pipeline and keeps the run object in step: PROCESSING, then SUCCEEDED or FAILED.
 */
final class RunExecution {
  /** Samples per output file when the user names no shard count. */
  static final long SAMPLES_PER_SHARD = 200_000;

  private RunExecution() {}

  /**
   * The run seed: the user's, else a fresh one that the manifest records so the run can be redone.
   */
  static long randomSeed(Long requested) {
    return requested != null ? requested : new SecureRandom().nextLong();
  }

  static int numShards(Integer requested, RunCreate request) {
    if (requested != null) {
      if (requested < 1) {
        throw new IllegalArgumentException("--num-shards must be >= 1, but was " + requested);
      }
      return requested;
    }
    return (int)
        Math.max(1, (request.numberOfSamples() + SAMPLES_PER_SHARD - 1) / SAMPLES_PER_SHARD);
  }

  /** The deterministic run id: the same spec version, seed and request give the same run. */
  static String runId(String specId, int specVersion, long seed, RunCreate request) {
    return RunIds.derive(specId, specVersion, seed, request.toRuntimeParams().toString());
  }

  /**
   * Executes {@code pipeline}; {@code afterSuccess} runs once the job is DONE and before the run is
   * declared SUCCEEDED (e.g. storing the spec version the job created).
   */
  static RunManifest execute(
      Pipeline pipeline, RunSettings settings, RunStore runs, Runnable afterSuccess) {
    String createdAt = Instant.now().toString();
    runs.write(RunManifests.processing(settings, createdAt));
    try {
      Jobs.execute(pipeline, settings.request().numberOfSamples());
      afterSuccess.run();
    } catch (RuntimeException e) {
      runs.write(RunManifests.failed(settings, createdAt, e));
      throw e;
    }
    RunManifest manifest = RunManifests.succeeded(settings, createdAt, runs);
    runs.write(manifest);
    return manifest;
  }
}
