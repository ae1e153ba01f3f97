package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.ModelCatalog;
import ai.dataframer.beam.core.request.RequestValidationException;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.transforms.CreateSpec;
import ai.dataframer.beam.transforms.CreateSpecWithModel;
import ai.dataframer.beam.transforms.DataFramer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/** What every job does the same way: Beam options, the spec transform from a request, waiting. */
final class Jobs {
  private Jobs() {}

  /**
   * The Direct runner re-encodes every element to check it is not mutated: a test aid that costs
   * the CLI most of its time. Off unless the user names the options.
   */
  private static final List<String> DIRECT_RUNNER_DEFAULTS =
      List.of(
          "--enforceImmutability=false",
          "--enforceEncodability=false",
          // Returns from run() at once, so the progress bar can follow the job and a signal can
          // cancel it.
          "--blockOnRun=false");

  /**
   * The Direct runner's worker threads: one per core, not Beam's floor of 3. The runner's scheduler
   * re-submits itself to the same threads without pause and walks the whole graph each turn (Beam
   * issue #18070): on a 2-core machine a third thread spins beside the two that work and takes a
   * core from them and from the JIT compiler (docs/ARCHITECTURE.md, "Small jobs").
   */
  private static final int DIRECT_THREADS = 2;

  /**
   * The Direct runner's worker threads for a run whose samples wait on model calls. Each bundle
   * ends by waiting for its last calls; with a thread per core, two bundles ending together left
   * the window of calls in flight without queued samples to refill it. With more bundles open,
   * their queued samples take the freed places (C=256, 200 ms, 2 cores: 0.962-0.973 of C/L at
   * steady state against 0.952-0.961, three alternated pairs). The threads wait on calls, not on
   * the scheduler that made a third thread cost a core in small embedded jobs.
   */
  static final int DIRECT_THREADS_FOR_MODEL_CALLS = 4;

  /**
   * Flink copies every element between fused steps through its coder, in case a step changes an
   * element it was given or has output. None of ours does (the tests run every transform on the
   * Direct runner with its immutability checks on), so the copies only cost: 13% of a
   * 3,000,000-record embedded run. Off unless the user names the option.
   */
  private static final List<String> FLINK_RUNNER_DEFAULTS = List.of("--fasterCopy=true");

  /** Beam options from the pass-through arguments; registers the filesystems they enable. */
  static PipelineOptions options(String[] beamArgs) {
    return options(beamArgs, false);
  }

  /** As {@link #options(String[])}, for a job running {@code run}. */
  static PipelineOptions options(String[] beamArgs, RunCreate run) {
    return options(beamArgs, !ModelCatalog.isEmbedded(run.generationModel()));
  }

  private static PipelineOptions options(String[] beamArgs, boolean modelCalls) {
    OptionsRegistry.completeFor(Arrays.asList(beamArgs));
    List<String> args = withDefaults(beamArgs, modelCalls);
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().create();
    FileSystems.setDefaultPipelineOptions(options);
    return options;
  }

  /**
   * The pass-through arguments with the runner defaults the user did not name, for a job whose
   * samples wait on model calls when {@code modelCalls}.
   */
  static List<String> withDefaults(String[] beamArgs, boolean modelCalls) {
    List<String> args = new ArrayList<>(Arrays.asList(beamArgs));
    int threads = modelCalls ? DIRECT_THREADS_FOR_MODEL_CALLS : DIRECT_THREADS;
    addUnlessNamed(args, DIRECT_RUNNER_DEFAULTS);
    addUnlessNamed(
        args,
        List.of(
            "--targetParallelism="
                + Math.max(threads, Runtime.getRuntime().availableProcessors())));
    if (args.stream().anyMatch(Jobs::namesFlink)) {
      addUnlessNamed(args, FLINK_RUNNER_DEFAULTS);
    }
    return args;
  }

  private static void addUnlessNamed(List<String> args, List<String> defaults) {
    for (String option : defaults) {
      String name = option.substring(0, option.indexOf('='));
      if (args.stream().noneMatch(arg -> arg.startsWith(name))) {
        args.add(option);
      }
    }
  }

  /** --runner=FlinkRunner, =flink or a class name ending in FlinkRunner, as Beam accepts them. */
  private static boolean namesFlink(String arg) {
    if (!arg.startsWith("--runner=")) {
      return false;
    }
    String runner = arg.substring("--runner=".length()).toLowerCase(Locale.ROOT);
    return runner.equals("flink") || runner.endsWith("flinkrunner");
  }

  /**
   * The spec transform for a SpecCreate request over seed rows: the embedded analyst when {@code
   * models} is null, else the LLM analyst (documents when the seed is a folder of them).
   */
  static PTransform<PCollection<Row>, PCollection<Spec>> createSpec(
      SpecCreate request, LlmSettings models, SeedSource seed) {
    if (models != null) {
      CreateSpecWithModel withModel =
          DataFramer.createSpecWithModel(request.specGenerationModelName(), models)
              .withRequest(request);
      if (seed.isFolders()) {
        return withModel.fromFolders(seed.folderLayout());
      }
      return seed.isDocuments() ? withModel.fromDocuments() : withModel;
    }
    CreateSpec transform =
        DataFramer.createSpec()
            .withGenerateDistributions(request.generateDistributions())
            .withGenerateConditionalDistributions(request.generateConditionalDistributions())
            .withExtrapolateValues(request.extrapolateValues());
    if (request.description() != null) {
      transform = transform.withDescription(request.description());
    }
    if (request.generationObjectives() != null) {
      transform = transform.withObjectives(request.generationObjectives());
    }
    return transform;
  }

  /**
   * Refuses, before any work, what the embedded analyst cannot do: a folder of documents or of
   * sample folders, or no seed at all, needs an LLM spec_generation_model_name.
   */
  static void checkAnalyst(SpecCreate request, LlmSettings models, SeedSource seed) {
    if (models != null) {
      return;
    }
    if (seed.isSeedless()) {
      throw new IllegalArgumentException(
          "a seedless spec needs an LLM spec_generation_model_name:"
              + " the embedded analyst learns from seeds only");
    }
    if (seed.isText()) {
      throw new RequestValidationException(
          "SpecCreate",
          List.of(
              "spec_generation_model_name is embedded, but the embedded analyst learns from"
                  + " records and "
                  + describeText(seed)
                  + ": name an LLM spec_generation_model_name, such as "
                  + String.join(", ", ModelCatalog.specModels().subList(0, 4))
                  + " (its key must be set)"));
    }
  }

  /**
   * Refuses, before the store is touched, a run the embedded engine cannot do: it writes records
   * from statistics, and documents and sample folders need a model that writes text
   * (docs/ARCHITECTURE.md, "Document and folder seeds").
   */
  static void checkEngine(RunCreate request, SeedSource seed) {
    if (!ModelCatalog.isEmbedded(request.generationModel()) || !seed.isText()) {
      return;
    }
    throw new RequestValidationException(
        "RunCreate",
        List.of(
            "generation_model is embedded, but the embedded engine generates records and "
                + describeText(seed)
                + ": name a generation_model that writes text, such as "
                + String.join(
                    ", ",
                    ModelCatalog.runModels().stream()
                        .filter(id -> !id.endsWith(ModelCatalog.THINKING_SUFFIX))
                        .limit(4)
                        .toList())
                + ", openai/gpt-5.4 (its key must be set); nothing was created"));
  }

  private static String describeText(SeedSource seed) {
    return seed.isFolders()
        ? "the seed "
            + seed.dataset()
            + " is a folder of sample folders (MULTI_FOLDER: "
            + seed.folderLayout().describe()
            + ")"
        : "the seed " + seed.dataset() + " is a folder of documents (MULTI_FILE)";
  }

  /** A seedless spec, from generation_objectives alone, with the LLM analyst. */
  static PCollection<Spec> createSeedlessSpec(
      Pipeline pipeline, SpecCreate request, LlmSettings models) {
    return pipeline.apply(
        "CreateSeedlessSpec",
        DataFramer.createSeedlessSpec(
                request.specGenerationModelName(), models, request.generationObjectives())
            .withRequest(request));
  }

  /** Runs the pipeline to the end; anything but DONE is an error naming the final state. */
  static void execute(Pipeline pipeline) {
    await(pipeline.run(), 0);
  }

  /**
   * Waits for a running pipeline, with a progress bar over {@code samples} when there is a console
   * to draw it on; anything but DONE is an error naming the final state. A Direct runner job's
   * scheduler is paced first, so waiting on model calls costs no core ({@link DirectRunnerPacing}).
   */
  static void await(PipelineResult result, long samples) {
    DirectRunnerPacing.install(result);
    PipelineResult.State state =
        samples > 0 && System.console() != null
            ? RunProgress.follow(result, samples, System.err)
            : result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the pipeline ended in state " + state);
    }
  }

  /** A one-line description of a spec for the console. */
  static String describe(Spec spec) {
    return spec.properties().size()
        + " properties, "
        + spec.recordFields().size()
        + " record fields";
  }
}
