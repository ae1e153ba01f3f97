package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.TypeRange;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A uniform sample of at most {@code k} values that does not depend on the order in which values
 * arrive or accumulators merge: each value carries a hash (of its row), and the sketch keeps the
 * {@code k} entries with the smallest (hash, value). Because that set is a function of the multiset
 * of entries alone, any partitioning and merge order gives the same sample, hence the same
 * quantiles. Minimum, maximum and count are exact.
 */
final class BottomKSketch implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int INITIAL_CAPACITY = 16;

  private final int k;
  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  // Entries [0, size); after compact() the first min(size, k) are sorted and the rest are dropped.
  private long[] hashes = new long[INITIAL_CAPACITY];
  private double[] values = new double[INITIAL_CAPACITY];
  private int size;
  // Once k entries are kept, only entries below the k-th can ever be part of the sample.
  private boolean full;
  private long thresholdHash;
  private double thresholdValue;
  private transient double[] sortedValues;

  BottomKSketch(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("sketch size must be >= 1, but was " + k);
    }
    this.k = k;
  }

  void add(long hash, double value) {
    count++;
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (full && compare(hash, value, thresholdHash, thresholdValue) >= 0) {
      return;
    }
    append(hash, value);
  }

  void merge(BottomKSketch other) {
    if (other.k != k) {
      throw new IllegalArgumentException("cannot merge sketches of size " + k + " and " + other.k);
    }
    count += other.count;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    for (int i = 0; i < other.size; i++) {
      if (!full || compare(other.hashes[i], other.values[i], thresholdHash, thresholdValue) < 0) {
        append(other.hashes[i], other.values[i]);
      }
    }
  }

  long count() {
    return count;
  }

  /** Exact minimum; only meaningful when {@link #count()} > 0. */
  double min() {
    return min;
  }

  /** Exact maximum; only meaningful when {@link #count()} > 0. */
  double max() {
    return max;
  }

  /** Number of values kept in the sample (all of them while count <= k). */
  int sampleSize() {
    compact();
    return size;
  }

  /**
   * The quantile at probability {@code p} in [0, 1]: exact min and max at the ends, linear
   * interpolation between order statistics of the sample in between.
   */
  double quantile(double p) {
    if (count == 0) {
      throw new IllegalStateException("no values to take a quantile of");
    }
    if (p <= 0) {
      return min;
    }
    if (p >= 1) {
      return max;
    }
    double[] sorted = sorted();
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    double fraction = position - below;
    return TypeRange.between(sorted[below], sorted[above], fraction);
  }

  private double[] sorted() {
    if (sortedValues == null) {
      compact();
      sortedValues = Arrays.copyOf(values, size);
      Arrays.sort(sortedValues);
    }
    return sortedValues;
  }

  private void append(long hash, double value) {
    sortedValues = null;
    if (size == hashes.length) {
      if (size >= 2 * k) {
        compact();
      } else {
        int capacity = Math.min(2 * k, Math.max(INITIAL_CAPACITY, 2 * size));
        hashes = Arrays.copyOf(hashes, capacity);
        values = Arrays.copyOf(values, capacity);
      }
    }
    hashes[size] = hash;
    values[size] = value;
    size++;
  }

  private void compact() {
    sortEntries(0, size - 1);
    size = Math.min(size, k);
    if (size == k) {
      full = true;
      thresholdHash = hashes[k - 1];
      thresholdValue = values[k - 1];
    }
  }

  private static int compare(long hashA, double valueA, long hashB, double valueB) {
    int byHash = Long.compare(hashA, hashB);
    return byHash != 0 ? byHash : Double.compare(valueA, valueB);
  }

  // Quicksort of the parallel arrays by (hash, value); hashes are well mixed, so middle pivots
  // suffice.
  private void sortEntries(int low, int high) {
    while (low < high) {
      int mid = (low + high) >>> 1;
      long pivotHash = hashes[mid];
      double pivotValue = values[mid];
      int i = low;
      int j = high;
      while (i <= j) {
        while (compare(hashes[i], values[i], pivotHash, pivotValue) < 0) {
          i++;
        }
        while (compare(hashes[j], values[j], pivotHash, pivotValue) > 0) {
          j--;
        }
        if (i <= j) {
          swap(i++, j--);
        }
      }
      // Recurse into the smaller side to bound the stack depth.
      if (j - low < high - i) {
        sortEntries(low, j);
        low = i;
      } else {
        sortEntries(i, high);
        high = j;
      }
    }
  }

  private void swap(int i, int j) {
    long hash = hashes[i];
    hashes[i] = hashes[j];
    hashes[j] = hash;
    double value = values[i];
    values[i] = values[j];
    values[j] = value;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    // Only the live entries travel: a fresh accumulator would otherwise ship 2k empty slots.
    compact();
    hashes = Arrays.copyOf(hashes, Math.max(size, 1));
    values = Arrays.copyOf(values, Math.max(size, 1));
    out.defaultWriteObject();
  }
}
