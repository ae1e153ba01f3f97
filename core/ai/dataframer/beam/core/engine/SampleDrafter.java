package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import java.util.Map;

/**
 * Writes one candidate record for a plan. The embedded engine implements it; the LLM path plugs in
 * the same way. Implementations must be deterministic in (plan, attempt): all randomness comes from
 * the plan's seed and the attempt number, so a regenerated sample differs from the failed one while
 * a re-run of the same job reproduces both.
 */
public interface SampleDrafter {
  /**
   * A candidate record (field name -> value, in field order) for {@code plan}.
   *
   * @param attempt 1 for the first draft, 2 for the first regeneration, ...
   * @throws RuntimeException when the plan cannot be drafted (e.g. a bound value that does not
   *     parse); the message names the field or property and what was expected
   */
  Map<String, Object> draft(SamplePlan plan, int attempt);
}
