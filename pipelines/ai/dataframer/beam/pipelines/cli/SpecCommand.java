package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.pipelines.SpecJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/** {@code dataframer spec}: spec commands. */
@Command(
    name = "spec",
    mixinStandardHelpOptions = true,
    description = "Create specs (SpecCreate).",
    subcommands = {
      SpecCommand.Create.class,
      SpecListCommand.class,
      SpecShowCommand.class,
      SpecUpdateCommand.class,
      SpecDeleteCommand.class
    })
public final class SpecCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  @Override
  public void run() {
    commandSpec.commandLine().usage(System.out);
  }

  /** {@code dataframer spec create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Learn a spec from seed data and store it as version 1 (the hosted API's SpecCreate).",
        "Unrecognised options go to Beam (--runner=FlinkRunner, ...)."
      })
  public static final class Create implements Callable<Integer> {
    @Mixin SpecRequestOptions spec = new SpecRequestOptions();
    @Mixin SeedTextArgs seedText = new SeedTextArgs();
    @Mixin DatabricksOptions databricks = new DatabricksOptions();
    @Mixin ModelOptions models = new ModelOptions();
    @Mixin JobOptions job = new JobOptions();

    /**
     * Everything we do not recognise goes to Beam: --runner=FlinkRunner, --flinkMaster=[local], ...
     */
    @Unmatched List<String> beamArgs = new ArrayList<>();

    @Override
    public Integer call() {
      SpecCreate request =
          Requests.specCreate(spec, databricks, models.environment(System.getenv()), System.err);
      LlmSettings clients = Requests.specModelSettings(request, models, System.getenv());
      SpecRecord record =
          SpecJob.create(
              // The clients hold the secret's source; the request travels in the job without it.
              request.withDatabricksClientSecretRedacted(),
              clients,
              seedText.toOptions(),
              job.store(),
              beamArgs.toArray(String[]::new));
      System.out.printf(
          "spec '%s' (id %s) %s, version %d: %s/specs/%s/v%d.yaml%n",
          record.name(),
          record.id(),
          record.status(),
          record.latestVersion(),
          job.store(),
          record.id(),
          record.latestVersion());
      return 0;
    }
  }
}
