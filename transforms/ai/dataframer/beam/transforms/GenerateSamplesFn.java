package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.generate.SampleGenerator;
import ai.dataframer.beam.core.generate.SampleResult;
import ai.dataframer.beam.core.plan.IndexRange;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.run.RunStats;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.RowRecords;
import ai.dataframer.beam.io.sink.PieceWriter;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
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
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Drives a {@link SampleGenerator} with up to {@code maxInFlight} samples in flight per instance:
 * each element starts a sample, finished samples are emitted as the bundle's thread comes by, and
 * finishBundle waits for the rest. Beam discards a failed bundle's output, and ids come from the
 * plans, so a retried bundle leaves no duplicate downstream.
 *
 * <p>With a {@link PieceWriter}, accepted rows are written through it in this thread instead of
 * being output, and the bundle outputs only the written parts (docs/ARCHITECTURE.md, "Outputs").
 */
abstract class GenerateSamplesFn<InputT> extends DoFn<InputT, Row> {
  static final Counter SAMPLES_ACCEPTED =
      Metrics.counter(GenerateSamples.class, "samples_accepted");
  static final Counter SAMPLES_REJECTED =
      Metrics.counter(GenerateSamples.class, "samples_rejected");
  private static final Counter REGENERATIONS =
      Metrics.counter(GenerateSamples.class, "regenerations");
  private static final Counter EXACT_COPY_REDRAWS =
      Metrics.counter(GenerateSamples.class, "exact_copy_redraws");

  /** Cost in millionths of a dollar (counters are longs), for progress while the run goes. */
  static final Counter COST_MICRO_USD = Metrics.counter(GenerateSamples.class, "cost_micro_usd");

  /** The side inputs; seed examples, fingerprints and keys may be null. */
  record Views(
      PCollectionView<Spec> spec,
      PCollectionView<List<Row>> seedExamples,
      PCollectionView<FingerprintSet> seedFingerprints,
      PCollectionView<SeedKeyPositions> seedKeys)
      implements Serializable {}

  /** The additional outputs; {@code written} is used only with a piece writer. */
  record Tags(
      TupleTag<Row> failures,
      TupleTag<RunStats> stats,
      TupleTag<SamplePlan> rejected,
      TupleTag<KV<Integer, byte[]>> written)
      implements Serializable {}

  /** Where a started sample came from, so its output goes to the element's window. */
  private record Origin(SamplePlan plan, BoundedWindow window, Instant timestamp) {}

  private final Views views;
  private final GeneratorFactory generators;
  private final SampleRows rows;
  private final Schema recordSchema;
  private final int maxInFlight;
  private final Tags tags;
  private final @Nullable PieceWriter pieces;

  private transient SampleGenerator generator;
  private transient BoundedWindow generatorWindow;
  private transient InFlightSamples<Origin, SampleResult> inFlight;
  private transient Map<BoundedWindow, RunStats> bundleStats;
  private transient PieceWriter.@Nullable Open openPieces;

  /** Finished samples of another window than the element being processed: emitted at the end. */
  private transient List<InFlightSamples.Done<Origin, SampleResult>> deferred;

  /** What every kind of input shares: side inputs, generators, rows, outputs and piece writer. */
  record Setup(
      Views views,
      GeneratorFactory generators,
      SampleRows rows,
      Schema recordSchema,
      int maxInFlight,
      Tags tags,
      @Nullable PieceWriter pieces)
      implements Serializable {}

  GenerateSamplesFn(Setup setup) {
    this.views = setup.views();
    this.generators = setup.generators();
    this.rows = setup.rows();
    this.recordSchema = setup.recordSchema();
    this.maxInFlight = setup.maxInFlight();
    this.tags = setup.tags();
    this.pieces = setup.pieces();
  }

  @StartBundle
  public void startBundle() {
    inFlight = new InFlightSamples<>(maxInFlight);
    bundleStats = new HashMap<>();
    deferred = new ArrayList<>();
    openPieces = pieces == null ? null : pieces.open();
  }

  /** Plans in, one sample each. */
  static final class OfPlans extends GenerateSamplesFn<SamplePlan> {
    OfPlans(Setup setup) {
      super(setup);
    }

    @ProcessElement
    public void processElement(ProcessContext context, BoundedWindow window)
        throws InterruptedException, IOException {
      generate(context, window, context.element());
    }
  }

  /**
   * Index ranges in, planned here: the step before outputs a range, not its plans, so no runner
   * encodes and decodes a plan per sample between the two (Flink does, as a step with side inputs
   * is not chained to the one before it).
   */
  static final class OfRanges extends GenerateSamplesFn<IndexRange> {
    private final RangePlans plans;

    OfRanges(RangePlans plans, Setup setup) {
      super(setup);
      this.plans = plans;
    }

    @ProcessElement
    public void processElement(ProcessContext context, BoundedWindow window)
        throws InterruptedException, IOException {
      List<SamplePlan> rangePlans = new ArrayList<>(Math.toIntExact(context.element().size()));
      plans.plan(context.element(), context::sideInput, rangePlans::add);
      for (SamplePlan plan : rangePlans) {
        generate(context, window, plan);
      }
    }
  }

  /** Starts the sample of {@code plan} and emits the samples finished meanwhile. */
  final void generate(ProcessContext context, BoundedWindow window, SamplePlan plan)
      throws InterruptedException, IOException {
    // Side inputs are per window; in the usual global window this builds the generator once.
    if (generator == null || !window.equals(generatorWindow)) {
      // Samples taken with the old generator may not have started yet: finish them first.
      deferred.addAll(inFlight.awaitAll());
      closeGenerator();
      generator = buildGenerator(context);
      generatorWindow = window;
    }
    SampleGenerator current = generator;
    current.onStepThread();
    inFlight.start(
        new Origin(plan, window, context.timestamp()), origin -> current.generate(origin.plan()));
    for (InFlightSamples.Done<Origin, SampleResult> done : inFlight.takeFinished()) {
      if (done.key().window().equals(window)) {
        emit(done, new ProcessOutput(context));
      } else {
        deferred.add(done);
      }
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws InterruptedException, IOException {
    List<InFlightSamples.Done<Origin, SampleResult>> rest = deferred;
    rest.addAll(inFlight.awaitAll());
    for (InFlightSamples.Done<Origin, SampleResult> done : rest) {
      emit(done, new FinishOutput(context, done.key()));
    }
    if (openPieces != null) {
      // Pieces are written in the global window only (GenerateSamples checks the plans').
      openPieces.close(
          part ->
              context.output(
                  tags.written(), part, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      openPieces = null;
    }
    for (Map.Entry<BoundedWindow, RunStats> stats : bundleStats.entrySet()) {
      context.output(tags.stats(), stats.getValue(), stats.getKey().maxTimestamp(), stats.getKey());
    }
    bundleStats = null;
    deferred = null;
  }

  @Teardown
  public void teardown() {
    // After a failed bundle or a cancel: samples it queued must not start from other threads.
    if (inFlight != null) {
      inFlight.abandonWaiting();
    }
    closeGenerator();
  }

  private void emit(InFlightSamples.Done<Origin, SampleResult> done, Output out)
      throws IOException {
    SamplePlan plan = done.key().plan();
    if (done.error() != null) {
      SAMPLES_REJECTED.inc();
      out.failure(SampleRows.internalFailure(plan, done.error()), plan);
      record(done.key().window(), new RunStats(0, 1, Map.of(), 0.0));
      return;
    }
    SampleResult result = done.value();
    // Only what changed: the Direct runner reads every dirty counter after each element.
    int regenerations = result.outcome().attempts() - 1;
    if (regenerations > 0) {
      REGENERATIONS.inc(regenerations);
    }
    long microUsd = Math.round(result.costUsd() * 1_000_000);
    if (microUsd > 0) {
      COST_MICRO_USD.inc(microUsd);
    }
    if (result.outcome() instanceof SampleOutcome.Accepted accepted) {
      Row row;
      try {
        row = rows.sample(accepted, result);
      } catch (Decimals.OverflowException tooWide) {
        // A value wider than its column's declared decimal: a failed sample, never truncated.
        SAMPLES_REJECTED.inc();
        out.failure(SampleRows.tooWide(accepted, tooWide), plan);
        record(done.key().window(), RunStats.of(result, false));
        return;
      }
      SAMPLES_ACCEPTED.inc();
      if (openPieces != null) {
        openPieces.add(row, out::written);
      } else {
        out.sample(row);
      }
      record(done.key().window(), RunStats.of(result, true));
    } else {
      SAMPLES_REJECTED.inc();
      out.failure(SampleRows.failure((SampleOutcome.Rejected) result.outcome()), plan);
      record(done.key().window(), RunStats.of(result, false));
    }
  }

  private void record(BoundedWindow window, RunStats stats) {
    bundleStats.merge(window, stats, RunStats::plus);
  }

  /** Output from processElement (the element's window) or finishBundle (the sample's own). */
  private interface Output {
    void sample(Row row);

    /** A part of the records' files, with a piece writer. */
    void written(KV<Integer, byte[]> part);

    /** The failure row, and the plan that failed (for refill). */
    void failure(Row row, SamplePlan plan);
  }

  private final class ProcessOutput implements Output {
    private final ProcessContext context;

    ProcessOutput(ProcessContext context) {
      this.context = context;
    }

    @Override
    public void sample(Row row) {
      context.output(row);
    }

    @Override
    public void written(KV<Integer, byte[]> part) {
      context.output(tags.written(), part);
    }

    @Override
    public void failure(Row row, SamplePlan plan) {
      context.output(tags.failures(), row);
      context.output(tags.rejected(), plan);
    }
  }

  private final class FinishOutput implements Output {
    private final FinishBundleContext context;
    private final Origin origin;

    FinishOutput(FinishBundleContext context, Origin origin) {
      this.context = context;
      this.origin = origin;
    }

    @Override
    public void sample(Row row) {
      context.output(row, origin.timestamp(), origin.window());
    }

    @Override
    public void written(KV<Integer, byte[]> part) {
      context.output(
          tags.written(), part, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
    }

    @Override
    public void failure(Row row, SamplePlan plan) {
      context.output(tags.failures(), row, origin.timestamp(), origin.window());
      context.output(tags.rejected(), plan, origin.timestamp(), origin.window());
    }
  }

  private SampleGenerator buildGenerator(ProcessContext context) {
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
    SeedKeyPositions seedKeys =
        views.seedKeys() != null
            ? context.sideInput(views.seedKeys())
            : SeedKeyPositions.of(spec, seeds);
    return generators.create(spec, seeds, fingerprints, seedKeys, EXACT_COPY_REDRAWS::inc);
  }

  private void checkRecordSchemaMatches(Spec spec) {
    Set<String> fields =
        spec.recordFields().stream().map(RecordField::name).collect(Collectors.toSet());
    Set<String> columns = Set.copyOf(recordSchema.getFieldNames());
    if (spec.isRecordSpec() && !fields.equals(columns)) {
      throw new IllegalArgumentException(
          "withRecordSchema() columns "
              + recordSchema.getFieldNames()
              + " differ from the spec's record_fields "
              + fields);
    }
  }

  private void closeGenerator() {
    if (generator != null) {
      generator.close();
      generator = null;
    }
  }
}
