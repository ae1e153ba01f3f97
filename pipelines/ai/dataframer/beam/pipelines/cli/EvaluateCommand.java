package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.eval.Evaluation;
import ai.dataframer.beam.core.request.ModelCatalog;
import ai.dataframer.beam.core.request.RequestValidationException;
import ai.dataframer.beam.io.llm.LlmClients;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.pipelines.EvaluateJob;
import ai.dataframer.beam.pipelines.JobFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code dataframer evaluate --run ID}: the hosted API's evaluation of a run, on Beam. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a finished run: conformance of every property (requested, expected, observed),"
          + " fidelity and privacy against the seed, duplicates among the samples.",
      "Writes evaluation.json and report.html beside the run in the store. Unrecognised options"
          + " go to Beam (--runner=FlinkRunner --flinkMaster=[local], ...)."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Option(
      names = {"--run", "--run-id"},
      required = true,
      description = "Id of a SUCCEEDED run in the store.")
  String run;

  @Option(
      names = "--dataset",
      description = "Seed data to compare with (default: the dataset the spec was created from).")
  String dataset;

  @Option(
      names = "--evaluation-model",
      description =
          "The hosted API's evaluation_model: reads from every sample the properties no field is"
              + " bound to (one call per sample; its key must be set). Default: none, only bound"
              + " properties are evaluated.")
  String evaluationModel;

  @Mixin SeedTextArgs seedText = new SeedTextArgs();
  @Mixin DatabricksOptions databricks = new DatabricksOptions();
  @Mixin ModelOptions models = new ModelOptions();
  @Mixin JobOptions job = new JobOptions();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() {
    StoreViews.useFileSystemsFor(job.store());
    Evaluation evaluation =
        EvaluateJob.run(
            run,
            job.store(),
            dataset,
            seedText.toOptions(),
            judge(evaluationModel, models, databricks),
            beamArgs.toArray(String[]::new));
    System.out.println(EvaluateJob.describe(evaluation, job.store()));
    return 0;
  }

  /**
   * The judge of {@code --evaluation-model}, its key and base URL checked before anything runs;
   * null for none (or {@code embedded}, which reads no text).
   */
  static EvaluateJob.Judge judge(
      String evaluationModel, ModelOptions models, DatabricksOptions databricks) {
    if (evaluationModel == null || ModelCatalog.isEmbedded(evaluationModel)) {
      return null;
    }
    try {
      ModelCatalog.provider(evaluationModel);
    } catch (IllegalArgumentException unknown) {
      throw new RequestValidationException("EvaluationCreate", List.of(unknown.getMessage()));
    }
    Map<String, String> environment = System.getenv();
    LlmSettings settings =
        models.settings(
            environment, databricks.apiBase, databricks.clientId, databricks.secret(environment));
    RequestValidationException.throwIfAny(
        "EvaluationCreate",
        LlmClients.missingConfiguration("evaluation_model", evaluationModel, settings));
    return new EvaluateJob.Judge(evaluationModel, settings);
  }

  /**
   * The evaluation that follows a SUCCEEDED run with {@code --evaluate}. Its failure is reported on
   * stderr, not as the command's exit code: the run's records are committed and good whatever the
   * evaluation found.
   */
  static void afterRun(
      String runId,
      String store,
      String dataset,
      SeedTextArgs seedText,
      EvaluateJob.Judge judge,
      List<String> beamArgs) {
    try {
      Evaluation evaluation =
          EvaluateJob.run(
              runId, store, dataset, seedText.toOptions(), judge, beamArgs.toArray(String[]::new));
      System.out.println(EvaluateJob.describe(evaluation, store));
    } catch (RuntimeException e) {
      System.err.println(
          "the run SUCCEEDED, but its evaluation did not: "
              + JobFailedException.rootMessage(e)
              + System.lineSeparator()
              + "retry with: dataframer evaluate --run "
              + runId
              + " --store "
              + store);
    }
  }
}
