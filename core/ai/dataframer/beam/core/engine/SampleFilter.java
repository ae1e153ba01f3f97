package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import java.util.List;
import java.util.Map;

/**
 * One check a candidate record must pass before it is accepted (docs/ARCHITECTURE.md section 6,
 * step 5).
 */
public interface SampleFilter {
  /**
   * The reasons {@code record} fails this filter for {@code plan}, each naming the field and what
   * was expected; empty when it passes. Must not throw on records of the wrong shape: that is a
   * reason.
   */
  List<String> check(SamplePlan plan, Map<String, Object> record);
}
