package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.seed.SeedTextOptions;
import ai.dataframer.beam.io.sink.WriteMode;
import ai.dataframer.beam.transforms.RunConfig;
import com.google.auto.value.AutoValue;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where and how a run writes and when it counts as a success, beyond its RunCreate request: the
 * command line's run options as one value, checked when built.
 */
@AutoValue
public abstract class RunTarget {
  /** Samples per output file when the user names no shard count. */
  public static final long SAMPLES_PER_SHARD = 200_000;

  /** Spec and run store root. */
  public abstract String store();

  /** Records URI; failures go beside the records. */
  public abstract String output();

  /** The user's random seed, or null for a fresh one (recorded in the manifest). */
  public abstract @Nullable Long randomSeed();

  /** Output files per sink, or null for one per {@value #SAMPLES_PER_SHARD} samples. */
  public abstract @Nullable Integer numShards();

  /** Attempts per sample before it goes to the failure output. */
  public abstract int maxAttempts();

  /** BigQuery outputs: truncate (refresh) or append. */
  public abstract WriteMode bigQueryWrite();

  /** The model clients' settings, or null when every stage is embedded. */
  public abstract @Nullable LlmSettings models();

  /** Per-worker spending cap in USD, or null. */
  public abstract @Nullable Double maxCostUsd();

  /** Samples in flight per DoFn instance with provider models. */
  public abstract int maxInFlight();

  /** Rounds of fresh plans replacing failed samples (0: off). */
  public abstract int refillRounds();

  /**
   * The share of the N samples that must be accepted for the run to succeed; 0 completed samples
   * always fail a run.
   */
  public abstract double minCompletedFraction();

  /** The share of seed rows that may be rejected while reading before the run refuses to start. */
  public abstract double maxSeedRejectFraction();

  /** How to read a CSV or JSON Lines seed's text (--seed-encoding, --csv-delimiter). */
  public abstract SeedTextOptions seedText();

  public abstract Builder toBuilder();

  /** A builder with the command line's defaults. */
  public static Builder builder() {
    return new AutoValue_RunTarget.Builder()
        .setMaxAttempts(3)
        .setBigQueryWrite(WriteMode.TRUNCATE)
        .setMaxInFlight(256)
        .setRefillRounds(0)
        .setMinCompletedFraction(0)
        .setMaxSeedRejectFraction(RunConfig.DEFAULT_MAX_SEED_REJECT_FRACTION)
        .setSeedText(SeedTextOptions.DEFAULT);
  }

  /** The shard count: the user's, else one per {@value #SAMPLES_PER_SHARD} samples. */
  int numShardsFor(long samples) {
    Integer requested = numShards();
    return requested != null
        ? requested
        : (int) Math.max(1, (samples + SAMPLES_PER_SHARD - 1) / SAMPLES_PER_SHARD);
  }

  /** Builds a {@link RunTarget}; {@link #build()} names the option of any bad value. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setStore(String store);

    public abstract Builder setOutput(String output);

    public abstract Builder setRandomSeed(@Nullable Long randomSeed);

    public abstract Builder setNumShards(@Nullable Integer numShards);

    public abstract Builder setMaxAttempts(int maxAttempts);

    public abstract Builder setBigQueryWrite(WriteMode bigQueryWrite);

    public abstract Builder setModels(@Nullable LlmSettings models);

    public abstract Builder setMaxCostUsd(@Nullable Double maxCostUsd);

    public abstract Builder setMaxInFlight(int maxInFlight);

    public abstract Builder setRefillRounds(int refillRounds);

    public abstract Builder setMinCompletedFraction(double minCompletedFraction);

    public abstract Builder setMaxSeedRejectFraction(double maxSeedRejectFraction);

    public abstract Builder setSeedText(SeedTextOptions seedText);

    abstract RunTarget autoBuild();

    public RunTarget build() {
      RunTarget target = autoBuild();
      require(
          target.numShards() == null || target.numShards() >= 1,
          "--num-shards must be >= 1, but was " + target.numShards());
      require(
          target.maxAttempts() >= 1,
          "--max-attempts must be >= 1, but was " + target.maxAttempts());
      require(
          target.maxCostUsd() == null || target.maxCostUsd() > 0,
          "--max-cost-usd must be > 0, but was " + target.maxCostUsd());
      require(
          target.maxInFlight() >= 1,
          "--max-in-flight must be >= 1, but was " + target.maxInFlight());
      require(
          target.refillRounds() >= 0, "--refill must be >= 0, but was " + target.refillRounds());
      require(
          isFraction(target.minCompletedFraction()),
          "--min-completed-fraction must be between 0 and 1, but was "
              + target.minCompletedFraction());
      require(
          isFraction(target.maxSeedRejectFraction()),
          "--max-seed-reject-fraction must be between 0 and 1, but was "
              + target.maxSeedRejectFraction());
      return target;
    }

    private static boolean isFraction(double value) {
      return value >= 0 && value <= 1;
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
