package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.RecordFingerprint;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.LongPredicate;

/**
 * The record is not an exact copy of a seed record: synthetic data that repeats a seed row leaks
 * it. The embedded engine already redraws copies; this filter is the guarantee for every drafter.
 */
public final class ExactCopyFilter implements SampleFilter {
  private final LongPredicate isSeedFingerprint;
  private final BiPredicate<SamplePlan, Map<String, Object>> cannotBeACopy;

  public ExactCopyFilter(LongPredicate isSeedFingerprint) {
    this(isSeedFingerprint, (plan, record) -> false);
  }

  /**
   * @param cannotBeACopy true for a record known to differ from every seed row without its
   *     fingerprint (one holding a key the engine made for its plan, which no seed row holds)
   */
  public ExactCopyFilter(
      LongPredicate isSeedFingerprint, BiPredicate<SamplePlan, Map<String, Object>> cannotBeACopy) {
    this.isSeedFingerprint = isSeedFingerprint;
    this.cannotBeACopy = cannotBeACopy;
  }

  @Override
  public List<String> check(SamplePlan plan, Map<String, Object> record) {
    if (cannotBeACopy.test(plan, record)) {
      return List.of();
    }
    long fingerprint;
    try {
      fingerprint = RecordFingerprint.of(record);
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
    return isSeedFingerprint.test(fingerprint)
        ? List.of(
            "record is an exact copy of a seed record (fingerprint "
                + Long.toHexString(fingerprint)
                + ")")
        : List.of();
  }
}
