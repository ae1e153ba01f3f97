package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.pipelines.GenerateJob;
import ai.dataframer.beam.pipelines.RunJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/** {@code dataframer generate}: create a spec from seed data and run it, in one job. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Learn a spec from seed data and generate samples from it, in one job.",
      "The spec is stored under --name (default: the dataset's file name); running again adds a"
          + " version. Unrecognised options go to Beam (--runner=FlinkRunner, ...)."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Mixin SpecRequestOptions spec = new SpecRequestOptions();
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
    if (spec.dataset == null) {
      throw new IllegalArgumentException("generate needs --dataset: the seed data to learn from");
    }
    if (spec.name == null) {
      spec.name = defaultName(spec.dataset);
    }
    Map<String, String> environment = models.environment(System.getenv());
    SpecCreate specRequest = Requests.specCreate(spec, databricks, environment, System.err);
    RunCreate runRequest =
        Requests.runCreate(spec.name, run, runOptions, databricks, environment, System.err);
    LlmSettings specClients = Requests.specModelSettings(specRequest, models, System.getenv());
    LlmSettings clients = Requests.modelSettings(runRequest, models, System.getenv());
    // The clients hold the secret's source now; the requests travel in the job without it.
    specRequest = specRequest.withDatabricksClientSecretRedacted();
    runRequest = runRequest.withDatabricksClientSecretRedacted();
    RunManifest manifest =
        GenerateJob.run(
            specRequest,
            specClients,
            runRequest,
            runOptions.target(job.store(), clients).toBuilder()
                .setSeedText(seedText.toOptions())
                .build(),
            beamArgs.toArray(String[]::new));
    System.out.println(RunJob.describe(manifest, job.store()));
    if (runOptions.evaluate(runRequest)) {
      EvaluateCommand.afterRun(
          manifest.id(),
          job.store(),
          null,
          seedText,
          EvaluateCommand.judge(runOptions.evaluationModel, models, databricks),
          beamArgs);
    }
    return 0;
  }

  /** The dataset's file name without extension: "orders" for examples/orders/orders.csv. */
  static String defaultName(String dataset) {
    String file = Path.of(dataset.replaceAll("[*?\\[\\]{}]", "")).getFileName().toString();
    int dot = file.indexOf('.');
    String name = dot > 0 ? file.substring(0, dot) : file;
    return name.isBlank() ? "spec" : name;
  }
}
