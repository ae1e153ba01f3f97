package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.TypeRange;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The distribution comparisons behind the fidelity scores, on plain arrays and lists. */
final class Statistics {
  private Statistics() {}

  /**
   * Two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs. Both
   * samples must be non-empty; ties are stepped over together so equal values never open a gap.
   */
  static double ksStatistic(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) {
      throw new IllegalArgumentException(
          "KS statistic needs two non-empty samples, but had " + a.length + " and " + b.length);
    }
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    double max = 0.0;
    while (i < x.length && j < y.length) {
      double value = Math.min(x[i], y[j]);
      while (i < x.length && x[i] == value) {
        i++;
      }
      while (j < y.length && y[j] == value) {
        j++;
      }
      max = Math.max(max, Math.abs((double) i / x.length - (double) j / y.length));
    }
    return max;
  }

  /**
   * Total variation distance between the empirical distributions of two samples of category keys:
   * half the sum of absolute differences of the category shares. Keys may be null (a category of
   * its own).
   */
  static double totalVariation(List<?> a, List<?> b) {
    if (a.isEmpty() || b.isEmpty()) {
      throw new IllegalArgumentException(
          "total variation needs two non-empty samples, but had " + a.size() + " and " + b.size());
    }
    Map<Object, Integer> countsA = counts(a);
    Map<Object, Integer> countsB = counts(b);
    Set<Object> keys = new HashSet<>(countsA.keySet());
    keys.addAll(countsB.keySet());
    double sum = 0.0;
    for (Object key : keys) {
      double shareA = countsA.getOrDefault(key, 0) / (double) a.size();
      double shareB = countsB.getOrDefault(key, 0) / (double) b.size();
      sum += Math.abs(shareA - shareB);
    }
    return sum / 2.0;
  }

  private static Map<Object, Integer> counts(List<?> values) {
    Map<Object, Integer> counts = new HashMap<>();
    for (Object value : values) {
      counts.merge(value, 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Pearson correlation over the pairwise-complete rows (neither value NaN). NaN when fewer than
   * two such rows or when either side is constant on them: the correlation is then undefined.
   */
  static double pearson(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "correlation needs paired samples, but had " + x.length + " and " + y.length + " values");
    }
    int n = 0;
    double meanX = 0.0;
    double meanY = 0.0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        n++;
        meanX += x[i];
        meanY += y[i];
      }
    }
    if (n < 2) {
      return Double.NaN;
    }
    meanX /= n;
    meanY /= n;
    double sxy = 0.0;
    double sxx = 0.0;
    double syy = 0.0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        double dx = x[i] - meanX;
        double dy = y[i] - meanY;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
      }
    }
    if (sxx == 0.0 || syy == 0.0) {
      return Double.NaN;
    }
    return Math.max(-1.0, Math.min(1.0, sxy / Math.sqrt(sxx * syy)));
  }

  /** Quantile {@code p} of an ascending array by linear interpolation between order statistics. */
  static double quantile(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("quantile of an empty sample");
    }
    double position = p * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, sorted.length - 1);
    return TypeRange.between(sorted[lower], sorted[upper], position - lower);
  }

  /**
   * Cut points splitting the non-NaN values into {@code bins} equal-frequency bins: the inverse
   * empirical CDF at k / bins, so every cut is an observed value, and duplicates removed. A column
   * with few distinct values (ratings, quantities) gets fewer, wider bins rather than empty ones.
   */
  static double[] quantileCuts(double[] values, int bins) {
    double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (present.length == 0) {
      return new double[0];
    }
    double[] cuts = new double[bins - 1];
    for (int k = 1; k < bins; k++) {
      int rank = (int) Math.ceil((double) k * present.length / bins);
      cuts[k - 1] = present[Math.max(0, rank - 1)];
    }
    return Arrays.stream(cuts).distinct().toArray();
  }

  /**
   * The bin of a value for the given ascending cut points: the number of cuts strictly below it.
   */
  static int bin(double value, double[] cuts) {
    int bin = 0;
    while (bin < cuts.length && value > cuts[bin]) {
      bin++;
    }
    return bin;
  }
}
