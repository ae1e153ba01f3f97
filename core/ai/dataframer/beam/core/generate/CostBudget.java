package ai.dataframer.beam.core.generate;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A cap in USD on what model calls may cost, shared by every sample generated in this JVM for one
 * run. Samples ask {@link #isSpent()} before each call and fail with a "budget" reason once it is;
 * calls already in flight finish and are recorded, so the total can pass the cap by what those
 * cost. Thread-safe.
 */
public final class CostBudget {
  private static final Map<String, CostBudget> SHARED = new ConcurrentHashMap<>();

  private final double capUsd;
  private final DoubleAdder spentUsd = new DoubleAdder();

  private CostBudget(double capUsd) {
    if (!(capUsd >= 0) || Double.isInfinite(capUsd)) {
      throw new IllegalArgumentException("a cost cap must be finite and >= 0, but was " + capUsd);
    }
    this.capUsd = capUsd;
  }

  /** A budget of its own, e.g. for one test or one local run. */
  public static CostBudget of(double capUsd) {
    return new CostBudget(capUsd);
  }

  /**
   * The budget of {@code runId} in this JVM: every generator of the run on this worker draws from
   * the same one, whichever thread or DoFn instance built it. The first caller's cap wins.
   */
  public static CostBudget shared(String runId, double capUsd) {
    if (runId == null || runId.isEmpty()) {
      throw new IllegalArgumentException("a shared budget needs a run id");
    }
    return SHARED.computeIfAbsent(runId, id -> new CostBudget(capUsd));
  }

  public double capUsd() {
    return capUsd;
  }

  public double spentUsd() {
    return spentUsd.sum();
  }

  /** True once what was spent reaches the cap: no further call may start. */
  public boolean isSpent() {
    return spentUsd.sum() >= capUsd;
  }

  /** Adds the cost of one finished call. */
  public void record(double costUsd) {
    if (!(costUsd >= 0)) {
      throw new IllegalArgumentException("a call's cost must be >= 0, but was " + costUsd);
    }
    spentUsd.add(costUsd);
  }

  /** The reason a sample fails when the budget is spent; it starts with "budget". */
  String exhaustedReason() {
    return String.format(
        Locale.ROOT,
        "budget: the cost cap of $%.4f is spent ($%.4f so far); no further model calls are made",
        capUsd,
        spentUsd());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "CostBudget{cap=$%.4f, spent=$%.4f}", capUsd, spentUsd());
  }
}
