package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.plan.IndexRange;
import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.spec.Spec;
import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The plans of a range of sample indexes, made where the range is handled: a plan depends only on
 * the spec, the run's settings and its index (docs/ARCHITECTURE.md section 3). Used by the step
 * that outputs plans ({@link PlanRangeFn}) and by the generating step that plans its own ranges, so
 * no runner encodes a plan between two steps.
 */
final class RangePlans implements Serializable {
  private static final Counter PLANS = Metrics.counter(RangePlans.class, "samplesPlanned");

  /** A step's side inputs, as its context reads them. */
  interface SideInputs {
    <T> T get(PCollectionView<T> view);
  }

  private final PCollectionView<Spec> specView;
  private final @Nullable PCollectionView<Long> seedExampleCountView;
  private final String runId;
  private final long runSeed;
  private final SeedShufflingLevel level;
  private final int examplesPerPlan;

  // Built once per spec per copy: the tables are reused for every range a worker handles.
  private transient @Nullable Spec plannedSpec;
  private transient @Nullable Planner planner;

  RangePlans(
      PCollectionView<Spec> specView,
      @Nullable PCollectionView<Long> seedExampleCountView,
      String runId,
      long runSeed,
      SeedShufflingLevel level,
      int examplesPerPlan) {
    this.specView = specView;
    this.seedExampleCountView = seedExampleCountView;
    this.runId = runId;
    this.runSeed = runSeed;
    this.level = level;
    this.examplesPerPlan = examplesPerPlan;
  }

  /** The views {@link #plan} reads. */
  List<PCollectionView<?>> sideInputs() {
    return seedExampleCountView == null
        ? List.of(specView)
        : List.of(specView, seedExampleCountView);
  }

  /** Hands each plan of {@code range} to {@code each}, in index order. */
  void plan(IndexRange range, SideInputs sideInputs, Consumer<SamplePlan> each) {
    Planner rangePlanner = plannerFor(sideInputs.get(specView));
    long seedExampleCount = seedExampleCountView == null ? 0 : sideInputs.get(seedExampleCountView);
    RunSettings settings =
        new RunSettings(runId, runSeed, Math.toIntExact(seedExampleCount), level, examplesPerPlan);
    for (long index = range.start(); index < range.end(); index++) {
      each.accept(rangePlanner.plan(settings, index));
    }
    PLANS.inc(range.size());
  }

  private Planner plannerFor(Spec spec) {
    if (planner == null || !spec.equals(plannedSpec)) {
      planner = new Planner(spec);
      plannedSpec = spec;
    }
    return planner;
  }
}
