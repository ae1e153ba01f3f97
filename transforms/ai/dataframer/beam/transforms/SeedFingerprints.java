package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.record.RecordFingerprint;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The fingerprints of all seed rows as a singleton view, for {@link
 * GenerateSamples#withSeedFingerprints}. Computed with a Combine, so partial sets are built where
 * the seed rows are and only 8 bytes a row travel to the final merge.
 */
public final class SeedFingerprints
    extends PTransform<PCollection<Row>, PCollectionView<FingerprintSet>> {

  SeedFingerprints() {}

  @Override
  public PCollectionView<FingerprintSet> expand(PCollection<Row> seeds) {
    return seeds
        .apply(
            "Fingerprint",
            MapElements.into(TypeDescriptors.longs())
                .via((Row row) -> RecordFingerprint.of(RowRecords.toRecord(row))))
        .apply("CollectIntoSet", Combine.globally(new CollectFingerprints()).asSingletonView());
  }

  /** Gathers fingerprints into a growable array; the set is sorted once at the end. */
  static final class CollectFingerprints
      extends Combine.CombineFn<Long, CollectFingerprints.Accumulator, FingerprintSet> {

    static final class Accumulator {
      long[] values = new long[16];
      int size;

      void add(long value) {
        if (size == values.length) {
          values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
      }
    }

    @Override
    public Accumulator createAccumulator() {
      return new Accumulator();
    }

    @Override
    public Accumulator addInput(Accumulator accumulator, Long fingerprint) {
      accumulator.add(fingerprint);
      return accumulator;
    }

    @Override
    public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
      Accumulator merged = new Accumulator();
      for (Accumulator accumulator : accumulators) {
        for (int i = 0; i < accumulator.size; i++) {
          merged.add(accumulator.values[i]);
        }
      }
      return merged;
    }

    @Override
    public FingerprintSet extractOutput(Accumulator accumulator) {
      return FingerprintSet.of(accumulator.values, accumulator.size);
    }

    @Override
    public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<Long> inputCoder) {
      return new AccumulatorCoder();
    }

    @Override
    public Coder<FingerprintSet> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Long> inputCoder) {
      return FingerprintSetCoder.of();
    }
  }

  static final class AccumulatorCoder extends AtomicCoder<CollectFingerprints.Accumulator> {
    @Override
    public void encode(CollectFingerprints.Accumulator value, OutputStream outStream)
        throws IOException {
      FingerprintSetCoder.writeLongs(value.values, value.size, outStream);
    }

    @Override
    public CollectFingerprints.Accumulator decode(InputStream inStream) throws IOException {
      CollectFingerprints.Accumulator accumulator = new CollectFingerprints.Accumulator();
      long[] values = FingerprintSetCoder.readLongs(inStream);
      accumulator.values = values.length == 0 ? new long[16] : values;
      accumulator.size = values.length;
      return accumulator;
    }
  }
}
