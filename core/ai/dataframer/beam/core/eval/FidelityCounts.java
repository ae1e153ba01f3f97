package ai.dataframer.beam.core.eval;

import java.io.Serializable;

/**
 * What fidelity needs from the synthetic records, counted one record at a time against a {@link
 * FidelityProfile} and mergeable, so a Combine can build it over millions of records on any runner
 * (docs/ARCHITECTURE.md section 9): per scored column its cells, KS bins and histogram bins; per
 * pair its joint cells and, for two numbers, the co-moments of a streaming Pearson correlation; and
 * the records that copy a seed row. Its size depends on the profile, never on the record count.
 * Merging in any order gives the same counts (the co-moments to rounding).
 *
 * <p>Not thread-safe; an accumulator. Create with {@link FidelityProfile#newCounts()}.
 */
public final class FidelityCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  long records;
  long exactCopies;
  // Null in the empty counts, which take the shape of the first counts merged into them.
  long[][] cells;
  long[][] ksBins;
  long[][] histograms;
  long[][] joints;

  /** Per pair of numbers: pairwise-complete rows, mean x, mean y, M2 x, M2 y, co-moment. */
  double[][] moments;

  /** Per key column: non-null values, and those equal to a seed value. */
  long[] keyValues;

  long[] keyCopies;

  FidelityCounts(
      int[] cellSizes, int[] ksSizes, int[] histogramSizes, int[] jointSizes, int keyColumns) {
    this.cells = arrays(cellSizes);
    this.ksBins = arrays(ksSizes);
    this.histograms = arrays(histogramSizes);
    this.joints = arrays(jointSizes);
    this.moments = new double[jointSizes.length][6];
    this.keyValues = new long[keyColumns];
    this.keyCopies = new long[keyColumns];
  }

  private FidelityCounts() {}

  /**
   * Counts of no record, of no profile yet: the start of a merge (a Combine's accumulator, which is
   * created without the profile). They take the shape of the first counts merged into them.
   */
  public static FidelityCounts empty() {
    return new FidelityCounts();
  }

  private static long[][] arrays(int[] sizes) {
    long[][] arrays = new long[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      arrays[i] = new long[sizes[i]];
    }
    return arrays;
  }

  public long records() {
    return records;
  }

  /** Adds {@code other}'s counts into these and returns these; both must come from one profile. */
  public FidelityCounts merge(FidelityCounts other) {
    if (other.cells == null) {
      return this;
    }
    if (cells == null) {
      cells = copy(other.cells);
      ksBins = copy(other.ksBins);
      histograms = copy(other.histograms);
      joints = copy(other.joints);
      moments = new double[other.moments.length][];
      for (int pair = 0; pair < moments.length; pair++) {
        moments[pair] = other.moments[pair].clone();
      }
      keyValues = other.keyValues.clone();
      keyCopies = other.keyCopies.clone();
      records = other.records;
      exactCopies = other.exactCopies;
      return this;
    }
    if (other.cells.length != cells.length || other.joints.length != joints.length) {
      throw new IllegalArgumentException(
          "cannot merge fidelity counts of different profiles: "
              + cells.length
              + " columns and "
              + joints.length
              + " pairs against "
              + other.cells.length
              + " and "
              + other.joints.length);
    }
    records += other.records;
    exactCopies += other.exactCopies;
    add(cells, other.cells);
    add(ksBins, other.ksBins);
    add(histograms, other.histograms);
    add(joints, other.joints);
    add(new long[][] {keyValues, keyCopies}, new long[][] {other.keyValues, other.keyCopies});
    for (int pair = 0; pair < moments.length; pair++) {
      mergeMoments(moments[pair], other.moments[pair]);
    }
    return this;
  }

  private static long[][] copy(long[][] arrays) {
    long[][] copy = new long[arrays.length][];
    for (int i = 0; i < arrays.length; i++) {
      copy[i] = arrays[i].clone();
    }
    return copy;
  }

  private static void add(long[][] into, long[][] from) {
    for (int i = 0; i < into.length; i++) {
      if (into[i].length != from[i].length) {
        throw new IllegalArgumentException(
            "cannot merge fidelity counts of different profiles: "
                + into[i].length
                + " bins against "
                + from[i].length);
      }
      for (int j = 0; j < into[i].length; j++) {
        into[i][j] += from[i][j];
      }
    }
  }

  /** One pairwise-complete row, by Welford's update. */
  static void addMoment(double[] m, double x, double y) {
    m[0]++;
    double dx = x - m[1];
    m[1] += dx / m[0];
    double dy = y - m[2];
    m[2] += dy / m[0];
    m[3] += dx * (x - m[1]);
    m[4] += dy * (y - m[2]);
    m[5] += dx * (y - m[2]);
  }

  /** Chan et al.'s combination of two sets of co-moments. */
  static void mergeMoments(double[] into, double[] from) {
    double n = into[0] + from[0];
    if (from[0] == 0) {
      return;
    }
    if (into[0] == 0) {
      System.arraycopy(from, 0, into, 0, into.length);
      return;
    }
    double dx = from[1] - into[1];
    double dy = from[2] - into[2];
    double share = from[0] / n;
    double weight = into[0] * from[0] / n;
    into[3] += from[3] + dx * dx * weight;
    into[4] += from[4] + dy * dy * weight;
    into[5] += from[5] + dx * dy * weight;
    into[1] += dx * share;
    into[2] += dy * share;
    into[0] = n;
  }

  /** Pearson of the co-moments; NaN under two rows or with a constant side, as in Statistics. */
  static double pearson(double[] m) {
    if (m[0] < 2 || m[3] == 0.0 || m[4] == 0.0) {
      return Double.NaN;
    }
    return Math.max(-1.0, Math.min(1.0, m[5] / Math.sqrt(m[3] * m[4])));
  }
}
