package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.eval.ConformanceReport;
import ai.dataframer.beam.core.eval.DocumentShape;
import ai.dataframer.beam.core.eval.Duplicates;
import ai.dataframer.beam.core.eval.EvaluationReport;
import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import com.google.auto.value.AutoValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A run's records (record columns and {@code _df_} metadata) -> its evaluation
 * (docs/ARCHITECTURE.md section 9), one {@link EvaluationReport}: conformance per property ({@link
 * EvaluateConformance}), fidelity and privacy against the seed records ({@link EvaluateFidelity}),
 * length and structure of documents against the seed documents, and duplicates among the samples
 * ({@link EvaluateDiversity}). Every part is counted per bundle or combined, so it scales with the
 * records on any runner; only capped samples (seed rows, closest-record search, texts compared) are
 * held in one place.
 *
 * <pre>{@code
 * PCollection<EvaluationReport> report =
 *     records.apply(DataFramer.evaluate(specView)
 *         .withSeed(seedRows)
 *         .withTextFields(List.of("review")));
 * }</pre>
 */
public final class Evaluate extends PTransform<PCollection<Row>, PCollection<EvaluationReport>> {
  /** The one column of a run of documents. */
  static final String DOCUMENT_TEXT = "text";

  /** What the withX methods set; one copy per setting changed, as Beam's own IOs keep theirs. */
  @AutoValue
  abstract static class Config {
    abstract PCollectionView<Spec> spec();

    abstract @Nullable PCollection<Row> seed();

    abstract List<String> textFields();

    abstract @Nullable String notAnalyzedReason();

    abstract int maxSeedRecords();

    abstract @Nullable String evaluationModel();

    abstract @Nullable LlmSettings llm();

    abstract int maxInFlight();

    abstract long expectedRecords();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setSpec(PCollectionView<Spec> spec);

      abstract Builder setSeed(@Nullable PCollection<Row> seed);

      abstract Builder setTextFields(List<String> textFields);

      abstract Builder setNotAnalyzedReason(@Nullable String notAnalyzedReason);

      abstract Builder setMaxSeedRecords(int maxSeedRecords);

      abstract Builder setEvaluationModel(@Nullable String evaluationModel);

      abstract Builder setLlm(@Nullable LlmSettings llm);

      abstract Builder setMaxInFlight(int maxInFlight);

      abstract Builder setExpectedRecords(long expectedRecords);

      abstract Config build();
    }
  }

  private final Config config;

  private Evaluate(Config config) {
    this.config = config;
  }

  static Evaluate of(PCollectionView<Spec> spec) {
    checkArgument(spec != null, "spec must not be null");
    return new Evaluate(
        new AutoValue_Evaluate_Config.Builder()
            .setSpec(spec)
            .setTextFields(List.of())
            .setMaxSeedRecords(EvaluateFidelity.DEFAULT_MAX_SEED_RECORDS)
            .setMaxInFlight(DEFAULT_MAX_IN_FLIGHT)
            .setExpectedRecords(0)
            .build());
  }

  /** Judge calls in flight per worker thread. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 64;

  /**
   * The hosted API's {@code evaluation_model}: it reads from every sample the properties no field
   * is bound to (one call per sample, in flight together, through {@code llm}'s client stack), so
   * their observed distributions appear and the report lists each sample's classification.
   */
  public Evaluate withEvaluationModel(String modelId, LlmSettings llm) {
    checkArgument(modelId != null && !modelId.isBlank(), "modelId must not be blank");
    checkArgument(llm != null, "llm settings must not be null");
    return new Evaluate(config.toBuilder().setEvaluationModel(modelId).setLlm(llm).build());
  }

  /** At most this many judge calls wait at once per worker thread. */
  public Evaluate withMaxInFlight(int calls) {
    checkArgument(calls > 0, "maxInFlight must be > 0, but was %s", calls);
    return new Evaluate(config.toBuilder().setMaxInFlight(calls).build());
  }

  /**
   * About how many records the evaluation reads (a finished run's completed samples): sizes the
   * exact-duplicate count's buckets to the records, so a small run's evaluation is not split into
   * buckets of a few records each. Unknown (the default) gives the buckets of a large run.
   */
  public Evaluate withExpectedRecords(long records) {
    checkArgument(records >= 0, "expectedRecords must be >= 0, but was %s", records);
    return new Evaluate(config.toBuilder().setExpectedRecords(records).build());
  }

  /**
   * The seed rows the run learnt from (records with the run's columns, or documents with a {@code
   * text} column): fidelity and privacy are measured against them. Without a seed only conformance
   * and diversity are evaluated.
   */
  public Evaluate withSeed(PCollection<Row> seed) {
    checkArgument(seed != null && seed.hasSchema(), "seed must be rows with a schema");
    return new Evaluate(config.toBuilder().setSeed(seed).build());
  }

  /**
   * The free-text fields whose words are compared for near duplicates (a document's {@code text}
   * always is); none means exact duplicates only.
   */
  public Evaluate withTextFields(List<String> fields) {
    checkArgument(fields != null, "fields must not be null");
    return new Evaluate(config.toBuilder().setTextFields(List.copyOf(fields)).build());
  }

  /** Why properties without bound fields are not analysed, said in the report's explanation. */
  public Evaluate withNotAnalyzedReason(String reason) {
    checkArgument(reason != null && !reason.isBlank(), "reason must not be blank");
    return new Evaluate(config.toBuilder().setNotAnalyzedReason(reason).build());
  }

  /** At most this many seed rows (chosen by content hash) make the fidelity profile. */
  public Evaluate withMaxSeedRecords(int maxRecords) {
    checkArgument(maxRecords > 0, "maxSeedRecords must be > 0, but was %s", maxRecords);
    return new Evaluate(config.toBuilder().setMaxSeedRecords(maxRecords).build());
  }

  @Override
  public PCollection<EvaluationReport> expand(PCollection<Row> records) {
    checkArgument(records.hasSchema(), "records must have a schema");
    PCollectionView<Spec> spec = config.spec();
    PCollection<Row> seed = config.seed();
    List<String> textFields = config.textFields();
    String evaluationModel = config.evaluationModel();
    LinkedHashMap<String, FieldType> columns = EvaluateFidelity.recordColumns(records);
    for (String field : textFields) {
      checkArgument(
          columns.get(field) == FieldType.STRING,
          "text field '%s' is not a string column of the records %s",
          field,
          columns.keySet());
    }
    boolean documents =
        columns.size() == 1 && columns.get(DOCUMENT_TEXT) == FieldType.STRING && seedIsText();
    // One content-hash sample of the records serves every part that needs records in one place:
    // near duplicates compare all of it, the closest-record search and the report take its first.
    PCollectionView<List<Row>> recordSample =
        records
            .apply(
                "SampleRecords", SeedExamples.sample(EvaluateDiversity.DEFAULT_MAX_TEXTS_COMPARED))
            .examples();
    PCollection<Row> observed = records;
    PCollectionView<EvaluationReport.Judge> judge = null;
    if (evaluationModel != null) {
      observed =
          records.apply(
              "Classify",
              new ClassifySamples(spec, evaluationModel, config.llm(), config.maxInFlight()));
      judge =
          observed
              .apply(
                  "SummarizeJudge",
                  Combine.globally(new ClassifySamples.Summarize(evaluationModel)))
              .apply("JudgeView", View.asSingleton());
    }
    PCollectionView<ConformanceReport> conformance =
        observed
            .apply("Conformance", new EvaluateConformance(spec, config.notAnalyzedReason()))
            .apply("ConformanceView", View.asSingleton());
    PCollectionView<Iterable<FidelityReport>> fidelity =
        seed == null || documents
            ? null
            : records
                .apply(
                    "Fidelity",
                    new EvaluateFidelity(seed, columns, config.maxSeedRecords(), recordSample))
                .apply("FidelityView", View.asIterable());
    PCollectionView<Iterable<FidelityReport>> documentShapes =
        documents ? documentShapes(records).apply("DocumentsView", View.asIterable()) : null;
    List<String> compared = documents ? List.of(DOCUMENT_TEXT) : textFields;
    String fidelityNote =
        seed == null
            ? "no seed records to compare with"
            : documents ? "documents are compared by length and structure" : null;
    List<PCollectionView<?>> views = new ArrayList<>(List.of(conformance, recordSample));
    if (fidelity != null) {
      views.add(fidelity);
    }
    if (documentShapes != null) {
      views.add(documentShapes);
    }
    if (judge != null) {
      views.add(judge);
    }
    return records
        .apply(
            "Diversity",
            new EvaluateDiversity(
                columns,
                compared,
                recordSample,
                EvaluateDiversity.fingerprintBuckets(config.expectedRecords())))
        .apply(
            "Report",
            ParDo.of(
                    new ReportFn(
                        conformance,
                        fidelity,
                        documentShapes,
                        judge,
                        recordSample,
                        new ArrayList<>(columns.keySet()),
                        fidelityNote))
                .withSideInputs(views))
        .setCoder(SerializableCoder.of(EvaluationReport.class));
  }

  private boolean seedIsText() {
    PCollection<Row> seed = config.seed();
    return seed != null
        && seed.getSchema().hasField(DOCUMENT_TEXT)
        && seed.getSchema().getFieldCount() == 1;
  }

  /** Generated documents' length and structure against the seed documents'. */
  private PCollection<FidelityReport> documentShapes(PCollection<Row> records) {
    Schema shapes = shapeSchema(true);
    PCollection<Row> seedShapes =
        config
            .seed()
            .apply("SeedDocumentShapes", ParDo.of(new ShapeFn(shapeSchema(false))))
            .setRowSchema(shapeSchema(false));
    return records
        .apply("DocumentShapes", ParDo.of(new ShapeFn(shapes)))
        .setRowSchema(shapes)
        .apply(
            "DocumentFidelity",
            new EvaluateFidelity(seedShapes, DocumentShape.COLUMNS, config.maxSeedRecords(), null));
  }

  /** The measures of {@link DocumentShape}, and the sample index when {@code withIndex}. */
  private static Schema shapeSchema(boolean withIndex) {
    Schema.Builder schema = Schema.builder();
    DocumentShape.COLUMNS.forEach(
        (name, type) -> schema.addNullableField(name, RowRecords.beamType(type)));
    if (withIndex) {
      schema.addInt64Field(MetadataColumns.SAMPLE_INDEX);
    }
    return schema.build();
  }

  /** A document row -> its measures (and sample index, for a run's records). */
  static final class ShapeFn extends DoFn<Row, Row> {
    private final Schema schema;

    ShapeFn(Schema schema) {
      this.schema = schema;
    }

    @ProcessElement
    public void processElement(@Element Row row, OutputReceiver<Row> out) {
      Map<String, Object> shape = DocumentShape.of(row.getString(DOCUMENT_TEXT));
      if (schema.hasField(MetadataColumns.SAMPLE_INDEX)) {
        shape.put(MetadataColumns.SAMPLE_INDEX, row.getInt64(MetadataColumns.SAMPLE_INDEX));
      }
      out.output(RowRecords.toRow(shape, schema));
    }
  }

  /** The parts, joined once every one is complete. */
  static final class ReportFn extends DoFn<Duplicates.Report, EvaluationReport> {
    /** Samples a report shows, the earliest of the record sample by sample index. */
    static final int SHOWN_RECORDS = 10;

    private final PCollectionView<ConformanceReport> conformance;
    private final @Nullable PCollectionView<Iterable<FidelityReport>> fidelity;
    private final @Nullable PCollectionView<Iterable<FidelityReport>> documents;
    private final @Nullable PCollectionView<EvaluationReport.Judge> judge;
    private final PCollectionView<List<Row>> recordSample;
    private final ArrayList<String> columns;
    private final @Nullable String fidelityNote;

    ReportFn(
        PCollectionView<ConformanceReport> conformance,
        @Nullable PCollectionView<Iterable<FidelityReport>> fidelity,
        @Nullable PCollectionView<Iterable<FidelityReport>> documents,
        @Nullable PCollectionView<EvaluationReport.Judge> judge,
        PCollectionView<List<Row>> recordSample,
        ArrayList<String> columns,
        @Nullable String fidelityNote) {
      this.conformance = conformance;
      this.fidelity = fidelity;
      this.documents = documents;
      this.judge = judge;
      this.recordSample = recordSample;
      this.columns = columns;
      this.fidelityNote = fidelityNote;
    }

    @ProcessElement
    public void processElement(
        @Element Duplicates.Report diversity,
        OutputReceiver<EvaluationReport> out,
        ProcessContext context) {
      FidelityReport fidelityReport = fidelity == null ? null : first(context.sideInput(fidelity));
      FidelityReport documentReport =
          documents == null ? null : first(context.sideInput(documents));
      String note = fidelityNote;
      if (note == null && fidelityReport == null) {
        note = "no records, or no seed rows, to compare";
      }
      List<Row> rows = new ArrayList<>(context.sideInput(recordSample));
      rows.sort(Comparator.comparingLong(row -> row.getInt64(MetadataColumns.SAMPLE_INDEX)));
      List<Map<String, Object>> shown = new ArrayList<>();
      for (Row row : rows.subList(0, Math.min(SHOWN_RECORDS, rows.size()))) {
        Map<String, Object> all = RowRecords.toRecord(row);
        Map<String, Object> record = new LinkedHashMap<>();
        columns.forEach(column -> record.put(column, all.get(column)));
        shown.add(record);
      }
      out.output(
          new EvaluationReport(
              context.sideInput(conformance),
              fidelityReport,
              fidelityReport == null ? note : null,
              diversity,
              documentReport,
              shown,
              judge == null ? null : context.sideInput(judge)));
    }

    private static @Nullable FidelityReport first(Iterable<FidelityReport> reports) {
      Iterator<FidelityReport> iterator = reports.iterator();
      return iterator.hasNext() ? iterator.next() : null;
    }
  }
}
