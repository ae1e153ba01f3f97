package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.plan.IndexRange;
import ai.dataframer.beam.core.plan.SamplePlan;
import org.apache.beam.sdk.transforms.DoFn;

/** Expands a range of sample indices into their plans ({@link RangePlans}). */
class PlanRangeFn extends DoFn<IndexRange, SamplePlan> {
  private final RangePlans plans;

  PlanRangeFn(RangePlans plans) {
    this.plans = plans;
  }

  @ProcessElement
  public void processElement(ProcessContext context) {
    plans.plan(context.element(), context::sideInput, context::output);
  }
}
