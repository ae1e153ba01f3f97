package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.generate.Stage;
import ai.dataframer.beam.core.request.RequestValidationException;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.SpecFacts;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.sink.BigQueryPreflight;
import ai.dataframer.beam.io.sink.OutputCommit;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.transforms.DataFramer;
import ai.dataframer.beam.transforms.RunConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;

/** A run of a stored spec: the RunCreate semantics on Beam, as a job a scheduler can trust. */
public final class RunJob {
  private RunJob() {}

  /**
   * @param dataset seed data for the engine; null means the dataset the spec was created from
   * @throws JobFailedException when the run did not succeed; its manifest says why
   */
  public static RunManifest run(
      RunCreate request, String dataset, RunTarget target, String[] beamArgs) {
    // 1. Pre-checks, all before anything is recorded or written.
    PipelineOptions options = Jobs.options(beamArgs, request);
    BigQueryPreflight.check(target.output(), options);
    SpecStore specs = SpecStore.at(target.store());
    RunStore runs = RunStore.at(target.store());
    SpecRecord record = specs.find(request.specId());
    RequestValidationException.throwIfAny(
        "RunCreate",
        request.violationsAgainstSpec(
            new SpecFacts(
                record.name(),
                record.status(),
                record.latestVersion(),
                record.dataset() != null,
                record.errorMessage())));
    if (target.models() != null) {
      RequestValidationException.throwIfAny(
          "RunCreate", thinkingBudgetProblems(request, target.models()));
    }
    int version = request.specVersion() != null ? request.specVersion() : record.latestVersion();
    Spec spec = specs.readVersion(record.id(), version);
    String seedPath = dataset != null ? dataset : record.dataset();
    if (seedPath == null && target.models() == null) {
      throw new IllegalArgumentException(
          "spec '"
              + record.name()
              + "' is seedless; the embedded engine needs seed data: pass"
              + " --dataset, or name a provider generation_model");
    }
    SeedSource seed = SeedSource.of(seedPath, target.seedText());
    Jobs.checkEngine(request, seed);
    Schema sampleSchema = seed.sampleSchema();
    requireSeedColumnsMatch(record.name(), version, spec, sampleSchema, seed);
    OutputCommit output = checkOutput(target, seed, request, options);

    // 2. The run: recorded PENDING, then the pipeline, then the commit.
    RunLifecycle run =
        RunLifecycle.begin(
            runs, output, target, record.id(), version, request, RunLifecycle.Completion.NONE);
    RunConfig config =
        run.config(request, sampleSchema).setFolderLayout(seed.folderLayout()).build();
    return run.execute(
        options,
        pipeline ->
            pipeline
                .apply("Spec", Create.of(spec).withCoder(SerializableCoder.of(Spec.class)))
                .apply("Run", DataFramer.run(config).withSeeds(seed.read(pipeline))));
  }

  /** A record spec writes the seed's columns: a seed with other columns cannot feed it. */
  private static void requireSeedColumnsMatch(
      String name, int version, Spec spec, Schema sampleSchema, SeedSource seed) {
    if (!spec.isRecordSpec()) {
      return;
    }
    Set<String> fields = new TreeSet<>();
    spec.recordFields().forEach(field -> fields.add(field.name()));
    Set<String> columns = new TreeSet<>(sampleSchema.getFieldNames());
    if (!fields.equals(columns)) {
      throw new IllegalArgumentException(
          "the seed "
              + seed.dataset()
              + " has columns "
              + columns
              + ", but version "
              + version
              + " of spec '"
              + name
              + "' has record_fields "
              + fields
              + "; pass --dataset with the spec's columns");
    }
  }

  /**
   * The output's pre-checks: not the seed or the store, writable, not being written by another live
   * run; BigQuery reachable with credentials.
   */
  static OutputCommit checkOutput(
      RunTarget target, SeedSource seed, RunCreate request, PipelineOptions options) {
    OutputCommit output = OutputCommit.of(target.output());
    List<String> protectedLocations = new ArrayList<>();
    protectedLocations.add(SeedSource.absolute(target.store()));
    if (!seed.isSeedless()) {
      protectedLocations.add(seed.dataset());
    }
    output.checkBeforeRun(protectedLocations, target.numShardsFor(request.numberOfSamples()));
    return output;
  }

  /**
   * Each stage whose thinking budget is over its model's max output tokens (in {@code models}'
   * catalog, a {@code --model-catalog} file merged) minus the stage's largest answer: a thinking
   * call asks for both as its output limit, and the provider would answer 400 on every call
   * (docs/ARCHITECTURE.md section 7). Only stages the run calls are checked.
   */
  public static List<String> thinkingBudgetProblems(RunCreate request, LlmSettings models) {
    List<String> problems = new ArrayList<>();
    check(
        problems,
        models,
        RunCreate.GENERATION_MODEL,
        request.generationModel(),
        request.generationThinkingBudget(),
        Stage.DRAFT);
    if (request.usesOutlineModel()) {
      check(
          problems,
          models,
          RunCreate.OUTLINE_MODEL,
          request.outlineModel(),
          request.outlineThinkingBudget(),
          Stage.OUTLINE);
    }
    if (request.usesRevisionModel()) {
      check(
          problems,
          models,
          RunCreate.REVISION_MODEL,
          request.revisionModel(),
          request.revisionThinkingBudget(),
          Stage.REVISION);
    }
    return problems;
  }

  private static void check(
      List<String> problems,
      LlmSettings models,
      String modelField,
      String model,
      int budget,
      Stage stage) {
    if (model == null) {
      return;
    }
    models
        .modelCatalog()
        .thinkingBudgetProblem(
            modelField.replace("_model", "_thinking_budget"),
            model,
            budget,
            stage.largestAnswerTokens())
        .ifPresent(problems::add);
  }

  /** The console summary of a finished run. */
  public static String describe(RunManifest manifest, String store) {
    return RunManifests.describe(manifest, store);
  }
}
