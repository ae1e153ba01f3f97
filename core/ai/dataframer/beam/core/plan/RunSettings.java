package ai.dataframer.beam.core.plan;

import java.io.Serializable;

/**
 * What a run contributes to every plan, beyond the spec.
 *
 * @param runId the run's id (see {@link RunIds})
 * @param runSeed the run's random seed
 * @param seedExampleCount size of the run's seed example list; 0 for a seedless run
 * @param level how seed examples are chosen
 * @param examplesPerPlan examples shown per prompt; clamped to {@code seedExampleCount}
 */
public record RunSettings(
    String runId, long runSeed, int seedExampleCount, SeedShufflingLevel level, int examplesPerPlan)
    implements Serializable {

  public RunSettings {
    if (runId == null || runId.isEmpty()) {
      throw new IllegalArgumentException("runId must be non-empty");
    }
    if (level == null) {
      throw new IllegalArgumentException("seed shuffling level must not be null");
    }
    if (seedExampleCount < 0) {
      throw new IllegalArgumentException(
          "seedExampleCount must be >= 0, but was " + seedExampleCount);
    }
    if (examplesPerPlan < 0) {
      throw new IllegalArgumentException(
          "examplesPerPlan must be >= 0, but was " + examplesPerPlan);
    }
    examplesPerPlan = Math.min(examplesPerPlan, seedExampleCount);
  }
}
