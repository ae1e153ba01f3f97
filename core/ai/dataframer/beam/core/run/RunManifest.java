package ai.dataframer.beam.core.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run object (docs/ARCHITECTURE.md, "Run lifecycle"), written as {@code
 * runs/<id>/manifest.json}. Every planned sample ends as exactly one accepted record or one
 * failure, so a SUCCEEDED run accounts for all of them; the constructor enforces that and the other
 * invariants, so an inconsistent manifest cannot be built or read.
 *
 * @param id run id
 * @param specId id of the spec the run used
 * @param specVersion spec version used, from 1
 * @param status run status
 * @param numberOfSamples N, the samples planned
 * @param samplesCompleted samples accepted so far
 * @param samplesFailed samples that ended in the failure output so far
 * @param totalCost model cost in USD
 * @param tokenUsage model tokens per stage (outline, draft, revision, filter): input, output,
 *     cache_read, cache_write and reasoning token counts; empty for the embedded engine
 * @param runtimeParams the validated run request, in request order; values may be null
 * @param generatedFiles output files written, in a stable order
 * @param createdAt ISO-8601 instant the run was created
 * @param completedAt ISO-8601 instant the run ended, or null while it runs
 * @param seed run seed all sample randomness derives from
 * @param errorMessage why the run FAILED or was CANCELED, or null
 * @param generationKey what sample ids, plans and output bytes derive from (spec version, request
 *     and seed): two runs with the same key write the same records
 * @param output the output URI the run writes to
 * @param seedRowsRead seed rows read, accepted or not (0 for a seedless run)
 * @param seedRowsRejected seed rows that could not be read and went to the failure output
 * @param seedRejectReasons the first reasons seed rows were rejected, with file and line
 * @param owner the process running the job, so a later command can tell a killed job; null once the
 *     run has ended
 * @param batch null when the models were called online; in batch mode ({@code --batch}) how many
 *     provider batches the run's inputs used, those of an earlier killed run it resumed included
 * @param modelRoutes for each provider model id the run calls, the name its provider was asked for,
 *     as the model catalog routed it (a {@code --model-catalog} file may re-point a retired id);
 *     empty for the embedded engine and in manifests written before it was recorded
 */
@JsonPropertyOrder({
  "id",
  "spec_id",
  "spec_version",
  "status",
  "number_of_samples",
  "samples_completed",
  "samples_failed",
  "total_cost",
  "token_usage",
  "runtime_params",
  "generated_files",
  "created_at",
  "completed_at",
  "seed",
  "error_message",
  "generation_key",
  "output",
  "seed_rows_read",
  "seed_rows_rejected",
  "seed_reject_reasons",
  "batch",
  "owner",
  "model_routes"
})
public record RunManifest(
    @JsonProperty("id") String id,
    @JsonProperty("spec_id") String specId,
    @JsonProperty("spec_version") int specVersion,
    @JsonProperty("status") RunStatus status,
    @JsonProperty("number_of_samples") long numberOfSamples,
    @JsonProperty("samples_completed") long samplesCompleted,
    @JsonProperty("samples_failed") long samplesFailed,
    @JsonProperty("total_cost") double totalCost,
    @JsonProperty("token_usage") Map<String, Map<String, Long>> tokenUsage,
    @JsonProperty("runtime_params") Map<String, Object> runtimeParams,
    @JsonProperty("generated_files") List<String> generatedFiles,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("completed_at") String completedAt,
    @JsonProperty("seed") long seed,
    @JsonProperty("error_message") String errorMessage,
    @JsonProperty("generation_key") String generationKey,
    @JsonProperty("output") String output,
    @JsonProperty("seed_rows_read") long seedRowsRead,
    @JsonProperty("seed_rows_rejected") long seedRowsRejected,
    @JsonProperty("seed_reject_reasons") List<String> seedRejectReasons,
    @JsonProperty("owner") JobOwner owner,
    @JsonProperty("batch") BatchUse batch,
    @JsonProperty("model_routes") Map<String, String> modelRoutes)
    implements Serializable {

  /**
   * How a run in batch mode used the providers' batch APIs.
   *
   * @param batches provider batches submitted for the run's inputs (its generation key)
   */
  public record BatchUse(@JsonProperty("batches") long batches) implements Serializable {}

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          // Every key is always written, so a missing one means a truncated or foreign file.
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();
  // "\n" whatever the platform, so the same manifest is the same bytes everywhere.
  private static final ObjectWriter WRITER =
      MAPPER.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  public RunManifest {
    require(id != null && !id.isBlank(), "id is required");
    require(specId != null && !specId.isBlank(), "spec_id is required");
    require(status != null, "status is required");
    require(createdAt != null && !createdAt.isBlank(), "created_at is required");
    require(specVersion >= 1, "spec_version must be >= 1, but was " + specVersion);
    require(numberOfSamples >= 1, "number_of_samples must be >= 1, but was " + numberOfSamples);
    require(
        samplesCompleted >= 0 && samplesFailed >= 0,
        "samples_completed and samples_failed must be >= 0, but were "
            + samplesCompleted
            + " and "
            + samplesFailed);
    require(
        samplesCompleted + samplesFailed <= numberOfSamples,
        "samples_completed ("
            + samplesCompleted
            + ") + samples_failed ("
            + samplesFailed
            + ") exceed number_of_samples ("
            + numberOfSamples
            + ")");
    require(
        status != RunStatus.SUCCEEDED || samplesCompleted + samplesFailed == numberOfSamples,
        "a SUCCEEDED run accounts for every sample, but samples_completed ("
            + samplesCompleted
            + ") + samples_failed ("
            + samplesFailed
            + ") != number_of_samples ("
            + numberOfSamples
            + ")");
    require(
        Double.isFinite(totalCost) && totalCost >= 0,
        "total_cost must be >= 0, but was " + totalCost);
    tokenUsage =
        tokenUsage == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(tokenUsage));
    runtimeParams =
        runtimeParams == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(runtimeParams));
    generatedFiles = generatedFiles == null ? List.of() : List.copyOf(generatedFiles);
    require(
        seedRowsRead >= 0 && seedRowsRejected >= 0,
        "seed_rows_read and seed_rows_rejected must be >= 0");
    seedRejectReasons = seedRejectReasons == null ? List.of() : List.copyOf(seedRejectReasons);
    modelRoutes =
        modelRoutes == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(modelRoutes));
  }

  /** A builder with no field set; {@link #toBuilder()} starts from a manifest. */
  public static Builder builder() {
    return new Builder();
  }

  /** This manifest's fields in a builder, to derive the next state of the same run. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .specId(specId)
        .specVersion(specVersion)
        .status(status)
        .numberOfSamples(numberOfSamples)
        .samplesCompleted(samplesCompleted)
        .samplesFailed(samplesFailed)
        .totalCost(totalCost)
        .tokenUsage(tokenUsage)
        .runtimeParams(runtimeParams)
        .generatedFiles(generatedFiles)
        .createdAt(createdAt)
        .completedAt(completedAt)
        .seed(seed)
        .errorMessage(errorMessage)
        .generationKey(generationKey)
        .output(output)
        .seedRowsRead(seedRowsRead)
        .seedRowsRejected(seedRowsRejected)
        .seedRejectReasons(seedRejectReasons)
        .owner(owner)
        .batch(batch)
        .modelRoutes(modelRoutes);
  }

  /** Builds a manifest by field name; {@link #build()} checks the invariants. */
  public static final class Builder {
    private String id;
    private String specId;
    private int specVersion;
    private RunStatus status;
    private long numberOfSamples;
    private long samplesCompleted;
    private long samplesFailed;
    private double totalCost;
    private Map<String, Map<String, Long>> tokenUsage;
    private Map<String, Object> runtimeParams;
    private List<String> generatedFiles;
    private String createdAt;
    private String completedAt;
    private long seed;
    private String errorMessage;
    private String generationKey;
    private String output;
    private long seedRowsRead;
    private long seedRowsRejected;
    private List<String> seedRejectReasons;
    private JobOwner owner;
    private BatchUse batch;
    private Map<String, String> modelRoutes;

    private Builder() {}

    public Builder modelRoutes(Map<String, String> value) {
      modelRoutes = value;
      return this;
    }

    public Builder id(String value) {
      id = value;
      return this;
    }

    public Builder specId(String value) {
      specId = value;
      return this;
    }

    public Builder specVersion(int value) {
      specVersion = value;
      return this;
    }

    public Builder status(RunStatus value) {
      status = value;
      return this;
    }

    public Builder numberOfSamples(long value) {
      numberOfSamples = value;
      return this;
    }

    public Builder samplesCompleted(long value) {
      samplesCompleted = value;
      return this;
    }

    public Builder samplesFailed(long value) {
      samplesFailed = value;
      return this;
    }

    public Builder totalCost(double value) {
      totalCost = value;
      return this;
    }

    public Builder tokenUsage(Map<String, Map<String, Long>> value) {
      tokenUsage = value;
      return this;
    }

    public Builder runtimeParams(Map<String, Object> value) {
      runtimeParams = value;
      return this;
    }

    public Builder generatedFiles(List<String> value) {
      generatedFiles = value;
      return this;
    }

    public Builder createdAt(String value) {
      createdAt = value;
      return this;
    }

    public Builder completedAt(String value) {
      completedAt = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder errorMessage(String value) {
      errorMessage = value;
      return this;
    }

    public Builder generationKey(String value) {
      generationKey = value;
      return this;
    }

    public Builder output(String value) {
      output = value;
      return this;
    }

    public Builder seedRowsRead(long value) {
      seedRowsRead = value;
      return this;
    }

    public Builder seedRowsRejected(long value) {
      seedRowsRejected = value;
      return this;
    }

    public Builder seedRejectReasons(List<String> value) {
      seedRejectReasons = value;
      return this;
    }

    public Builder batch(BatchUse value) {
      batch = value;
      return this;
    }

    public Builder owner(JobOwner value) {
      owner = value;
      return this;
    }

    public RunManifest build() {
      return new RunManifest(
          id,
          specId,
          specVersion,
          status,
          numberOfSamples,
          samplesCompleted,
          samplesFailed,
          totalCost,
          tokenUsage,
          runtimeParams,
          generatedFiles,
          createdAt,
          completedAt,
          seed,
          errorMessage,
          generationKey,
          output,
          seedRowsRead,
          seedRowsRejected,
          seedRejectReasons,
          owner,
          batch,
          modelRoutes);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("invalid run manifest: " + message);
    }
  }

  /** Pretty-printed JSON with snake_case keys in a fixed order. */
  public String toJson() {
    try {
      return WRITER.writeValueAsString(this);
    } catch (JacksonException e) {
      throw new IllegalStateException(
          "cannot write run manifest " + id + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * @throws IllegalArgumentException when the text is not JSON, misses or adds keys, or breaks an
   *     invariant
   */
  public static RunManifest fromJson(String json) {
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree instanceof ObjectNode object && !object.has("model_routes")) {
        // Written before model routes were recorded: every other key is still required.
        object.putObject("model_routes");
      }
      if (tree instanceof ObjectNode manifest && !manifest.has("batch")) {
        // Written before batch mode existed: those runs called their models online.
        manifest.putNull("batch");
      }
      if (tree == null || tree.isMissingNode()) {
        throw new IllegalArgumentException("run manifest is not valid: it is empty");
      }
      return MAPPER.treeToValue(tree, RunManifest.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(cause.getMessage(), e);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("run manifest is not valid: " + e.getOriginalMessage(), e);
    }
  }
}
