package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.eval.BoundObservations;
import ai.dataframer.beam.core.eval.ConformanceCounts;
import ai.dataframer.beam.core.eval.ConformanceReport;
import ai.dataframer.beam.core.run.OutcomeJson;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A run's records (record columns and {@code _df_} metadata) -> the conformance part of its
 * evaluation (docs/ARCHITECTURE.md section 9): for each record, the property values its plan
 * assigned ({@code _df_properties}) against the values its bound fields show, counted per bundle
 * and merged with one Combine, so a few counts per property and bundle travel to the final merge
 * however many records there are. Properties no field is bound to are not analysed here; the report
 * names them and why.
 *
 * <pre>{@code
 * PCollection<ConformanceReport> report =
 *     records.apply(DataFramer.evaluateConformance(specView)
 *         .withNotAnalyzedReason("no evaluation_model was given"));
 * }</pre>
 */
public final class EvaluateConformance
    extends PTransform<PCollection<Row>, PCollection<ConformanceReport>> {
  private final PCollectionView<Spec> spec;
  private final @Nullable String notAnalyzedReason;

  EvaluateConformance(PCollectionView<Spec> spec, @Nullable String notAnalyzedReason) {
    this.spec = spec;
    this.notAnalyzedReason = notAnalyzedReason;
  }

  /** Why properties without bound fields are not analysed, said in the report's explanation. */
  public EvaluateConformance withNotAnalyzedReason(String reason) {
    checkArgument(reason != null && !reason.isBlank(), "reason must not be blank");
    return new EvaluateConformance(spec, reason);
  }

  @Override
  public PCollection<ConformanceReport> expand(PCollection<Row> records) {
    checkArgument(
        records.getSchema().hasField(MetadataColumns.PROPERTIES),
        "records must carry the %s column of a run's output",
        MetadataColumns.PROPERTIES);
    return records
        .apply("CountPerBundle", ParDo.of(new CountFn(spec)).withSideInputs(spec))
        .setCoder(SerializableCoder.of(ConformanceCounts.class))
        .apply("MergeCounts", CombineWithIdentity.of(new MergeCounts(), ConformanceCounts.empty()))
        .apply("Report", ParDo.of(new ReportFn(spec, notAnalyzedReason)).withSideInputs(spec))
        .setCoder(SerializableCoder.of(ConformanceReport.class));
  }

  /**
   * Counts a bundle's records into one {@link ConformanceCounts}, emitted when the bundle ends: one
   * small object per bundle reaches the merge, not one per record.
   */
  static final class CountFn extends DoFn<Row, ConformanceCounts> {
    private final PCollectionView<Spec> spec;
    private transient BoundObservations observations;
    private transient ConformanceCounts counts;

    CountFn(PCollectionView<Spec> spec) {
      this.spec = spec;
    }

    @StartBundle
    public void startBundle() {
      counts = ConformanceCounts.empty();
    }

    @ProcessElement
    public void processElement(@Element Row record, ProcessContext context) {
      if (observations == null) {
        observations = new BoundObservations(context.sideInput(spec));
      }
      Map<String, String> observed =
          new LinkedHashMap<>(observations.observe(RowRecords.toRecord(record)));
      // What the evaluation model read from the sample, when one was asked (ClassifySamples).
      if (record.getSchema().hasField(ClassifySamples.CLASSIFICATIONS)) {
        observed.putAll(ClassifySamples.classifications(record));
      }
      counts.add(
          OutcomeJson.readProperties(record.getString(MetadataColumns.PROPERTIES)), observed);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (counts.samples() > 0) {
        context.output(counts, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      counts = null;
    }
  }

  /**
   * Merges the bundles' counts; empty counts are its identity, so no records still give a report.
   */
  static final class MergeCounts
      extends Combine.CombineFn<ConformanceCounts, ConformanceCounts, ConformanceCounts> {
    @Override
    public ConformanceCounts createAccumulator() {
      return ConformanceCounts.empty();
    }

    @Override
    public ConformanceCounts addInput(ConformanceCounts merged, ConformanceCounts counts) {
      return merged.merge(counts);
    }

    @Override
    public ConformanceCounts mergeAccumulators(Iterable<ConformanceCounts> accumulators) {
      ConformanceCounts merged = ConformanceCounts.empty();
      accumulators.forEach(merged::merge);
      return merged;
    }

    @Override
    public ConformanceCounts extractOutput(ConformanceCounts merged) {
      return merged;
    }

    @Override
    public Coder<ConformanceCounts> getAccumulatorCoder(
        CoderRegistry registry, Coder<ConformanceCounts> inputCoder) {
      return SerializableCoder.of(ConformanceCounts.class);
    }

    @Override
    public Coder<ConformanceCounts> getDefaultOutputCoder(
        CoderRegistry registry, Coder<ConformanceCounts> inputCoder) {
      return SerializableCoder.of(ConformanceCounts.class);
    }
  }

  /** The report of the merged counts against the spec. */
  static final class ReportFn extends DoFn<ConformanceCounts, ConformanceReport> {
    private final PCollectionView<Spec> spec;
    private final @Nullable String notAnalyzedReason;

    ReportFn(PCollectionView<Spec> spec, @Nullable String notAnalyzedReason) {
      this.spec = spec;
      this.notAnalyzedReason = notAnalyzedReason;
    }

    @ProcessElement
    public void processElement(
        @Element ConformanceCounts counts,
        OutputReceiver<ConformanceReport> out,
        ProcessContext c) {
      out.output(ConformanceReport.of(c.sideInput(spec), counts, notAnalyzedReason));
    }
  }
}
