package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.profile.TableProfile;
import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.core.seed.FolderLayout;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.specgen.AnalystSettings;
import ai.dataframer.beam.core.specgen.DocumentProfile;
import ai.dataframer.beam.core.specgen.SeedDocument;
import ai.dataframer.beam.core.specgen.SeedMaterial;
import ai.dataframer.beam.io.llm.LlmClients;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.record.RowRecords;
import ai.dataframer.beam.io.seed.DocumentSeeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Creates a {@link Spec} from seeds with an LLM analyst (docs/ARCHITECTURE.md section 5): a
 * single-element {@code PCollection<Spec>}.
 *
 * <ul>
 *   <li>Record seeds (rows with any schema): the columns are profiled and the embedded analyst's
 *       spec learned exactly as {@link CreateSpec} does, in parallel; the model sees that profile,
 *       the embedded analyst's properties and a token-bounded sample of the rows, and the spec
 *       keeps the embedded analyst's record fields, bound to the model's properties where names
 *       match.
 *   <li>Document seeds ({@link #fromDocuments()}, rows of {@link DocumentSeeds#SCHEMA}): the
 *       documents are profiled (count, formats, lengths) and sampled; the spec has no record
 *       fields.
 * </ul>
 *
 * <p>The sample is the {@value #DEFAULT_MAX_SAMPLE_SEEDS} seeds (by default) with the smallest
 * content hashes ({@link SeedExamples}), so every run over the same seeds shows the model the same
 * prompt; the analyst then keeps as many as fit its token budget. The model is called once per job,
 * in a DoFn that builds the client stack from {@link LlmSettings}; a spec that cannot be created
 * fails the job with the reason. Options mirror {@code SpecCreate}.
 *
 * <pre>{@code
 * PCollection<Spec> spec = seedRows.apply(
 *     DataFramer.createSpecWithModel("anthropic/claude-sonnet-4-6-thinking", LlmSettings.fromEnvironment(System.getenv()))
 *         .withExtrapolateAxes(true));
 * }</pre>
 */
public final class CreateSpecWithModel extends PTransform<PCollection<Row>, PCollection<Spec>> {
  public static final int DEFAULT_MAX_SAMPLE_SEEDS = 200;

  /** Which kind of seed rows the input holds. */
  enum SeedKind {
    RECORDS,
    DOCUMENTS
  }

  private final AnalystSettings settings;
  private final LlmSettings llm;
  private final SeedKind seedKind;
  private final int maxSampleSeeds;
  private final FolderLayout folders;

  private CreateSpecWithModel(
      AnalystSettings settings,
      LlmSettings llm,
      SeedKind seedKind,
      int maxSampleSeeds,
      FolderLayout folders) {
    this.settings = settings;
    this.llm = llm;
    this.seedKind = seedKind;
    this.maxSampleSeeds = maxSampleSeeds;
    this.folders = folders;
  }

  static CreateSpecWithModel create(String modelId, LlmSettings llm) {
    checkModel(modelId);
    checkArgument(llm != null, "LLM settings must not be null");
    return new CreateSpecWithModel(
        AnalystSettings.defaults(modelId), llm, SeedKind.RECORDS, DEFAULT_MAX_SAMPLE_SEEDS, null);
  }

  /**
   * Fails unless {@code modelId} is a model a client can call (not {@code embedded}, not unknown).
   */
  static void checkModel(String modelId) {
    checkArgument(
        modelId != null && !modelId.isBlank(), "modelId must be non-blank, but was '%s'", modelId);
    try {
      ModelRoute.of(modelId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a spec needs an LLM spec generation model here, but '"
              + modelId
              + "' is not one ("
              + e.getMessage()
              + "); the embedded analyst is DataFramer.createSpec()",
          e);
    }
  }

  private CreateSpecWithModel with(AnalystSettings newSettings) {
    return new CreateSpecWithModel(newSettings, llm, seedKind, maxSampleSeeds, folders);
  }

  /**
   * The seeds are documents, rows of {@link DocumentSeeds#SCHEMA} (e.g. from {@code
   * SeedIO.readDocuments}).
   */
  public CreateSpecWithModel fromDocuments() {
    return new CreateSpecWithModel(settings, llm, SeedKind.DOCUMENTS, maxSampleSeeds, null);
  }

  /**
   * The seeds are sample folders (MULTI_FOLDER), rows with one string column per file of {@code
   * layout} (e.g. from {@code SeedIO.readFolders}): profiled as records, and the prompt shows the
   * folder structure, the file names in order and each file of the sampled folders.
   */
  public CreateSpecWithModel fromFolders(FolderLayout layout) {
    checkArgument(layout != null, "layout must not be null");
    return new CreateSpecWithModel(settings, llm, SeedKind.RECORDS, maxSampleSeeds, layout);
  }

  /**
   * Everything a seeded {@code SpecCreate} sets: the model, the four flags, the description and the
   * objectives. The request must be valid and seeded.
   */
  public CreateSpecWithModel withRequest(SpecCreate request) {
    checkArgument(
        request != null && request.isSeeded(),
        "withRequest() needs a seeded SpecCreate (with dataset_id); a seedless one is DataFramer.createSeedlessSpec()");
    request.requireValid();
    checkModel(request.specGenerationModelName());
    return with(AnalystSettings.fromRequest(request));
  }

  /**
   * {@code generate_distributions} (default true): false gives uniform distributions, no
   * conditionals.
   */
  public CreateSpecWithModel withGenerateDistributions(boolean generateDistributions) {
    return with(settings.withGenerateDistributions(generateDistributions));
  }

  /**
   * {@code generate_conditional_distributions} (default true); has effect only with distributions.
   */
  public CreateSpecWithModel withGenerateConditionalDistributions(
      boolean generateConditionalDistributions) {
    return with(settings.withGenerateConditionalDistributions(generateConditionalDistributions));
  }

  /**
   * {@code extrapolate_values} (default true): values beyond the seeds', numeric ranges widened.
   */
  public CreateSpecWithModel withExtrapolateValues(boolean extrapolateValues) {
    return with(settings.withExtrapolateValues(extrapolateValues));
  }

  /** {@code extrapolate_axes} (default false): properties that are not seed columns. */
  public CreateSpecWithModel withExtrapolateAxes(boolean extrapolateAxes) {
    return with(settings.withExtrapolateAxes(extrapolateAxes));
  }

  /** The spec's description; by default the model's. */
  public CreateSpecWithModel withDescription(String description) {
    checkArgument(
        description != null && !description.isBlank(),
        "description must be non-blank, but was '%s'",
        description);
    return with(settings.withDescription(description));
  }

  /** {@code generation_objectives}: shown to the model, they shape the spec. */
  public CreateSpecWithModel withObjectives(String objectives) {
    checkArgument(
        objectives != null && !objectives.isBlank(),
        "objectives must be non-blank, but was '%s'",
        objectives);
    return with(settings.withObjectives(objectives));
  }

  /**
   * Tokens a {@code -thinking} model may think with (default {@value
   * AnalystSettings#DEFAULT_THINKING_BUDGET}).
   */
  public CreateSpecWithModel withThinkingBudget(int tokens) {
    checkArgument(tokens >= 1024, "thinkingBudget must be >= 1024, but was %s", tokens);
    return with(settings.withThinkingBudget(tokens));
  }

  /**
   * The most tokens the seed sample may take in the prompt (default {@value
   * AnalystSettings#DEFAULT_SAMPLE_TOKENS}).
   */
  public CreateSpecWithModel withSampleTokens(int tokens) {
    checkArgument(
        tokens >= AnalystSettings.MIN_SAMPLE_TOKENS,
        "sampleTokens must be >= %s, but was %s",
        AnalystSettings.MIN_SAMPLE_TOKENS,
        tokens);
    return with(settings.withSampleTokens(tokens));
  }

  /** How many seeds are sampled for the prompt before the token budget is applied. */
  public CreateSpecWithModel withMaxSampleSeeds(int seeds) {
    checkArgument(seeds > 0, "maxSampleSeeds must be > 0, but was %s", seeds);
    return new CreateSpecWithModel(settings, llm, seedKind, seeds, folders);
  }

  /**
   * How often an answer that cannot be repaired is asked for again (default {@value
   * AnalystSettings#DEFAULT_MAX_REASKS}).
   */
  public CreateSpecWithModel withMaxReasks(int reasks) {
    checkArgument(reasks >= 0, "maxReasks must be >= 0, but was %s", reasks);
    return with(settings.withMaxReasks(reasks));
  }

  /**
   * The model can be called with these settings: its key, base URL or Databricks credentials are
   * set.
   */
  @Override
  public void validate(PipelineOptions options) {
    super.validate(options);
    List<String> missing =
        LlmClients.missingConfiguration("spec_generation_model_name", settings.modelId(), llm);
    checkArgument(missing.isEmpty(), "cannot create the spec: %s", String.join("; ", missing));
  }

  @Override
  public PCollection<Spec> expand(PCollection<Row> seeds) {
    checkArgument(
        seeds.hasSchema(),
        "createSpecWithModel() needs rows with a Beam schema (e.g. from SeedIO)");
    PCollection<SeedMaterial> material =
        seedKind == SeedKind.DOCUMENTS ? documents(seeds) : records(seeds);
    return material
        .apply("AskSpecModel", ParDo.of(new AskSpecModelFn(settings, llm)))
        .setCoder(SerializableCoder.of(Spec.class));
  }

  private PCollection<SeedMaterial> records(PCollection<Row> rows) {
    CreateSpec.Profiled profiled = CreateSpec.profileAndInfer(rows, settings.inferenceSettings());
    PCollectionView<Spec> statistical =
        profiled.spec().apply("StatisticalSpecAsSideInput", View.asSingleton());
    PCollectionView<List<Row>> sample =
        rows.apply("SampleSeeds", SeedExamples.sample(maxSampleSeeds)).examples();
    return profiled
        .profile()
        .apply(
            "GatherRecordSeeds",
            ParDo.of(new RecordSeedsFn(statistical, sample, folders))
                .withSideInputs(statistical, sample))
        .setCoder(SerializableCoder.of(SeedMaterial.class));
  }

  private PCollection<SeedMaterial> documents(PCollection<Row> documents) {
    Schema schema = documents.getSchema();
    checkArgument(
        schema.hasField("path")
            && schema.hasField("text")
            && schema.getField("path").getType().getTypeName() == Schema.TypeName.STRING
            && schema.getField("text").getType().getTypeName() == Schema.TypeName.STRING,
        "fromDocuments() needs rows with string fields path and text (DocumentSeeds.SCHEMA), but the schema is %s",
        schema);
    PCollectionView<List<Row>> sample =
        documents.apply("SampleDocuments", SeedExamples.sample(maxSampleSeeds)).examples();
    return documents
        .apply("ProfileDocuments", Combine.globally(new ProfileDocumentsFn()))
        .apply("GatherDocumentSeeds", ParDo.of(new DocumentSeedsFn(sample)).withSideInputs(sample))
        .setCoder(SerializableCoder.of(SeedMaterial.class));
  }

  /** The record seeds: the merged profile, the embedded analyst's spec and the sampled rows. */
  static final class RecordSeedsFn extends DoFn<TableProfile, SeedMaterial> {
    private final PCollectionView<Spec> statistical;
    private final PCollectionView<List<Row>> sample;
    private final FolderLayout folders;

    RecordSeedsFn(
        PCollectionView<Spec> statistical,
        PCollectionView<List<Row>> sample,
        FolderLayout folders) {
      this.statistical = statistical;
      this.sample = sample;
      this.folders = folders;
    }

    @ProcessElement
    public void process(
        @Element TableProfile profile, ProcessContext context, OutputReceiver<SeedMaterial> out) {
      List<Map<String, Object>> records = new ArrayList<>();
      context.sideInput(sample).forEach(row -> records.add(RowRecords.toRecord(row)));
      out.output(
          new SeedMaterial.Records(
              profile,
              context.sideInput(statistical),
              records,
              folders == null ? null : folders.filesByColumn()));
    }
  }

  /** Order-independent profile of the documents: count, formats, lengths. */
  static final class ProfileDocumentsFn
      extends Combine.CombineFn<Row, DocumentProfile, DocumentProfile> {
    @Override
    public DocumentProfile createAccumulator() {
      return DocumentProfile.empty();
    }

    @Override
    public DocumentProfile addInput(DocumentProfile profile, Row row) {
      profile.add(document(row));
      return profile;
    }

    @Override
    public DocumentProfile mergeAccumulators(Iterable<DocumentProfile> profiles) {
      DocumentProfile merged = DocumentProfile.empty();
      profiles.forEach(merged::merge);
      return merged;
    }

    @Override
    public DocumentProfile extractOutput(DocumentProfile profile) {
      return profile;
    }

    @Override
    public Coder<DocumentProfile> getAccumulatorCoder(
        CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(DocumentProfile.class);
    }

    @Override
    public Coder<DocumentProfile> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(DocumentProfile.class);
    }
  }

  /** The document seeds: the merged profile and the sampled documents. */
  static final class DocumentSeedsFn extends DoFn<DocumentProfile, SeedMaterial> {
    private final PCollectionView<List<Row>> sample;

    DocumentSeedsFn(PCollectionView<List<Row>> sample) {
      this.sample = sample;
    }

    @ProcessElement
    public void process(
        @Element DocumentProfile profile,
        ProcessContext context,
        OutputReceiver<SeedMaterial> out) {
      List<SeedDocument> documents = new ArrayList<>();
      context.sideInput(sample).forEach(row -> documents.add(document(row)));
      out.output(new SeedMaterial.Documents(profile, documents));
    }
  }

  static SeedDocument document(Row row) {
    return new SeedDocument(row.getString("path"), row.getString("text"));
  }
}
