package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.RowRecords;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * The key values of all seed rows, as positions among the spec's key formats ({@link
 * SeedKeyPositions}), in a singleton view for {@link GenerateSamples#withSeedKeys}: the engine
 * learns from at most 10,000 seed rows, but its keys must avoid every seed row's. Like {@link
 * SeedFingerprints}, partial sets are built where the seed rows are, 16 bytes a key value; a spec
 * without keys gives an empty set.
 */
public final class SeedKeys
    extends PTransform<PCollection<Row>, PCollectionView<SeedKeyPositions>> {
  private final PCollectionView<Spec> spec;

  SeedKeys(PCollectionView<Spec> spec) {
    this.spec = spec;
  }

  @Override
  public PCollectionView<SeedKeyPositions> expand(PCollection<Row> seeds) {
    return seeds
        .apply("KeyPositions", ParDo.of(new PositionsFn(spec)).withSideInputs(spec))
        .setCoder(SerializableCoder.of(SeedKeyPositions.Collector.class))
        .apply("CollectPositions", Combine.globally(new CollectPositions()).asSingletonView());
  }

  /**
   * One collector per bundle and window holding its rows' positions, so rows do not travel one by
   * one.
   */
  static final class PositionsFn extends DoFn<Row, SeedKeyPositions.Collector> {
    /** Positions held before a collector is sent on: a bounded amount of worker memory. */
    static final int MAX_HELD_POSITIONS = 1 << 20;

    private final PCollectionView<Spec> spec;
    private transient SeedKeyPositions.Reader reader;
    private transient Map<BoundedWindow, SeedKeyPositions.Collector> byWindow;

    PositionsFn(PCollectionView<Spec> spec) {
      this.spec = spec;
    }

    @StartBundle
    public void startBundle() {
      byWindow = new HashMap<>();
    }

    @ProcessElement
    public void processElement(ProcessContext context, BoundedWindow window) {
      if (reader == null) {
        reader = new SeedKeyPositions.Reader(context.sideInput(spec));
      }
      if (!reader.hasKeys()) {
        return;
      }
      SeedKeyPositions.Collector collector =
          byWindow.computeIfAbsent(window, w -> new SeedKeyPositions.Collector());
      reader.read(RowRecords.toRecord(context.element()), collector);
      if (collector.size() >= MAX_HELD_POSITIONS) {
        context.output(collector);
        byWindow.remove(window);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      byWindow.forEach(
          (window, collector) -> context.output(collector, window.maxTimestamp(), window));
      byWindow = null;
    }
  }

  static final class CollectPositions
      extends Combine.CombineFn<
          SeedKeyPositions.Collector, SeedKeyPositions.Collector, SeedKeyPositions> {
    @Override
    public SeedKeyPositions.Collector createAccumulator() {
      return new SeedKeyPositions.Collector();
    }

    @Override
    public SeedKeyPositions.Collector addInput(
        SeedKeyPositions.Collector accumulator, SeedKeyPositions.Collector input) {
      return accumulator.merge(input);
    }

    @Override
    public SeedKeyPositions.Collector mergeAccumulators(
        Iterable<SeedKeyPositions.Collector> accumulators) {
      SeedKeyPositions.Collector merged = new SeedKeyPositions.Collector();
      accumulators.forEach(merged::merge);
      return merged;
    }

    @Override
    public SeedKeyPositions extractOutput(SeedKeyPositions.Collector accumulator) {
      return accumulator.build();
    }

    @Override
    public Coder<SeedKeyPositions.Collector> getAccumulatorCoder(
        CoderRegistry registry, Coder<SeedKeyPositions.Collector> inputCoder) {
      return SerializableCoder.of(SeedKeyPositions.Collector.class);
    }

    @Override
    public Coder<SeedKeyPositions> getDefaultOutputCoder(
        CoderRegistry registry, Coder<SeedKeyPositions.Collector> inputCoder) {
      return SerializableCoder.of(SeedKeyPositions.class);
    }
  }
}
