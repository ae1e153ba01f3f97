package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.RecordFingerprint;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The record is not an exact copy of a seed record: synthetic data that repeats a seed row leaks
 * it. The embedded engine already redraws copies; this filter is the guarantee for every drafter.
 */
public final class ExactCopyFilter implements SampleFilter {
  private final LongPredicate isSeedFingerprint;

  public ExactCopyFilter(LongPredicate isSeedFingerprint) {
    this.isSeedFingerprint = isSeedFingerprint;
  }

  @Override
  public List<String> check(SamplePlan plan, Map<String, Object> record) {
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
