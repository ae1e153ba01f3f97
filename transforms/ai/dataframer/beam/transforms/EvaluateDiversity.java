package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.eval.Duplicates;
import ai.dataframer.beam.core.record.RecordFingerprint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.MetadataColumns;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A run's records -> the diversity part of its evaluation (docs/ARCHITECTURE.md section 9): exact
 * duplicates counted over every record by fingerprint (a Combine per fingerprint bucket, then one
 * small merge of the buckets' counts), and near duplicates of the text fields found by MinHash
 * ({@link Duplicates}) on a content-hash sample of the records (at most {@value
 * #DEFAULT_MAX_TEXTS_COMPARED} in a run's evaluation), whose size the report gives.
 */
final class EvaluateDiversity extends PTransform<PCollection<Row>, PCollection<Duplicates.Report>> {
  static final int DEFAULT_MAX_TEXTS_COMPARED = 10_000;

  /**
   * Equal fingerprints share a bucket, so each bucket counts its duplicates alone. Buckets rather
   * than one global accumulator: a global one holds 16 bytes a record (80 MB for 5M records) in a
   * single value, which Spark ships inside a task (its "task of very large size" warning, and a
   * failure past its 128 MB message limit); rather than a key per fingerprint, which would shuffle
   * every record as its own group and give the Direct runner a bundle per record. At most this many
   * buckets, for a large or unknown number of records.
   */
  static final int MAX_FINGERPRINT_BUCKETS = 64;

  /**
   * Records per bucket below which fewer buckets are used (1.6 MB of fingerprints a bucket): each
   * bucket is a group, and the Direct runner runs every step after a grouping once per group, so 64
   * buckets of a 1,000-record run cost some 200 bundles for 16 KB of fingerprints.
   */
  static final long RECORDS_PER_BUCKET = 100_000;

  private static final int MAX_EXAMPLES = 3;

  private final LinkedHashMap<String, FieldType> columnTypes;
  private final List<String> textFields;
  private final PCollectionView<List<Row>> recordSample;
  private final int buckets;

  /**
   * @param recordSample a content-hash sample of the records ({@link SeedExamples}), whose texts
   *     are compared for near duplicates
   * @param buckets how many groups the exact-duplicate count splits the fingerprints into ({@link
   *     #fingerprintBuckets})
   */
  EvaluateDiversity(
      Map<String, FieldType> columnTypes,
      List<String> textFields,
      PCollectionView<List<Row>> recordSample,
      int buckets) {
    checkArgument(buckets > 0, "buckets must be > 0, but was %s", buckets);
    this.columnTypes = new LinkedHashMap<>(columnTypes);
    this.textFields = List.copyOf(textFields);
    this.recordSample = recordSample;
    this.buckets = buckets;
  }

  /** The buckets for about {@code expectedRecords} records; 0 (unknown) gives the most. */
  static int fingerprintBuckets(long expectedRecords) {
    if (expectedRecords <= 0) {
      return MAX_FINGERPRINT_BUCKETS;
    }
    long wanted = (expectedRecords + RECORDS_PER_BUCKET - 1) / RECORDS_PER_BUCKET;
    return (int) Math.min(MAX_FINGERPRINT_BUCKETS, wanted);
  }

  @Override
  public PCollection<Duplicates.Report> expand(PCollection<Row> records) {
    checkArgument(
        records.getSchema().hasField(MetadataColumns.SAMPLE_INDEX),
        "records must carry the %s column of a run's output",
        MetadataColumns.SAMPLE_INDEX);
    // A local for the lambda: a field would make it capture (and serialize) this transform.
    int bucketCount = buckets;
    PCollection<Duplicates.Report> exact =
        records
            .apply(
                "Fingerprint",
                MapElements.into(new TypeDescriptor<KV<Long, Long>>() {})
                    .via(
                        (Row row) ->
                            KV.of(
                                RecordFingerprint.of(EvaluateFidelity.record(row, columnTypes)),
                                row.getInt64(MetadataColumns.SAMPLE_INDEX))))
            .setCoder(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()))
            .apply(
                "BucketByFingerprint",
                WithKeys.of(
                        (KV<Long, Long> record) ->
                            (int) Math.floorMod(record.getKey(), (long) bucketCount))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(
                KvCoder.of(VarIntCoder.of(), KvCoder.of(VarLongCoder.of(), VarLongCoder.of())))
            .apply("CountDuplicatesPerBucket", Combine.perKey(new CountDuplicates()))
            .apply("Counts", Values.create())
            .setCoder(SerializableCoder.of(DuplicateCount.class))
            .apply("MergeBuckets", CombineWithIdentity.of(new MergeBuckets(), DuplicateCount.NONE))
            .setCoder(SerializableCoder.of(Duplicates.Report.class));
    if (textFields.isEmpty()) {
      return exact;
    }
    return exact
        .apply(
            "NearDuplicates",
            ParDo.of(new NearFn(recordSample, columnTypes, textFields))
                .withSideInputs(recordSample))
        .setCoder(SerializableCoder.of(Duplicates.Report.class));
  }

  /**
   * Every record's fingerprint and sample index, 16 bytes a record (16 MB a million): sorted once
   * at the end, equal fingerprints are neighbours. A Combine per fingerprint would group by a key
   * per record, a shuffle of every record and, on the Direct runner, a bundle per record.
   */
  static final class Fingerprints implements Serializable {
    long[] fingerprints = new long[64];
    long[] indexes = new long[64];
    int size;

    void add(long fingerprint, long index) {
      if (size == fingerprints.length) {
        fingerprints = Arrays.copyOf(fingerprints, size * 2);
        indexes = Arrays.copyOf(indexes, size * 2);
      }
      fingerprints[size] = fingerprint;
      indexes[size] = index;
      size++;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.writeInt(size);
      for (int i = 0; i < size; i++) {
        out.writeLong(fingerprints[i]);
        out.writeLong(indexes[i]);
      }
    }

    private void readObject(ObjectInputStream in) throws IOException {
      int count = in.readInt();
      fingerprints = new long[Math.max(64, count)];
      indexes = new long[Math.max(64, count)];
      for (int i = 0; i < count; i++) {
        fingerprints[i] = in.readLong();
        indexes[i] = in.readLong();
      }
      size = count;
    }
  }

  /** A bucket's records, its duplicates and the (at most MAX_EXAMPLES) earliest of them. */
  record DuplicateCount(long records, long duplicates, TreeMap<Long, Long> examples)
      implements Serializable {
    static final DuplicateCount NONE = new DuplicateCount(0, 0, new TreeMap<>());

    DuplicateCount plus(DuplicateCount other) {
      TreeMap<Long, Long> merged = new TreeMap<>(examples);
      merged.putAll(other.examples());
      while (merged.size() > MAX_EXAMPLES) {
        merged.pollLastEntry();
      }
      return new DuplicateCount(records + other.records(), duplicates + other.duplicates(), merged);
    }

    Duplicates.Report report() {
      List<String> lines = new ArrayList<>();
      examples.forEach((sample, earlier) -> lines.add(Duplicates.exactExample(sample, earlier)));
      return Duplicates.exact(records, duplicates, lines);
    }
  }

  static final class CountDuplicates
      extends Combine.CombineFn<KV<Long, Long>, Fingerprints, DuplicateCount> {
    @Override
    public Fingerprints createAccumulator() {
      return new Fingerprints();
    }

    @Override
    public Fingerprints addInput(Fingerprints all, KV<Long, Long> record) {
      all.add(record.getKey(), record.getValue());
      return all;
    }

    @Override
    public Fingerprints mergeAccumulators(Iterable<Fingerprints> parts) {
      Fingerprints merged = new Fingerprints();
      for (Fingerprints part : parts) {
        for (int i = 0; i < part.size; i++) {
          merged.add(part.fingerprints[i], part.indexes[i]);
        }
      }
      return merged;
    }

    /**
     * A duplicate is every record of a fingerprint but its first (smallest sample index); the
     * examples are the {@value #MAX_EXAMPLES} duplicates with the smallest indexes.
     */
    @Override
    public DuplicateCount extractOutput(Fingerprints all) {
      Integer[] order = new Integer[all.size];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(
          order,
          Comparator.<Integer>comparingLong(i -> all.fingerprints[i])
              .thenComparingLong(i -> all.indexes[i]));
      long duplicates = 0;
      TreeMap<Long, Long> examples = new TreeMap<>();
      for (int k = 1; k < order.length; k++) {
        int first = order[k - 1];
        int record = order[k];
        if (all.fingerprints[record] != all.fingerprints[first]) {
          continue;
        }
        duplicates++;
        // The earlier of a group is its smallest index: walk back to it.
        int start = k - 1;
        while (start > 0 && all.fingerprints[order[start - 1]] == all.fingerprints[record]) {
          start--;
        }
        examples.put(all.indexes[record], all.indexes[order[start]]);
        if (examples.size() > MAX_EXAMPLES) {
          examples.pollLastEntry();
        }
      }
      return new DuplicateCount(all.size, duplicates, examples);
    }

    @Override
    public Coder<Fingerprints> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<Long, Long>> inputCoder) {
      return SerializableCoder.of(Fingerprints.class);
    }

    @Override
    public Coder<DuplicateCount> getDefaultOutputCoder(
        CoderRegistry registry, Coder<KV<Long, Long>> inputCoder) {
      return SerializableCoder.of(DuplicateCount.class);
    }
  }

  /** The buckets' counts -> the run's exact-duplicate report (no buckets: an empty run). */
  static final class MergeBuckets
      extends Combine.CombineFn<DuplicateCount, DuplicateCount, Duplicates.Report> {
    @Override
    public DuplicateCount createAccumulator() {
      return DuplicateCount.NONE;
    }

    @Override
    public DuplicateCount addInput(DuplicateCount total, DuplicateCount bucket) {
      return total.plus(bucket);
    }

    @Override
    public DuplicateCount mergeAccumulators(Iterable<DuplicateCount> totals) {
      DuplicateCount merged = DuplicateCount.NONE;
      for (DuplicateCount total : totals) {
        merged = merged.plus(total);
      }
      return merged;
    }

    @Override
    public Duplicates.Report extractOutput(DuplicateCount total) {
      return total.report();
    }

    @Override
    public Coder<DuplicateCount> getAccumulatorCoder(
        CoderRegistry registry, Coder<DuplicateCount> inputCoder) {
      return SerializableCoder.of(DuplicateCount.class);
    }

    @Override
    public Coder<Duplicates.Report> getDefaultOutputCoder(
        CoderRegistry registry, Coder<DuplicateCount> inputCoder) {
      return SerializableCoder.of(Duplicates.Report.class);
    }
  }

  /** Adds the near duplicates of the sampled records, in sample-index order, to the exact count. */
  static final class NearFn extends DoFn<Duplicates.Report, Duplicates.Report> {
    private final PCollectionView<List<Row>> sample;
    private final LinkedHashMap<String, FieldType> columnTypes;
    private final List<String> textFields;

    NearFn(
        PCollectionView<List<Row>> sample,
        LinkedHashMap<String, FieldType> columnTypes,
        List<String> textFields) {
      this.sample = sample;
      this.columnTypes = columnTypes;
      this.textFields = textFields;
    }

    @ProcessElement
    public void processElement(
        @Element Duplicates.Report exact,
        OutputReceiver<Duplicates.Report> out,
        ProcessContext context) {
      List<Row> rows = new ArrayList<>(context.sideInput(sample));
      rows.sort(Comparator.comparingLong(row -> row.getInt64(MetadataColumns.SAMPLE_INDEX)));
      List<Map<String, Object>> records = new ArrayList<>();
      List<Long> ids = new ArrayList<>();
      for (Row row : rows) {
        records.add(EvaluateFidelity.record(row, columnTypes));
        ids.add(row.getInt64(MetadataColumns.SAMPLE_INDEX));
      }
      out.output(exact.withNearDuplicatesOf(Duplicates.of(records, textFields, ids)));
    }
  }
}
