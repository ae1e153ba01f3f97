package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.plan.IndexRange;
import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.spec.Spec;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Expands a range of sample indices into their plans; the planning itself is {@link Planner}. */
class PlanRangeFn extends DoFn<IndexRange, SamplePlan> {
  private static final Counter PLANS = Metrics.counter(PlanRangeFn.class, "samplesPlanned");

  private final PCollectionView<Spec> specView;
  private final @Nullable PCollectionView<Long> seedExampleCountView;
  private final String runId;
  private final long runSeed;
  private final SeedShufflingLevel level;
  private final int examplesPerPlan;

  // Built once per spec per DoFn instance: the tables are reused for every range it handles.
  private transient @Nullable Spec plannedSpec;
  private transient @Nullable Planner planner;

  PlanRangeFn(
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

  @ProcessElement
  public void processElement(ProcessContext context) {
    Planner rangePlanner = plannerFor(context.sideInput(specView));
    long seedExampleCount =
        seedExampleCountView == null ? 0 : context.sideInput(seedExampleCountView);
    RunSettings settings =
        new RunSettings(runId, runSeed, Math.toIntExact(seedExampleCount), level, examplesPerPlan);
    IndexRange range = context.element();
    for (long index = range.start(); index < range.end(); index++) {
      context.output(rangePlanner.plan(settings, index));
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
