package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.engine.ConformanceFilter;
import ai.dataframer.beam.core.engine.EmbeddedEngine;
import ai.dataframer.beam.core.engine.ExactCopyFilter;
import ai.dataframer.beam.core.engine.GenerationLoop;
import ai.dataframer.beam.core.engine.OutcomeJson;
import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.engine.StructuralFilter;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.run.Failure;
import ai.dataframer.beam.core.run.RunStats;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/** Runs the generation loop per plan; the engine is built once per instance from the side inputs. */
class GenerateSamplesFn extends DoFn<SamplePlan, Row> {
  private static final Counter SAMPLES_ACCEPTED =
      Metrics.counter(GenerateSamples.class, "samples_accepted");
  private static final Counter SAMPLES_REJECTED =
      Metrics.counter(GenerateSamples.class, "samples_rejected");
  private static final Counter REGENERATIONS =
      Metrics.counter(GenerateSamples.class, "regenerations");
  private static final Counter EXACT_COPY_REDRAWS =
      Metrics.counter(GenerateSamples.class, "exact_copy_redraws");

  /** The side inputs; seed examples and fingerprints may be null. */
  record Views(
      PCollectionView<Spec> spec,
      PCollectionView<List<Row>> seedExamples,
      PCollectionView<FingerprintSet> seedFingerprints) implements Serializable {}

  /** What the metadata columns say about where a sample came from. */
  record Labels(String specId, int specVersion, String generationModel) implements Serializable {}

  private final Views views;
  private final Labels labels;
  private final Schema recordSchema;
  private final Schema outputSchema;
  private final int maxAttempts;
  private final TupleTag<Row> failuresTag;
  private final TupleTag<RunStats> statsTag;

  private transient GenerationLoop loop;
  private transient BoundedWindow loopWindow;
  /** This bundle's totals per window, emitted when the bundle finishes. */
  private transient Map<BoundedWindow, RunStats> bundleStats;

  GenerateSamplesFn(
      Views views, Labels labels, Schema recordSchema, Schema outputSchema, int maxAttempts,
      TupleTag<Row> failuresTag, TupleTag<RunStats> statsTag) {
    this.views = views;
    this.labels = labels;
    this.recordSchema = recordSchema;
    this.outputSchema = outputSchema;
    this.maxAttempts = maxAttempts;
    this.failuresTag = failuresTag;
    this.statsTag = statsTag;
  }

  @StartBundle
  public void startBundle() {
    bundleStats = new HashMap<>();
  }

  @ProcessElement
  public void processElement(ProcessContext context, BoundedWindow window) {
    // Side inputs are per window; in the usual global window this builds the engine once.
    if (loop == null || !window.equals(loopWindow)) {
      loop = buildLoop(context);
      loopWindow = window;
    }
    SampleOutcome outcome = loop.generate(context.element());
    REGENERATIONS.inc(outcome.attempts() - 1);
    RunStats stats;
    if (outcome instanceof SampleOutcome.Accepted accepted) {
      SAMPLES_ACCEPTED.inc();
      context.output(sampleRow(accepted));
      stats = RunStats.completed(0, 0, 0.0);
    } else {
      SAMPLES_REJECTED.inc();
      Failure failure = OutcomeJson.failure((SampleOutcome.Rejected) outcome);
      context.output(failuresTag, FailureRows.toRow(failure));
      stats = RunStats.failed(0, 0, 0.0);
    }
    bundleStats.merge(window, stats, RunStats::plus);
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    for (Map.Entry<BoundedWindow, RunStats> stats : bundleStats.entrySet()) {
      context.output(statsTag, stats.getValue(), stats.getKey().maxTimestamp(), stats.getKey());
    }
    bundleStats = null;
  }

  private GenerationLoop buildLoop(ProcessContext context) {
    Spec spec = context.sideInput(views.spec());
    checkRecordSchemaMatches(spec);
    List<Map<String, Object>> seeds = new ArrayList<>();
    if (views.seedExamples() != null) {
      for (Row row : context.sideInput(views.seedExamples())) {
        seeds.add(RowRecords.toRecord(row));
      }
    }
    FingerprintSet fingerprints =
        views.seedFingerprints() != null
            ? context.sideInput(views.seedFingerprints())
            : FingerprintSet.ofRecords(seeds);
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, fingerprints, EXACT_COPY_REDRAWS::inc);
    return new GenerationLoop(
        engine,
        List.of(new StructuralFilter(spec), new ConformanceFilter(spec),
            new ExactCopyFilter(fingerprints)),
        maxAttempts);
  }

  private void checkRecordSchemaMatches(Spec spec) {
    Set<String> fields =
        spec.recordFields().stream().map(RecordField::name).collect(Collectors.toSet());
    Set<String> columns = Set.copyOf(recordSchema.getFieldNames());
    if (!fields.equals(columns)) {
      throw new IllegalArgumentException(
          "withRecordSchema() columns " + recordSchema.getFieldNames()
              + " differ from the spec's record_fields " + fields);
    }
  }

  private Row sampleRow(SampleOutcome.Accepted accepted) {
    SamplePlan plan = accepted.plan();
    Object[] values = new Object[outputSchema.getFieldCount()];
    Map<String, Object> record = accepted.record();
    for (int i = 0; i < recordSchema.getFieldCount(); i++) {
      values[i] = record.get(recordSchema.getField(i).getName());
    }
    set(values, MetadataColumns.SAMPLE_ID, plan.sampleId());
    set(values, MetadataColumns.SAMPLE_INDEX, plan.index());
    set(values, MetadataColumns.PROPERTIES, OutcomeJson.properties(plan));
    set(values, MetadataColumns.SPEC_ID, labels.specId());
    set(values, MetadataColumns.SPEC_VERSION, labels.specVersion());
    set(values, MetadataColumns.GENERATION_MODEL, labels.generationModel());
    set(values, MetadataColumns.REVISION_MODEL, null);
    set(values, MetadataColumns.REVISION_CYCLES, 0);
    set(values, MetadataColumns.FILTER_ATTEMPTS, accepted.attempts());
    set(values, MetadataColumns.INPUT_TOKENS, 0L);
    set(values, MetadataColumns.OUTPUT_TOKENS, 0L);
    set(values, MetadataColumns.COST_USD, 0.0);
    return RowRecords.toRow(Arrays.asList(values), outputSchema);
  }

  private void set(Object[] values, String column, Object value) {
    values[outputSchema.indexOf(column)] = value;
  }
}
