package ai.dataframer.beam.core.profile;

/** Entropy and mutual information of contingency tables, in nats, with a significance test. */
final class Dependence {
  // Standard normal quantile at 0.999: an edge must be a 1-in-1000 surprise under independence.
  private static final double Z_999 = 3.0902;
  // Two-sided counterpart: chi-square with one degree of freedom is a squared standard normal.
  private static final double Z_9995 = 3.2905;

  private Dependence() {}

  static double entropy(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double h = 0;
    for (long c : counts) {
      if (c > 0) {
        double p = (double) c / total;
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  static double mutualInformation(long[][] table) {
    long[] rows = rowSums(table);
    long[] columns = columnSums(table);
    long total = sum(rows);
    double mi = 0;
    for (int a = 0; a < table.length; a++) {
      for (int b = 0; b < table[a].length; b++) {
        long n = table[a][b];
        if (n > 0) {
          mi += (double) n / total * Math.log((double) n * total / ((double) rows[a] * columns[b]));
        }
      }
    }
    return Math.max(0, mi);
  }

  /** MI / sqrt(H(row) H(column)), in [0, 1]; 0 when either side is constant. */
  static double normalizedMutualInformation(long[][] table) {
    double h = Math.sqrt(entropy(rowSums(table)) * entropy(columnSums(table)));
    return h <= 0 ? 0 : Math.min(1, mutualInformation(table) / h);
  }

  /**
   * G-test of independence at the 0.001 level: G = 2 N MI is chi-square with (r-1)(c-1) degrees of
   * freedom under independence. This screens out the positive bias of MI estimates on small seeds.
   */
  static boolean isSignificant(long[][] table) {
    long[] rows = rowSums(table);
    long[] columns = columnSums(table);
    int degrees = (countNonZero(rows) - 1) * (countNonZero(columns) - 1);
    if (degrees <= 0) {
      return false;
    }
    double g = 2 * sum(rows) * mutualInformation(table);
    return g > chiSquareCritical(degrees);
  }

  /**
   * Upper 0.001 critical value of chi-square: exact for 1 and 2 degrees of freedom, else the
   * Wilson-Hilferty cube-root approximation, which errs high (conservative) by under 2% from 3 on.
   */
  static double chiSquareCritical(int degrees) {
    if (degrees == 1) {
      return Z_9995 * Z_9995;
    }
    if (degrees == 2) {
      return 2 * Math.log(1000);
    }
    double v = 2.0 / (9.0 * degrees);
    double cube = 1 - v + Z_999 * Math.sqrt(v);
    return degrees * cube * cube * cube;
  }

  static long[] rowSums(long[][] table) {
    long[] sums = new long[table.length];
    for (int a = 0; a < table.length; a++) {
      sums[a] = sum(table[a]);
    }
    return sums;
  }

  static long[] columnSums(long[][] table) {
    long[] sums = new long[table.length == 0 ? 0 : table[0].length];
    for (long[] row : table) {
      for (int b = 0; b < row.length; b++) {
        sums[b] += row[b];
      }
    }
    return sums;
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long v : values) {
      total += v;
    }
    return total;
  }

  private static int countNonZero(long[] values) {
    int n = 0;
    for (long v : values) {
      if (v > 0) {
        n++;
      }
    }
    return n;
  }
}
