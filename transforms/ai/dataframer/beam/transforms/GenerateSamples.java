package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.engine.EmbeddedEngine;
import ai.dataframer.beam.core.engine.GenerationLoop;
import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.generate.GenerationSettings;
import ai.dataframer.beam.core.generate.StageModel;
import ai.dataframer.beam.core.plan.IndexRange;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.request.ModelCatalog;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.run.RunStats;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.sink.PieceWriter;
import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns sample plans into samples (docs/ARCHITECTURE.md section 6, steps 2-6): per plan, [outline,]
 * draft, revision cycles and filters, regenerating with the same plan on failure, up to the attempt
 * limit. Every plan ends as one accepted sample or one failure. With the {@code embedded}
 * generation model the statistical engine drafts at once; with a provider model each DoFn instance
 * keeps up to {@link #withMaxInFlight} samples in flight, each a chain of model calls.
 *
 * <pre>{@code
 * GenerationResult result = plans.apply(DataFramer.generateSamples()
 *     .withSpec(specView).withRecordSchema(seedSchema)
 *     .withSeedExamples(examplesView).withSeedFingerprints(fingerprintsView)
 *     .withSeedKeys(seedKeysView)
 *     .withSpecId(specId).withSpecVersion(2)
 *     .withGenerationSettings(GenerationSettings.of(runCreate, 3))
 *     .withModelClients(LlmSettings.fromEnvironment(System.getenv())));
 * }</pre>
 */
public final class GenerateSamples extends PTransform<PCollection<SamplePlan>, GenerationResult> {
  /** Samples in flight per DoFn instance with a provider model, unless set. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  /** Everything the transform is configured with; each {@code withX()} makes a changed copy. */
  @AutoValue
  abstract static class Config implements Serializable {
    abstract @Nullable PCollectionView<Spec> spec();

    abstract @Nullable PCollectionView<List<Row>> seedExamples();

    abstract @Nullable PCollectionView<FingerprintSet> seedFingerprints();

    abstract @Nullable Schema recordSchema();

    abstract @Nullable String specId();

    abstract int specVersion();

    abstract GenerationSettings settings();

    abstract @Nullable LlmSettings clients();

    abstract @Nullable Double maxCostUsd();

    abstract int maxInFlight();

    abstract @Nullable GeneratorFactory generators();

    abstract @Nullable PCollectionView<SeedKeyPositions> seedKeys();

    abstract @Nullable PieceWriter pieces();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setSpec(@Nullable PCollectionView<Spec> spec);

      abstract Builder setSeedExamples(@Nullable PCollectionView<List<Row>> seedExamples);

      abstract Builder setSeedFingerprints(
          @Nullable PCollectionView<FingerprintSet> seedFingerprints);

      abstract Builder setRecordSchema(@Nullable Schema recordSchema);

      abstract Builder setSpecId(@Nullable String specId);

      abstract Builder setSpecVersion(int specVersion);

      abstract Builder setSettings(GenerationSettings settings);

      abstract Builder setClients(@Nullable LlmSettings clients);

      abstract Builder setMaxCostUsd(@Nullable Double maxCostUsd);

      abstract Builder setMaxInFlight(int maxInFlight);

      abstract Builder setGenerators(@Nullable GeneratorFactory generators);

      abstract Builder setSeedKeys(@Nullable PCollectionView<SeedKeyPositions> seedKeys);

      abstract Builder setPieces(@Nullable PieceWriter pieces);

      abstract Config build();
    }
  }

  private final Config config;

  private GenerateSamples(Config config) {
    this.config = config;
  }

  static GenerateSamples create() {
    return new GenerateSamples(
        new AutoValue_GenerateSamples_Config.Builder()
            .setSpecVersion(0)
            .setSettings(embeddedSettings(GenerationLoop.DEFAULT_MAX_ATTEMPTS))
            .setMaxInFlight(DEFAULT_MAX_IN_FLIGHT)
            .build());
  }

  /** Generation with the embedded engine alone: no outline, revision or judge stages. */
  static GenerationSettings embeddedSettings(int maxAttempts) {
    return GenerationSettings.draftOnly(
        new StageModel(EmbeddedEngine.MODEL_NAME, RunCreate.DEFAULT_THINKING_BUDGET), maxAttempts);
  }

  private GenerateSamples with(Config changed) {
    return new GenerateSamples(changed);
  }

  /** The spec, as a singleton view (required). */
  public GenerateSamples withSpec(PCollectionView<Spec> spec) {
    checkArgument(spec != null, "spec view must not be null");
    return with(config.toBuilder().setSpec(spec).build());
  }

  /** Seed rows the engine learns from and prompts show (optional). */
  public GenerateSamples withSeedExamples(PCollectionView<List<Row>> seedExamples) {
    checkArgument(seedExamples != null, "seedExamples view must not be null");
    return with(config.toBuilder().setSeedExamples(seedExamples).build());
  }

  /**
   * Fingerprints of all seed rows (from {@link DataFramer#seedFingerprints()}); samples equal to a
   * seed row are redrawn. Optional: without it only copies of the seed examples are caught.
   */
  public GenerateSamples withSeedFingerprints(PCollectionView<FingerprintSet> seedFingerprints) {
    checkArgument(seedFingerprints != null, "seedFingerprints view must not be null");
    return with(config.toBuilder().setSeedFingerprints(seedFingerprints).build());
  }

  /**
   * The record columns (the seed's schema; one {@code text} column for documents); the output adds
   * the {@code _df_} columns (required).
   */
  public GenerateSamples withRecordSchema(Schema recordSchema) {
    checkArgument(recordSchema != null, "recordSchema must not be null");
    MetadataColumns.outputSchema(recordSchema);
    return with(config.toBuilder().setRecordSchema(recordSchema).build());
  }

  /** The spec's id, written to {@code _df_spec_id} (required). */
  public GenerateSamples withSpecId(String specId) {
    checkArgument(
        specId != null && !specId.isBlank(), "specId must not be blank, but was '%s'", specId);
    return with(config.toBuilder().setSpecId(specId).build());
  }

  /** The spec version, written to {@code _df_spec_version} (required). */
  public GenerateSamples withSpecVersion(int specVersion) {
    checkArgument(specVersion >= 1, "specVersion must be >= 1, but was %s", specVersion);
    return with(config.toBuilder().setSpecVersion(specVersion).build());
  }

  /**
   * Models, revisions, filters, outline, seed shuffling and attempts, from a {@code RunCreate}
   * ({@link GenerationSettings#of}); default: the embedded engine with 3 attempts.
   */
  public GenerateSamples withGenerationSettings(GenerationSettings settings) {
    checkArgument(settings != null, "settings must not be null");
    return with(config.toBuilder().setSettings(settings).build());
  }

  /** Drafts per plan before it becomes a failure; default 3. */
  public GenerateSamples withMaxAttempts(int maxAttempts) {
    checkArgument(maxAttempts >= 1, "maxAttempts must be >= 1, but was %s", maxAttempts);
    return withGenerationSettings(config.settings().withMaxAttempts(maxAttempts));
  }

  /**
   * Keys, base URLs, timeouts, retries, limits and the response cache of the model clients, made on
   * each worker (required when a stage uses a provider model).
   */
  public GenerateSamples withModelClients(LlmSettings clients) {
    checkArgument(clients != null, "clients must not be null");
    return with(config.toBuilder().setClients(clients).build());
  }

  /**
   * Stops spending at this many USD per worker: once reached, the remaining samples fail with
   * reason {@code budget}, never silently. Default: no cap.
   */
  public GenerateSamples withMaxCostUsd(double maxCostUsd) {
    checkArgument(maxCostUsd > 0, "maxCostUsd must be > 0, but was %s", maxCostUsd);
    return with(config.toBuilder().setMaxCostUsd(maxCostUsd).build());
  }

  /** Samples in flight per DoFn instance; default {@value #DEFAULT_MAX_IN_FLIGHT}. */
  public GenerateSamples withMaxInFlight(int maxInFlight) {
    checkArgument(maxInFlight >= 1, "maxInFlight must be >= 1, but was %s", maxInFlight);
    return with(config.toBuilder().setMaxInFlight(maxInFlight).build());
  }

  /**
   * Another generator than the settings choose, with samples in flight as for a provider (tests).
   */
  GenerateSamples withGenerators(GeneratorFactory generators) {
    return with(config.toBuilder().setGenerators(generators).build());
  }

  /**
   * The key values of all seed rows (from {@link DataFramer#seedKeys}); key fields never take one.
   * Optional: without it keys avoid the seed examples' values only.
   */
  public GenerateSamples withSeedKeys(PCollectionView<SeedKeyPositions> seedKeys) {
    checkArgument(seedKeys != null, "seedKeys view must not be null");
    return with(config.toBuilder().setSeedKeys(seedKeys).build());
  }

  /**
   * Writes each accepted sample's row through {@code pieces} in the DoFn that generated it, instead
   * of outputting it: rows never leave that thread, so no runner encodes, shuffles or caches them
   * (docs/ARCHITECTURE.md, "Outputs"). The result then holds the written parts ({@link
   * GenerationResult#getWrittenParts}) for {@code SampleSink.Write.assemble}, and no samples. The
   * writer's schema must be this transform's output schema; plans must be in the global window.
   */
  public GenerateSamples withPieceWriter(PieceWriter pieces) {
    checkArgument(pieces != null, "pieces must not be null");
    return with(config.toBuilder().setPieces(pieces).build());
  }

  @Override
  public GenerationResult expand(PCollection<SamplePlan> plans) {
    return generate(plans, null);
  }

  /**
   * The same step over index ranges, each planned by {@code plans} where it is generated
   * (docs/ARCHITECTURE.md section 3): what a whole run uses, so plans never cross between steps.
   */
  PTransform<PCollection<IndexRange>, GenerationResult> fromRanges(RangePlans plans) {
    return new PTransform<>() {
      @Override
      public GenerationResult expand(PCollection<IndexRange> ranges) {
        return generate(ranges, plans);
      }
    };
  }

  /** Plans in when {@code rangePlans} is null, else index ranges that it plans. */
  private GenerationResult generate(PCollection<?> input, @Nullable RangePlans rangePlans) {
    Config c = config;
    checkArgument(c.spec() != null, "withSpec() is required");
    checkArgument(c.recordSchema() != null, "withRecordSchema() is required");
    checkArgument(c.specId() != null, "withSpecId() is required");
    checkArgument(c.specVersion() >= 1, "withSpecVersion() is required");
    checkArgument(
        !usesModels(c.settings()) || c.clients() != null || c.generators() != null,
        "withModelClients() is required: generation model %s calls a provider",
        c.settings().generation().modelId());
    Schema outputSchema = MetadataColumns.outputSchema(c.recordSchema());
    if (c.pieces() != null) {
      checkArgument(
          c.pieces().schema().equals(outputSchema),
          "withPieceWriter() writes rows of %s, but the samples are %s",
          c.pieces().schema(),
          outputSchema);
      checkArgument(
          input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows,
          "withPieceWriter() writes a run's rows in the global window, but the plans are windowed"
              + " by %s",
          input.getWindowingStrategy().getWindowFn());
    }
    TupleTag<Row> samplesTag = new TupleTag<>("samples") {};
    TupleTag<KV<Integer, byte[]>> writtenTag = new TupleTag<>("written") {};
    TupleTag<Row> failuresTag = new TupleTag<>("failures") {};
    TupleTag<RunStats> statsTag = new TupleTag<>("stats") {};
    TupleTag<SamplePlan> rejectedTag = new TupleTag<>("rejected") {};

    GenerateSamplesFn.Setup setup =
        new GenerateSamplesFn.Setup(
            new GenerateSamplesFn.Views(
                c.spec(), c.seedExamples(), c.seedFingerprints(), c.seedKeys()),
            generators(c),
            new SampleRows(labels(c), c.recordSchema(), outputSchema),
            c.recordSchema(),
            usesModels(c.settings()) || c.generators() != null ? c.maxInFlight() : 1,
            new GenerateSamplesFn.Tags(failuresTag, statsTag, rejectedTag, writtenTag),
            c.pieces());
    List<PCollectionView<?>> sideInputs = new ArrayList<>(sideInputs(c));
    GenerateSamplesFn<?> fn;
    if (rangePlans == null) {
      fn = new GenerateSamplesFn.OfPlans(setup);
    } else {
      fn = new GenerateSamplesFn.OfRanges(rangePlans, setup);
      sideInputs.addAll(rangePlans.sideInputs());
    }
    TupleTagList others = TupleTagList.of(failuresTag).and(statsTag).and(rejectedTag);
    PCollectionTuple outputs =
        apply(
            input,
            fn,
            sideInputs,
            samplesTag,
            c.pieces() == null ? others : others.and(writtenTag));

    PCollection<Row> samples = outputs.get(samplesTag).setRowSchema(outputSchema);
    PCollection<Row> failures = outputs.get(failuresTag).setRowSchema(FailureRows.SCHEMA);
    PCollection<RunStats> stats =
        outputs.get(statsTag).setCoder(SerializableCoder.of(RunStats.class));
    PCollection<SamplePlan> rejected = outputs.get(rejectedTag).setCoder(SamplePlanCoder.of());
    if (c.pieces() == null) {
      return GenerationResult.of(samples, failures, stats, rejected);
    }
    PCollection<KV<Integer, byte[]>> written =
        outputs.get(writtenTag).setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()));
    return GenerationResult.written(written, failures, stats, rejected);
  }

  /** Applies {@code fn} to {@code input}, whose element type is the fn's input type. */
  @SuppressWarnings("unchecked")
  private static <InputT> PCollectionTuple apply(
      PCollection<?> input,
      GenerateSamplesFn<InputT> fn,
      List<PCollectionView<?>> sideInputs,
      TupleTag<Row> main,
      TupleTagList others) {
    return ((PCollection<InputT>) input)
        .apply(
            "DraftReviseFilter",
            ParDo.of(fn).withSideInputs(sideInputs).withOutputTags(main, others));
  }

  private static boolean usesModels(GenerationSettings settings) {
    return !ModelCatalog.isEmbedded(settings.generation().modelId());
  }

  private static GeneratorFactory generators(Config c) {
    if (c.generators() != null) {
      return c.generators();
    }
    if (!usesModels(c.settings())) {
      // Keys from the whole seed cover fingerprints of the whole seed or of the examples; keys of
      // the examples cover only the examples' fingerprints.
      boolean seedKeysCoverFingerprints = c.seedKeys() != null || c.seedFingerprints() == null;
      return new EmbeddedGenerators(c.settings().maxAttempts(), seedKeysCoverFingerprints);
    }
    return new LlmGenerators(
        c.settings(), c.clients(), c.maxCostUsd(), java.util.UUID.randomUUID().toString());
  }

  private static SampleRows.Labels labels(Config c) {
    GenerationSettings s = c.settings();
    boolean revises =
        usesModels(s) && (!s.revisionTypes().isEmpty() || !s.filteringTypes().isEmpty());
    return new SampleRows.Labels(
        c.specId(),
        c.specVersion(),
        s.generation().modelId(),
        revises ? s.revision().modelId() : null);
  }

  private static List<PCollectionView<?>> sideInputs(Config c) {
    List<PCollectionView<?>> views = new ArrayList<>();
    views.add(c.spec());
    if (c.seedExamples() != null) {
      views.add(c.seedExamples());
    }
    if (c.seedFingerprints() != null) {
      views.add(c.seedFingerprints());
    }
    if (c.seedKeys() != null) {
      views.add(c.seedKeys());
    }
    return views;
  }
}
