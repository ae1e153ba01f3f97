package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.engine.EmbeddedEngine;
import ai.dataframer.beam.core.engine.GenerationLoop;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.run.RunStats;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.MetadataColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Turns sample plans into records (DESIGN.md section 6, steps 3-5): per plan, draft with the generation
 * engine, filter (structural, conformance, no exact seed copy) and regenerate with the same plan on
 * failure, up to {@link #withMaxAttempts} drafts. Every plan ends as one accepted sample or one failure.
 *
 * <pre>{@code
 * GenerationResult result = plans.apply(DataFramer.generateSamples()
 *     .withSpec(specView).withRecordSchema(seedSchema)
 *     .withSeedExamples(examplesView).withSeedFingerprints(fingerprintsView)
 *     .withSpecId(specId).withSpecVersion(2));
 * }</pre>
 */
public final class GenerateSamples extends PTransform<PCollection<SamplePlan>, GenerationResult> {
  private final PCollectionView<Spec> spec;
  private final PCollectionView<List<Row>> seedExamples;
  private final PCollectionView<FingerprintSet> seedFingerprints;
  private final Schema recordSchema;
  private final String specId;
  private final int specVersion;
  private final String generationModel;
  private final int maxAttempts;

  private GenerateSamples(
      PCollectionView<Spec> spec, PCollectionView<List<Row>> seedExamples,
      PCollectionView<FingerprintSet> seedFingerprints, Schema recordSchema, String specId,
      int specVersion, String generationModel, int maxAttempts) {
    this.spec = spec;
    this.seedExamples = seedExamples;
    this.seedFingerprints = seedFingerprints;
    this.recordSchema = recordSchema;
    this.specId = specId;
    this.specVersion = specVersion;
    this.generationModel = generationModel;
    this.maxAttempts = maxAttempts;
  }

  static GenerateSamples create() {
    return new GenerateSamples(
        null, null, null, null, null, 0, EmbeddedEngine.MODEL_NAME,
        GenerationLoop.DEFAULT_MAX_ATTEMPTS);
  }

  /** The spec, as a singleton view (required). */
  public GenerateSamples withSpec(PCollectionView<Spec> spec) {
    checkArgument(spec != null, "spec view must not be null");
    return new GenerateSamples(spec, seedExamples, seedFingerprints, recordSchema, specId,
        specVersion, generationModel, maxAttempts);
  }

  /** Seed rows the engine learns from (optional: without them only quantile models are used). */
  public GenerateSamples withSeedExamples(PCollectionView<List<Row>> seedExamples) {
    checkArgument(seedExamples != null, "seedExamples view must not be null");
    return new GenerateSamples(spec, seedExamples, seedFingerprints, recordSchema, specId,
        specVersion, generationModel, maxAttempts);
  }

  /**
   * Fingerprints of all seed rows (from {@link DataFramer#seedFingerprints()}); samples equal to a
   * seed row are redrawn. Optional: without it only copies of the seed examples are caught.
   */
  public GenerateSamples withSeedFingerprints(PCollectionView<FingerprintSet> seedFingerprints) {
    checkArgument(seedFingerprints != null, "seedFingerprints view must not be null");
    return new GenerateSamples(spec, seedExamples, seedFingerprints, recordSchema, specId,
        specVersion, generationModel, maxAttempts);
  }

  /** The record columns (the seed's schema); the output adds the {@code _df_} columns (required). */
  public GenerateSamples withRecordSchema(Schema recordSchema) {
    checkArgument(recordSchema != null, "recordSchema must not be null");
    MetadataColumns.outputSchema(recordSchema);
    return new GenerateSamples(spec, seedExamples, seedFingerprints, recordSchema, specId,
        specVersion, generationModel, maxAttempts);
  }

  /** The spec's id, written to {@code _df_spec_id} (required). */
  public GenerateSamples withSpecId(String specId) {
    checkArgument(specId != null && !specId.isBlank(), "specId must not be blank, but was '%s'",
        specId);
    return new GenerateSamples(spec, seedExamples, seedFingerprints, recordSchema, specId,
        specVersion, generationModel, maxAttempts);
  }

  /** The spec version, written to {@code _df_spec_version} (required). */
  public GenerateSamples withSpecVersion(int specVersion) {
    checkArgument(specVersion >= 1, "specVersion must be >= 1, but was %s", specVersion);
    return new GenerateSamples(spec, seedExamples, seedFingerprints, recordSchema, specId,
        specVersion, generationModel, maxAttempts);
  }

  /** The generation model id; default and, for now, the only one: {@code embedded}. */
  public GenerateSamples withGenerationModel(String generationModel) {
    checkArgument(EmbeddedEngine.MODEL_NAME.equals(generationModel),
        "generationModel must be '%s' (provider models plug in with the LLM stages), but was '%s'",
        EmbeddedEngine.MODEL_NAME, generationModel);
    return new GenerateSamples(spec, seedExamples, seedFingerprints, recordSchema, specId,
        specVersion, generationModel, maxAttempts);
  }

  /** Drafts per plan before it becomes a failure; default 3. */
  public GenerateSamples withMaxAttempts(int maxAttempts) {
    checkArgument(maxAttempts >= 1, "maxAttempts must be >= 1, but was %s", maxAttempts);
    return new GenerateSamples(spec, seedExamples, seedFingerprints, recordSchema, specId,
        specVersion, generationModel, maxAttempts);
  }

  @Override
  public GenerationResult expand(PCollection<SamplePlan> plans) {
    checkArgument(spec != null, "withSpec() is required");
    checkArgument(recordSchema != null, "withRecordSchema() is required");
    checkArgument(specId != null, "withSpecId() is required");
    checkArgument(specVersion >= 1, "withSpecVersion() is required");
    Schema outputSchema = MetadataColumns.outputSchema(recordSchema);
    TupleTag<Row> samplesTag = new TupleTag<>("samples") {};
    TupleTag<Row> failuresTag = new TupleTag<>("failures") {};
    TupleTag<RunStats> statsTag = new TupleTag<>("stats") {};

    GenerateSamplesFn fn =
        new GenerateSamplesFn(
            new GenerateSamplesFn.Views(spec, seedExamples, seedFingerprints),
            new GenerateSamplesFn.Labels(specId, specVersion, generationModel),
            recordSchema, outputSchema, maxAttempts, failuresTag, statsTag);
    PCollectionTuple outputs =
        plans.apply("DraftFilterRegenerate",
            ParDo.of(fn).withSideInputs(sideInputs())
                .withOutputTags(samplesTag, TupleTagList.of(failuresTag).and(statsTag)));

    PCollection<Row> samples = outputs.get(samplesTag).setRowSchema(outputSchema);
    PCollection<Row> failures = outputs.get(failuresTag).setRowSchema(FailureRows.SCHEMA);
    PCollection<RunStats> stats =
        outputs.get(statsTag).setCoder(SerializableCoder.of(RunStats.class));
    return GenerationResult.of(samplesTag, samples, failuresTag, failures, statsTag, stats);
  }

  private List<PCollectionView<?>> sideInputs() {
    List<PCollectionView<?>> views = new ArrayList<>();
    views.add(spec);
    if (seedExamples != null) {
      views.add(seedExamples);
    }
    if (seedFingerprints != null) {
      views.add(seedFingerprints);
    }
    return views;
  }
}
