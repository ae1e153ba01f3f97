package ai.dataframer.beam.core.profile;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Turns non-negative weights into percentages with two decimals that sum to exactly 100. */
public final class Percentages {
  private static final long HUNDREDTHS = 10_000;

  private Percentages() {}

  /**
   * Largest-remainder rounding in hundredths of a percent: every share is off by less than 0.01 and
   * the total is exact. All-zero weights give the uniform distribution.
   */
  public static double[] of(double[] weights) {
    int n = weights.length;
    double total = Arrays.stream(weights).sum();
    double[] exact = new double[n];
    for (int i = 0; i < n; i++) {
      exact[i] = total > 0 ? weights[i] / total * HUNDREDTHS : (double) HUNDREDTHS / n;
    }
    long[] floors = new long[n];
    long assigned = 0;
    for (int i = 0; i < n; i++) {
      floors[i] = (long) Math.floor(exact[i]);
      assigned += floors[i];
    }
    // Ties go to the earlier value, so the result is deterministic.
    Integer[] byRemainder = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(
        byRemainder,
        Comparator.comparingDouble((Integer i) -> floors[i] - exact[i]).thenComparingInt(i -> i));
    for (int k = 0; k < HUNDREDTHS - assigned && k < n; k++) {
      floors[byRemainder[k]]++;
    }
    double[] percents = new double[n];
    for (int i = 0; i < n; i++) {
      percents[i] = floors[i] / 100.0;
    }
    return percents;
  }

  static double[] uniform(int n) {
    return of(new double[n]);
  }
}
