package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import java.util.List;
import java.util.Map;

/**
 * Draft, filter, and on failure regenerate with the same plan (docs/ARCHITECTURE.md section 6, step
 * 5): keeping the plan means filtering never skews the property distributions, only the attempt
 * number changes so the drafter draws fresh randomness.
 */
public final class GenerationLoop {
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final String STAGE_GENERATE = "generate";
  public static final String STAGE_FILTER = "filter";

  private final SampleDrafter drafter;
  private final List<SampleFilter> filters;
  private final int maxAttempts;

  public GenerationLoop(SampleDrafter drafter, List<SampleFilter> filters, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
    }
    this.drafter = drafter;
    this.filters = List.copyOf(filters);
    this.maxAttempts = maxAttempts;
  }

  public GenerationLoop(SampleDrafter drafter, List<SampleFilter> filters) {
    this(drafter, filters, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Runs up to {@code maxAttempts} drafts of {@code plan}. A drafter exception ends the loop at
   * once (stage "generate"): it comes from the spec or the plan, so another attempt would fail the
   * same way.
   */
  public SampleOutcome generate(SamplePlan plan) {
    Map<String, Object> candidate = null;
    List<String> reasons = List.of();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        candidate = drafter.draft(plan, attempt);
      } catch (RuntimeException e) {
        return new SampleOutcome.Rejected(
            plan, STAGE_GENERATE, List.of(describe(e)), attempt, candidate);
      }
      reasons = firstFailure(plan, candidate);
      if (reasons.isEmpty()) {
        return new SampleOutcome.Accepted(plan, candidate, attempt);
      }
    }
    return new SampleOutcome.Rejected(plan, STAGE_FILTER, reasons, maxAttempts, candidate);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Filters run in order and the first one that objects decides: later ones assume its checks hold.
   */
  private List<String> firstFailure(SamplePlan plan, Map<String, Object> candidate) {
    for (SampleFilter filter : filters) {
      List<String> reasons = filter.check(plan, candidate);
      if (!reasons.isEmpty()) {
        return reasons;
      }
    }
    return List.of();
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message;
  }
}
