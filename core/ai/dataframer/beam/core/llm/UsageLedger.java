package ai.dataframer.beam.core.llm;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Running totals of model calls per model id: calls, failures, tokens and cost. Metered clients
 * write to one; callers read it. One per client by default; {@link #jvm()} is shared by everything
 * in the JVM that asks for it, so the workers' clients can add up in one place. Thread-safe.
 */
public final class UsageLedger {
  private static final UsageLedger JVM = new UsageLedger();

  /**
   * What one model's calls added up to.
   *
   * @param calls calls made, failed ones included
   * @param failures calls that ended in an error
   * @param usage tokens of the successful calls
   * @param costUsd their cost
   */
  public record Totals(long calls, long failures, Usage usage, double costUsd) {
    public static final Totals NONE = new Totals(0, 0, Usage.NONE, 0);

    public Totals plus(Totals other) {
      return new Totals(
          calls + other.calls,
          failures + other.failures,
          usage.plus(other.usage),
          costUsd + other.costUsd);
    }
  }

  private final ConcurrentHashMap<String, Totals> byModel = new ConcurrentHashMap<>();

  /** The ledger shared by the whole JVM. */
  public static UsageLedger jvm() {
    return JVM;
  }

  public void recordSuccess(String modelId, Usage usage, double costUsd) {
    byModel.merge(modelId, new Totals(1, 0, usage, costUsd), Totals::plus);
  }

  public void recordFailure(String modelId) {
    byModel.merge(modelId, new Totals(1, 1, Usage.NONE, 0), Totals::plus);
  }

  /** The totals of one model, zero when it was never called. */
  public Totals totals(String modelId) {
    return byModel.getOrDefault(modelId, Totals.NONE);
  }

  /** Every model's totals, by model id. */
  public Map<String, Totals> byModel() {
    return new TreeMap<>(byModel);
  }

  /** All models together. */
  public Totals overall() {
    Totals sum = Totals.NONE;
    for (Totals totals : byModel.values()) {
      sum = sum.plus(totals);
    }
    return sum;
  }

  @Override
  public String toString() {
    return "UsageLedger" + byModel();
  }
}
