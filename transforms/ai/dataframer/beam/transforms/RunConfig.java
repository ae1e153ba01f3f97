package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.seed.FolderLayout;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.sink.WriteMode;
import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Everything one run of a spec is configured by, built once from a validated {@link RunCreate}
 * request and the job's options: the value {@link DataFramer#run(RunConfig)} expands from
 * (docs/ARCHITECTURE.md, "The front door").
 *
 * <p>Sample ids, plans and output bytes depend only on {@link #generationKey()}, the request and
 * {@link #randomSeed()}, never on when or where the run happens, so a rerun writes the same bytes.
 */
@AutoValue
public abstract class RunConfig implements Serializable {
  /** Rows of the seed the embedded engine learns text and conditional values from. */
  public static final int MAX_SEED_EXAMPLES = 10_000;

  /**
   * Without max_examples_in_prompt the LLM stages fit as many examples as 10K tokens allow; plans
   * carry a generous upper bound and the prompt builder trims to the token budget.
   */
  public static final int DEFAULT_EXAMPLES_PER_PLAN = 50;

  /** The default share of seed rows that may be unreadable before a run refuses to start. */
  public static final double DEFAULT_MAX_SEED_REJECT_FRACTION = 0.01;

  /** What sample ids derive from: the same key, request and seed give the same samples. */
  public abstract String generationKey();

  /** The spec id written into every record. */
  public abstract String specId();

  /** The spec version written into every record. */
  public abstract int specVersion();

  /** The validated RunCreate request. */
  public abstract RunCreate request();

  /** The seed of every random choice of the run. */
  public abstract long randomSeed();

  /** The columns of the samples: the seed's for records, one {@code text} column for documents. */
  public abstract Schema recordSchema();

  /**
   * The sink URI records are written to ({@code parquet:PATH}, {@code jsonl:PATH}, {@code
   * csv:PATH}, {@code bigquery:PROJECT:DATASET.TABLE}); failures go beside them. For an atomic
   * refresh this is the run's staging location, committed by the job once the pipeline succeeded.
   */
  public abstract String output();

  /** Output files per file sink. */
  public abstract int numShards();

  /** BigQuery only: truncate (a refresh) or append. */
  public abstract WriteMode writeMode();

  /** Attempts per sample before it goes to the failure output. */
  public abstract int maxAttempts();

  /** The model clients' settings, or null when every stage is embedded. */
  public abstract @Nullable LlmSettings models();

  /** Per-worker spending cap in USD, or null for none. */
  public abstract @Nullable Double maxCostUsd();

  /** Samples in flight per DoFn instance with provider models. */
  public abstract int maxInFlight();

  /** Rounds of fresh plans replacing samples that failed every attempt (0: off). */
  public abstract int refillRounds();

  /** The share of seed rows that may be rejected while reading before generation is refused. */
  public abstract double maxSeedRejectFraction();

  /** Where the run's summary (counts, cost, files) is written as JSON, or null for nowhere. */
  public abstract @Nullable String summaryFile();

  /**
   * The files of a MULTI_FOLDER seed's samples, or null: file outputs then also get one folder per
   * sample with these files, {@code samples/<index>/<file>} (docs/ARCHITECTURE.md, "Document and
   * folder seeds"); the record schema must hold their columns.
   */
  public abstract @Nullable FolderLayout folderLayout();

  public abstract Builder toBuilder();

  /** A builder with the defaults of the CLI: one shard, truncate, 3 attempts, no refill. */
  public static Builder builder() {
    return new AutoValue_RunConfig.Builder()
        .setNumShards(1)
        .setWriteMode(WriteMode.TRUNCATE)
        .setMaxAttempts(3)
        .setMaxInFlight(GenerateSamples.DEFAULT_MAX_IN_FLIGHT)
        .setRefillRounds(0)
        .setMaxSeedRejectFraction(DEFAULT_MAX_SEED_REJECT_FRACTION);
  }

  /** Examples each plan carries: the request's limit, else a default that fits a prompt. */
  int examplesPerPlan() {
    Integer limit = request().maxExamplesInPrompt();
    return limit != null ? limit : DEFAULT_EXAMPLES_PER_PLAN;
  }

  /** Builds a {@link RunConfig}; {@link #build()} checks every value. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setGenerationKey(String generationKey);

    public abstract Builder setSpecId(String specId);

    public abstract Builder setSpecVersion(int specVersion);

    public abstract Builder setRequest(RunCreate request);

    public abstract Builder setRandomSeed(long randomSeed);

    public abstract Builder setRecordSchema(Schema recordSchema);

    public abstract Builder setOutput(String output);

    public abstract Builder setNumShards(int numShards);

    public abstract Builder setWriteMode(WriteMode writeMode);

    public abstract Builder setMaxAttempts(int maxAttempts);

    public abstract Builder setModels(@Nullable LlmSettings models);

    public abstract Builder setMaxCostUsd(@Nullable Double maxCostUsd);

    public abstract Builder setMaxInFlight(int maxInFlight);

    public abstract Builder setRefillRounds(int refillRounds);

    public abstract Builder setMaxSeedRejectFraction(double maxSeedRejectFraction);

    public abstract Builder setSummaryFile(@Nullable String summaryFile);

    public abstract Builder setFolderLayout(@Nullable FolderLayout folderLayout);

    abstract RunConfig autoBuild();

    public RunConfig build() {
      RunConfig config = autoBuild();
      checkArgument(
          !config.generationKey().isBlank(), "generationKey must not be blank, but was ''");
      checkArgument(!config.specId().isBlank(), "specId must not be blank");
      checkArgument(
          config.specVersion() >= 1, "specVersion must be >= 1, but was %s", config.specVersion());
      checkArgument(
          config.numShards() >= 1, "numShards must be >= 1, but was %s", config.numShards());
      checkArgument(
          config.maxAttempts() >= 1, "maxAttempts must be >= 1, but was %s", config.maxAttempts());
      checkArgument(
          config.maxInFlight() >= 1, "maxInFlight must be >= 1, but was %s", config.maxInFlight());
      checkArgument(
          config.refillRounds() >= 0,
          "refillRounds must be >= 0, but was %s",
          config.refillRounds());
      checkArgument(
          config.maxCostUsd() == null || config.maxCostUsd() > 0,
          "maxCostUsd must be > 0, but was %s",
          config.maxCostUsd());
      checkArgument(
          config.maxSeedRejectFraction() >= 0 && config.maxSeedRejectFraction() <= 1,
          "maxSeedRejectFraction must be between 0 and 1, but was %s",
          config.maxSeedRejectFraction());
      if (config.folderLayout() != null) {
        for (String column : config.folderLayout().columns()) {
          checkArgument(
              config.recordSchema().hasField(column),
              "folderLayout needs the record schema to have column %s, but it has %s",
              column,
              config.recordSchema().getFieldNames());
        }
      }
      return config;
    }
  }
}
