package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.pipelines.RunJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code dataframer run}: generate samples from a stored spec (RunCreate). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Generate samples from a stored spec: the hosted API's RunCreate, on Beam.",
      "Unrecognised options go to Beam (--runner=FlinkRunner --flinkMaster=[local], ...)."
    },
    subcommands = {RunListCommand.class, RunShowCommand.class})
public final class RunCommand implements Callable<Integer> {
  @Option(
      names = {"--spec", "--spec-id"},
      description = "Spec name or id in the store (or spec_id in --request).")
  String spec;

  @Option(
      names = "--dataset",
      description = "Seed data for the engine (default: the dataset the spec was created from).")
  String dataset;

  @Mixin SeedTextArgs seedText = new SeedTextArgs();
  @Mixin RunRequestOptions run = new RunRequestOptions();
  @Mixin RunOptions runOptions = new RunOptions();
  @Mixin DatabricksOptions databricks = new DatabricksOptions();
  @Mixin ModelOptions models = new ModelOptions();
  @Mixin JobOptions job = new JobOptions();

  /**
   * Everything we do not recognise goes to Beam: --runner=FlinkRunner, --flinkMaster=[local], ...
   */
  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() {
    Map<String, String> environment = models.environment(System.getenv());
    RunCreate request =
        Requests.runCreate(spec, run, runOptions, databricks, environment, System.err);
    LlmSettings clients = Requests.modelSettings(request, models, System.getenv());
    // The clients hold the secret's source now; the request travels in the job without it.
    request = request.withDatabricksClientSecretRedacted();
    RunManifest manifest =
        RunJob.run(
            request,
            dataset,
            runOptions.target(job.store(), clients).toBuilder()
                .setSeedText(seedText.toOptions())
                .build(),
            beamArgs.toArray(String[]::new));
    System.out.println(RunJob.describe(manifest, job.store()));
    if (runOptions.evaluate(request)) {
      EvaluateCommand.afterRun(
          manifest.id(),
          job.store(),
          dataset,
          seedText,
          EvaluateCommand.judge(runOptions.evaluationModel, models, databricks),
          beamArgs);
    }
    return 0;
  }
}
