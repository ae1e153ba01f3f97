package ai.dataframer.beam.core.profile;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable counts of every property's values and of every pair of properties' value combinations,
 * from {@link PropertyCodes}. Sized by the first codes it sees; an empty instance merges with any.
 */
public final class JointCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private int[] cardinalities;
  private long[][] marginals;
  // Pair (i < j) at index pairIndex(i, j): a row-major cardinality[i] x cardinality[j] table.
  private long[][] pairs;
  private long rows;

  public void add(PropertyCodes record) {
    ensureShape(record.cardinalities());
    int[] codes = record.codes();
    int n = codes.length;
    for (int i = 0; i < n; i++) {
      marginals[i][codes[i]]++;
      for (int j = i + 1; j < n; j++) {
        pairs[pairIndex(i, j)][codes[i] * cardinalities[j] + codes[j]]++;
      }
    }
    rows++;
  }

  /** Merges {@code other} into this instance and returns this instance. */
  public JointCounts merge(JointCounts other) {
    if (other.cardinalities == null) {
      return this;
    }
    ensureShape(other.cardinalities);
    for (int i = 0; i < marginals.length; i++) {
      addInto(marginals[i], other.marginals[i]);
    }
    for (int p = 0; p < pairs.length; p++) {
      addInto(pairs[p], other.pairs[p]);
    }
    rows += other.rows;
    return this;
  }

  public long rows() {
    return rows;
  }

  /** Count of each value of property {@code i}; all zeros before any record. */
  public long[] marginal(int i, int cardinality) {
    return marginals == null ? new long[cardinality] : marginals[i].clone();
  }

  /**
   * Contingency table of properties {@code i} and {@code j} (any order): [value of i][value of j].
   */
  public long[][] table(int i, int j, int cardinalityI, int cardinalityJ) {
    long[][] table = new long[cardinalityI][cardinalityJ];
    if (pairs == null) {
      return table;
    }
    long[] flat = pairs[pairIndex(Math.min(i, j), Math.max(i, j))];
    for (int a = 0; a < cardinalityI; a++) {
      for (int b = 0; b < cardinalityJ; b++) {
        table[a][b] = i < j ? flat[a * cardinalityJ + b] : flat[b * cardinalityI + a];
      }
    }
    return table;
  }

  private void ensureShape(int[] shape) {
    if (cardinalities == null) {
      cardinalities = shape.clone();
      int n = shape.length;
      marginals = new long[n][];
      pairs = new long[n * (n - 1) / 2][];
      for (int i = 0; i < n; i++) {
        marginals[i] = new long[shape[i]];
        for (int j = i + 1; j < n; j++) {
          pairs[pairIndex(i, j)] = new long[shape[i] * shape[j]];
        }
      }
    } else if (!Arrays.equals(cardinalities, shape)) {
      throw new IllegalArgumentException(
          "property codes of shape "
              + Arrays.toString(shape)
              + " do not match the counts' shape "
              + Arrays.toString(cardinalities));
    }
  }

  private int pairIndex(int i, int j) {
    int n = cardinalities.length;
    return i * n - i * (i + 1) / 2 + (j - i - 1);
  }

  private static void addInto(long[] target, long[] source) {
    for (int k = 0; k < target.length; k++) {
      target[k] += source[k];
    }
  }
}
