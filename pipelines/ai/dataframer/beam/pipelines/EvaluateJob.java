package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.eval.Evaluation;
import ai.dataframer.beam.core.eval.EvaluationReport;
import ai.dataframer.beam.core.eval.EvaluationStatus;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.report.EvaluationHtml;
import ai.dataframer.beam.io.seed.SeedIO;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.seed.SeedTextOptions;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.transforms.DataFramer;
import ai.dataframer.beam.transforms.Evaluate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * The evaluation of a finished run (docs/ARCHITECTURE.md section 9), the hosted API's {@code POST
 * /evaluations/}: reads the run's committed records back, its spec version and its seed, and writes
 * {@code evaluation.json} and {@code report.html} beside the run in the store. The evaluation's
 * status goes PENDING, PROCESSING, then SUCCEEDED or FAILED with the reason.
 */
public final class EvaluateJob {
  static final String REPORT_FILE = "report.html";

  private EvaluateJob() {}

  /** Which model reads unbound properties from the samples, and how to reach it. */
  public record Judge(String evaluationModel, LlmSettings llm) {}

  /**
   * @param dataset the seed to compare with; null means the dataset the spec was created from
   * @param judge the evaluation model, or null to evaluate bound properties only
   * @throws JobFailedException when the evaluation failed; {@code evaluation.json} says why
   */
  public static Evaluation run(
      String runId,
      String store,
      String dataset,
      SeedTextOptions seedText,
      Judge judge,
      String[] beamArgs) {
    PipelineOptions options = Jobs.options(beamArgs);
    RunStore runs = RunStore.at(store);
    RunManifest run = runs.read(runId);
    if (run.status() != RunStatus.SUCCEEDED) {
      throw new IllegalArgumentException(
          "run "
              + runId
              + " is "
              + run.status()
              + ": only a SUCCEEDED run has committed records to evaluate");
    }
    requireOutputNotReplaced(runs, run);
    SpecStore specs = SpecStore.at(store);
    SpecRecord record = specs.find(run.specId());
    Spec spec = specs.readVersion(run.specId(), run.specVersion());
    String seedPath = dataset != null ? dataset : record.dataset();
    SeedSource seed = SeedSource.of(seedPath, seedText);
    List<String> files = recordFiles(run);
    Schema outputSchema;
    try {
      outputSchema = MetadataColumns.outputSchema(seed.sampleSchema());
    } catch (IllegalArgumentException unreadable) {
      throw new IllegalArgumentException(
          unreadable.getMessage()
              + "; the evaluation compares with the seed of spec '"
              + record.name()
              + "': pass --dataset to name where it is now",
          unreadable);
    }

    Evaluation evaluation =
        new Evaluation(
            "evaluation-" + UUID.randomUUID(),
            runId,
            EvaluationStatus.PENDING,
            judge == null ? null : judge.evaluationModel(),
            Instant.now().toString(),
            null,
            null,
            null,
            null);
    runs.writeRunFile(runId, Evaluation.FILE, evaluation.toJson());
    try {
      Pipeline pipeline = Pipeline.create(options);
      PCollection<Row> records = readRecords(pipeline, files, outputSchema);
      PCollectionView<Spec> specView =
          pipeline
              .apply("Spec", Create.of(spec).withCoder(SerializableCoder.of(Spec.class)))
              .apply("SpecView", View.asSingleton());
      Evaluate evaluate =
          DataFramer.evaluate(specView)
              .withTextFields(textFields(spec, outputSchema))
              .withExpectedRecords(run.samplesCompleted());
      evaluate =
          judge == null
              ? evaluate.withNotAnalyzedReason("no evaluation_model was given")
              : evaluate.withEvaluationModel(judge.evaluationModel(), judge.llm());
      if (!seed.isSeedless()) {
        evaluate = evaluate.withSeed(seed.read(pipeline).getRows());
      }
      Evaluation processing = evaluation.withStatus(EvaluationStatus.PROCESSING, null, null, null);
      records
          .apply("Evaluate", evaluate)
          .apply("WriteEvaluation", ParDo.of(new WriteFn(runs, processing, title(record, run))));
      runs.writeRunFile(runId, Evaluation.FILE, processing.toJson());
      try (Cancellation.Scope scope =
          Cancellation.whileRunning(signal -> recordCanceled(runs, evaluation, signal))) {
        Jobs.execute(pipeline);
      }
      return Evaluation.fromJson(runs.readRunFile(runId, Evaluation.FILE));
    } catch (RuntimeException e) {
      String reason = JobFailedException.rootMessage(e);
      try {
        runs.writeRunFile(
            runId,
            Evaluation.FILE,
            evaluation
                .withStatus(EvaluationStatus.FAILED, Instant.now().toString(), reason, null)
                .toJson());
      } catch (RuntimeException unrecorded) {
        e.addSuppressed(unrecorded);
      }
      throw new JobFailedException(
          "evaluation of run " + runId + " FAILED: " + reason, JobFailedException.EXIT_FAILED, e);
    }
  }

  /**
   * Runs on the signal's thread, just before the process halts: an evaluation still under way ends
   * FAILED with the signal, so no PROCESSING evaluation outlives its job (one already written as
   * SUCCEEDED stays).
   */
  private static void recordCanceled(RunStore runs, Evaluation evaluation, String signal) {
    Evaluation current = Evaluation.fromJson(runs.readRunFile(evaluation.runId(), Evaluation.FILE));
    if (current.id().equals(evaluation.id()) && current.status() != EvaluationStatus.SUCCEEDED) {
      runs.writeRunFile(
          evaluation.runId(),
          Evaluation.FILE,
          evaluation
              .withStatus(
                  EvaluationStatus.FAILED,
                  Instant.now().toString(),
                  "canceled by SIG" + signal,
                  null)
              .toJson());
    }
    System.err.println(
        "evaluation "
            + evaluation.id()
            + " of run "
            + evaluation.runId()
            + " canceled by SIG"
            + signal);
  }

  /** Where the evaluation's files are, for the console. */
  public static String describe(Evaluation evaluation, String store) {
    return "evaluation "
        + evaluation.id()
        + " "
        + evaluation.status()
        + (evaluation.headline() == null ? "" : ": " + evaluation.headline())
        + System.lineSeparator()
        + "report: "
        + SeedSource.absolute(store)
        + "/runs/"
        + evaluation.runId()
        + "/"
        + REPORT_FILE;
  }

  /**
   * A later run that committed to the same output replaced these records: evaluating them under
   * this run's id would report on another run's data.
   */
  private static void requireOutputNotReplaced(RunStore runs, RunManifest run) {
    for (RunManifest other : runs.list(null).items()) {
      boolean later =
          other.status() == RunStatus.SUCCEEDED
              && run.output().equals(other.output())
              && !other.id().equals(run.id())
              && Instant.parse(other.completedAt()).isAfter(Instant.parse(run.completedAt()));
      if (later) {
        throw new IllegalArgumentException(
            "the output "
                + run.output()
                + " of run "
                + run.id()
                + " was replaced by run "
                + other.id()
                + " at "
                + other.completedAt()
                + "; evaluate that run instead");
      }
    }
  }

  /** The run's committed record files; a BigQuery output is not read back. */
  private static List<String> recordFiles(RunManifest run) {
    List<String> files = new ArrayList<>();
    for (String file : run.generatedFiles()) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      if (name.startsWith("records-")) {
        files.add(file);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "run "
              + run.id()
              + " wrote to "
              + run.output()
              + ", which evaluate does not read back: it reads parquet, jsonl and csv outputs");
    }
    return files;
  }

  /**
   * Every committed record; a row that does not read back fails the evaluation, naming its file and
   * line, rather than being left out of the figures.
   */
  private static PCollection<Row> readRecords(
      Pipeline pipeline, List<String> files, Schema outputSchema) {
    PCollectionList<Row> rows = PCollectionList.empty(pipeline);
    PCollectionList<Row> failures = PCollectionList.empty(pipeline);
    for (int i = 0; i < files.size(); i++) {
      String file = files.get(i);
      SeedIO.Read read = SeedIO.read(file);
      if (!file.endsWith(".parquet")) {
        read = read.withSchema(outputSchema);
      }
      SeedReadResult result = pipeline.apply("ReadRecords" + i, read);
      rows = rows.and(result.getRows());
      failures = failures.and(result.getFailures());
    }
    failures
        .apply("AllUnreadable", Flatten.pCollections())
        .apply("FailOnUnreadable", ParDo.of(new FailFn()));
    return rows.apply("AllRecords", Flatten.pCollections());
  }

  /** Free-text fields of a record spec, or a document's text. */
  private static List<String> textFields(Spec spec, Schema outputSchema) {
    List<String> fields = new ArrayList<>();
    for (RecordField field : spec.recordFields()) {
      if (field.text() != null && outputSchema.hasField(field.name())) {
        fields.add(field.name());
      }
    }
    return fields;
  }

  private static String title(SpecRecord spec, RunManifest run) {
    return "Evaluation of run "
        + run.id()
        + " (spec "
        + spec.name()
        + ", version "
        + run.specVersion()
        + ", "
        + run.samplesCompleted()
        + " samples)";
  }

  static final class FailFn extends DoFn<Row, Void> {
    @ProcessElement
    public void processElement(@Element Row failure) {
      throw new IllegalStateException(
          "a record of the run's output does not read back: "
              + failure.getString("location")
              + ": "
              + failure.getString("reason"));
    }
  }

  /** Writes {@code evaluation.json} (SUCCEEDED) and {@code report.html} into the run's folder. */
  static final class WriteFn extends DoFn<EvaluationReport, Void> {
    private final RunStore runs;
    private final Evaluation processing;
    private final String title;

    WriteFn(RunStore runs, Evaluation processing, String title) {
      this.runs = runs;
      this.processing = processing;
      this.title = title;
    }

    @ProcessElement
    public void processElement(@Element EvaluationReport report) {
      runs.writeRunFile(processing.runId(), REPORT_FILE, EvaluationHtml.render(title, report));
      runs.writeRunFile(
          processing.runId(),
          Evaluation.FILE,
          processing
              .withStatus(EvaluationStatus.SUCCEEDED, Instant.now().toString(), null, report)
              .toJson());
    }
  }
}
