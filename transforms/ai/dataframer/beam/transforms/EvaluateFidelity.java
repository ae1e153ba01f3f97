package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.eval.Fidelity;
import ai.dataframer.beam.core.eval.FidelityCounts;
import ai.dataframer.beam.core.eval.FidelityProfile;
import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * A run's records against its seed rows -> the fidelity and privacy part of its evaluation
 * (docs/ARCHITECTURE.md section 9), at any scale: the seed side is fixed ({@link FidelityProfile},
 * from at most {@code maxSeedRecords} seed rows chosen by content hash), records are counted per
 * bundle into {@link FidelityCounts} and merged with one Combine, and the closest-record search
 * runs on a content-hash sample of the records. Gives one report, or none when there are no records
 * or no seed rows.
 */
final class EvaluateFidelity extends PTransform<PCollection<Row>, PCollection<FidelityReport>> {
  static final int DEFAULT_MAX_SEED_RECORDS = 100_000;

  private final PCollection<Row> seed;
  private final LinkedHashMap<String, FieldType> columnTypes;
  private final int maxSeedRecords;
  private final @Nullable PCollectionView<List<Row>> recordSample;

  /**
   * @param recordSample a content-hash sample of the records ({@link SeedExamples}) to search for
   *     closest records, its first ones used; null to take one here
   */
  EvaluateFidelity(
      PCollection<Row> seed,
      Map<String, FieldType> columnTypes,
      int maxSeedRecords,
      @Nullable PCollectionView<List<Row>> recordSample) {
    checkArgument(maxSeedRecords > 0, "maxSeedRecords must be > 0, but was %s", maxSeedRecords);
    this.seed = seed;
    this.columnTypes = new LinkedHashMap<>(columnTypes);
    this.maxSeedRecords = maxSeedRecords;
    this.recordSample = recordSample;
  }

  /** The record columns of a run's output: every column but the {@code _df_} metadata. */
  static LinkedHashMap<String, FieldType> recordColumns(PCollection<Row> records) {
    LinkedHashMap<String, FieldType> types = new LinkedHashMap<>();
    RowRecords.coreTypes(records.getSchema())
        .forEach(
            (name, type) -> {
              if (!name.startsWith(MetadataColumns.PREFIX)) {
                types.put(name, type);
              }
            });
    return types;
  }

  @Override
  public PCollection<FidelityReport> expand(PCollection<Row> records) {
    checkArgument(!columnTypes.isEmpty(), "fidelity needs at least one record column");
    for (String column : columnTypes.keySet()) {
      checkArgument(
          seed.getSchema().hasField(column),
          "the seed has no column '%s' of the run's records; its columns are %s",
          column,
          seed.getSchema().getFieldNames());
    }
    PCollectionView<List<Row>> seedSample =
        seed.apply("SampleSeed", SeedExamples.sample(maxSeedRecords)).examples();
    PCollectionView<List<Row>> sample =
        recordSample != null
            ? recordSample
            : records
                .apply(
                    "SampleForClosestRecords",
                    SeedExamples.sample(Fidelity.DEFAULT_MAX_CLOSEST_RECORD_CHECKS))
                .examples();
    return records
        .apply(
            "CountPerBundle",
            ParDo.of(new CountFn(columnTypes, seedSample)).withSideInputs(seedSample))
        .setCoder(SerializableCoder.of(FidelityCounts.class))
        .apply("MergeCounts", Combine.globally(new MergeCounts()).withoutDefaults())
        .apply(
            "Report",
            ParDo.of(new ReportFn(columnTypes, seedSample, sample))
                .withSideInputs(seedSample, sample))
        .setCoder(SerializableCoder.of(FidelityReport.class));
  }

  /**
   * The profile of the seed sample, or null when the seed has no rows. Each worker builds it once
   * from the side input, which is cheaper than shipping a built one through a side input of its own
   * (a profile holds every sampled seed record and more).
   */
  static @Nullable FidelityProfile profile(
      LinkedHashMap<String, FieldType> columnTypes, List<Row> seedSample) {
    List<Map<String, Object>> seed = new ArrayList<>();
    seedSample.forEach(row -> seed.add(record(row, columnTypes)));
    return seed.isEmpty() ? null : Fidelity.defaults().profile(columnTypes, seed);
  }

  /** The record columns of a row, in the profile's order, metadata left out. */
  static Map<String, Object> record(Row row, Map<String, FieldType> columnTypes) {
    Map<String, Object> all = RowRecords.toRecord(row);
    Map<String, Object> record = new LinkedHashMap<>();
    columnTypes.keySet().forEach(column -> record.put(column, all.get(column)));
    return record;
  }

  /** Counts a bundle's records into one {@link FidelityCounts}, emitted when the bundle ends. */
  static final class CountFn extends DoFn<Row, FidelityCounts> {
    private final LinkedHashMap<String, FieldType> columnTypes;
    private final PCollectionView<List<Row>> seedSample;
    private transient boolean profiled;
    private transient @Nullable FidelityProfile profile;
    private transient FidelityCounts counts;

    CountFn(LinkedHashMap<String, FieldType> columnTypes, PCollectionView<List<Row>> seedSample) {
      this.columnTypes = columnTypes;
      this.seedSample = seedSample;
    }

    @ProcessElement
    public void processElement(@Element Row row, ProcessContext context) {
      if (!profiled) {
        profile = profile(columnTypes, context.sideInput(seedSample));
        profiled = true;
      }
      if (profile == null) {
        return;
      }
      if (counts == null) {
        counts = profile.newCounts();
      }
      Long index =
          row.getSchema().hasField(MetadataColumns.SAMPLE_INDEX)
              ? row.getInt64(MetadataColumns.SAMPLE_INDEX)
              : null;
      profile.add(
          counts, record(row, profile.columnTypes()), index == null ? counts.records() : index);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (counts != null && counts.records() > 0) {
        context.output(counts, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      counts = null;
    }
  }

  /** Merges the bundles' counts. */
  static final class MergeCounts
      extends Combine.CombineFn<FidelityCounts, FidelityCounts, FidelityCounts> {
    @Override
    public FidelityCounts createAccumulator() {
      return FidelityCounts.empty();
    }

    @Override
    public FidelityCounts addInput(FidelityCounts merged, FidelityCounts counts) {
      return merged.merge(counts);
    }

    @Override
    public FidelityCounts mergeAccumulators(Iterable<FidelityCounts> accumulators) {
      FidelityCounts merged = FidelityCounts.empty();
      accumulators.forEach(merged::merge);
      return merged;
    }

    @Override
    public FidelityCounts extractOutput(FidelityCounts merged) {
      return merged;
    }

    @Override
    public Coder<FidelityCounts> getAccumulatorCoder(
        CoderRegistry registry, Coder<FidelityCounts> inputCoder) {
      return SerializableCoder.of(FidelityCounts.class);
    }

    @Override
    public Coder<FidelityCounts> getDefaultOutputCoder(
        CoderRegistry registry, Coder<FidelityCounts> inputCoder) {
      return SerializableCoder.of(FidelityCounts.class);
    }
  }

  /** The report of the merged counts, with the closest-record distance of the sample. */
  static final class ReportFn extends DoFn<FidelityCounts, FidelityReport> {
    private final LinkedHashMap<String, FieldType> columnTypes;
    private final PCollectionView<List<Row>> seedSample;
    private final PCollectionView<List<Row>> recordSample;

    ReportFn(
        LinkedHashMap<String, FieldType> columnTypes,
        PCollectionView<List<Row>> seedSample,
        PCollectionView<List<Row>> recordSample) {
      this.columnTypes = columnTypes;
      this.seedSample = seedSample;
      this.recordSample = recordSample;
    }

    @ProcessElement
    public void processElement(
        @Element FidelityCounts counts, OutputReceiver<FidelityReport> out, ProcessContext c) {
      if (counts.records() == 0) {
        return;
      }
      FidelityProfile profile = profile(columnTypes, c.sideInput(seedSample));
      // The sample is sorted by content hash, so its first records are a smaller such sample.
      List<Row> rows = c.sideInput(recordSample);
      List<Map<String, Object>> sample = new ArrayList<>();
      rows.subList(0, Math.min(rows.size(), profile.maxClosestRecordChecks()))
          .forEach(row -> sample.add(record(row, columnTypes)));
      out.output(profile.report(counts, sample));
    }
  }
}
