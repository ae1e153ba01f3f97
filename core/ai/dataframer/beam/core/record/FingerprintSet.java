package ai.dataframer.beam.core.record;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * An immutable set of record fingerprints ({@link RecordFingerprint}) held as a sorted array: 8
 * bytes a seed record, so a million seeds fit in 8 MB and a lookup is a binary search.
 */
public final class FingerprintSet implements LongPredicate, Serializable {
  private static final long serialVersionUID = 1L;
  private static final FingerprintSet EMPTY = new FingerprintSet(new long[0]);

  private final long[] sorted;

  private FingerprintSet(long[] sorted) {
    this.sorted = sorted;
  }

  public static FingerprintSet empty() {
    return EMPTY;
  }

  /** A set of the given fingerprints; duplicates are dropped and the array is not kept. */
  public static FingerprintSet of(long[] fingerprints, int count) {
    long[] copy = Arrays.copyOf(fingerprints, count);
    Arrays.sort(copy);
    int distinct = 0;
    for (int i = 0; i < copy.length; i++) {
      if (i == 0 || copy[i] != copy[i - 1]) {
        copy[distinct++] = copy[i];
      }
    }
    return new FingerprintSet(Arrays.copyOf(copy, distinct));
  }

  /** The fingerprints of the given records. */
  public static FingerprintSet ofRecords(Collection<? extends Map<String, ?>> records) {
    long[] fingerprints = new long[records.size()];
    int i = 0;
    for (Map<String, ?> record : records) {
      fingerprints[i++] = RecordFingerprint.of(record);
    }
    return of(fingerprints, fingerprints.length);
  }

  /** True when {@code fingerprint} is in the set. */
  @Override
  public boolean test(long fingerprint) {
    return Arrays.binarySearch(sorted, fingerprint) >= 0;
  }

  public int size() {
    return sorted.length;
  }

  /** The fingerprints in ascending order (a copy). */
  public long[] toSortedArray() {
    return sorted.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FingerprintSet set && Arrays.equals(sorted, set.sorted);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sorted);
  }

  @Override
  public String toString() {
    return "FingerprintSet[" + sorted.length + " fingerprints]";
  }
}
