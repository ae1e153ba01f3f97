package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What became of one plan: exactly one accepted record or one rejection, never nothing. */
public sealed interface SampleOutcome permits SampleOutcome.Accepted, SampleOutcome.Rejected {
  SamplePlan plan();

  /** Drafts made, including the accepted or last rejected one. */
  int attempts();

  /** The record passed every filter on attempt {@code attempts}. */
  record Accepted(SamplePlan plan, Map<String, Object> record, int attempts)
      implements SampleOutcome {
    public Accepted {
      record = Collections.unmodifiableMap(new LinkedHashMap<>(record));
    }
  }

  /**
   * No attempt produced an acceptable record.
   *
   * @param stage "generate" when drafting threw, "filter" when the last candidate failed a filter
   * @param reasons why the last attempt failed
   * @param lastCandidate the last drafted record, or null when none was drafted
   */
  record Rejected(
      SamplePlan plan,
      String stage,
      List<String> reasons,
      int attempts,
      Map<String, Object> lastCandidate)
      implements SampleOutcome {
    public Rejected {
      reasons = List.copyOf(reasons);
      lastCandidate =
          lastCandidate == null
              ? null
              : Collections.unmodifiableMap(new LinkedHashMap<>(lastCandidate));
    }
  }
}
