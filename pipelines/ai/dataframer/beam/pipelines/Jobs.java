package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.transforms.CreateSpec;
import ai.dataframer.beam.transforms.DataFramer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** What every job does the same way: Beam options, the spec transform from a request, execution. */
final class Jobs {
  private Jobs() {}

  /**
   * The Direct runner re-encodes every element to check it is not mutated: a test aid that costs the
   * CLI most of its time. Off unless the user names the options.
   */
  private static final List<String> DIRECT_RUNNER_DEFAULTS =
      List.of("--enforceImmutability=false", "--enforceEncodability=false",
          // Returns from run() at once, so the progress bar can follow the job.
          "--blockOnRun=false");

  /** Beam options from the pass-through arguments; registers the filesystems they enable. */
  static PipelineOptions options(String[] beamArgs) {
    List<String> args = new ArrayList<>(Arrays.asList(beamArgs));
    for (String option : DIRECT_RUNNER_DEFAULTS) {
      String name = option.substring(0, option.indexOf('='));
      if (args.stream().noneMatch(arg -> arg.startsWith(name))) {
        args.add(option);
      }
    }
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().create();
    FileSystems.setDefaultPipelineOptions(options);
    return options;
  }

  /** The embedded CreateSpec configured from a SpecCreate request. */
  static CreateSpec createSpec(SpecCreate request) {
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

  /** Runs the pipeline to the end; anything but DONE is an error naming the final state. */
  static void execute(Pipeline pipeline) {
    execute(pipeline, 0);
  }

  /**
   * Runs the pipeline to the end, with a progress bar over {@code samples} when there is a console
   * to draw it on; anything but DONE is an error naming the final state.
   */
  static void execute(Pipeline pipeline, long samples) {
    PipelineResult result = pipeline.run();
    PipelineResult.State state = samples > 0 && System.console() != null
        ? RunProgress.follow(result, samples, System.err)
        : result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the pipeline ended in state " + state);
    }
  }

  /** A one-line description of a spec for the console. */
  static String describe(Spec spec) {
    return spec.properties().size() + " properties, " + spec.recordFields().size() + " record fields";
  }
}
