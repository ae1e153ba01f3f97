package ai.dataframer.beam.core.profile;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a STRING, INT or LONG column needs to be recognised as a key and to have its format learned
 * ({@link KeyLearning}), as a mergeable accumulator held by {@link ColumnProfile}. Every statistic
 * is a function of the multiset of values, so merge order never changes it:
 *
 * <ul>
 *   <li>uniqueness: the {@value #UNIQUENESS_SAMPLE} smallest distinct value hashes with their exact
 *       counts (a hash among the smallest of the whole column is among the smallest of any part
 *       that holds it, so its merged count is exact). The sample is uniform over distinct values,
 *       so its mean count estimates values / distinct values; exact up to {@value
 *       #UNIQUENESS_SAMPLE} distinct values;
 *   <li>strings: per length, the ASCII characters seen at each position, and the position, width
 *       and numeric range of each value's last run of digits;
 *   <li>integers: exact minimum and maximum.
 * </ul>
 */
final class KeyShape implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Distinct value hashes kept to estimate uniqueness. */
  static final int UNIQUENESS_SAMPLE = 1024;

  /** Longer strings are prose or payloads, not keys. */
  static final int MAX_KEY_LENGTH = 64;

  /** Keys of more lengths than this have no per-length shape worth keeping. */
  static final int MAX_LENGTHS = 24;

  /** Digit runs longer than this do not fit a long, so they cannot be sequences. */
  static final int MAX_RUN_DIGITS = 18;

  private static final long STRING_SALT = 0x6A09E667F3BCC909L;
  private static final long INTEGER_SALT = 0x3C6EF372FE94F82BL;

  private final boolean text;
  private long values;

  // Uniqueness sample: distinct hashes ascending, with counts.
  private long[] hashes = new long[16];
  private long[] counts = new long[16];
  private int size;

  // Strings.
  private boolean unstructured;
  private TreeMap<Integer, LengthShape> lengths = new TreeMap<>();
  private long withRun;
  private long runMin = Long.MAX_VALUE;
  private long runMax = Long.MIN_VALUE;
  private int runStartMin = Integer.MAX_VALUE;
  private int runStartMax = Integer.MIN_VALUE;
  private int suffixMin = Integer.MAX_VALUE;
  private int suffixMax = Integer.MIN_VALUE;
  private int widthMin = Integer.MAX_VALUE;
  private int widthMax = Integer.MIN_VALUE;
  private boolean runTooLong;
  private boolean runLeadingZero;

  // Integers.
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  /** The characters seen at each position of the values of one length (ASCII bitsets). */
  static final class LengthShape implements Serializable {
    private static final long serialVersionUID = 1L;
    private long count;
    private final long[] low;
    private final long[] high;

    LengthShape(int length) {
      low = new long[length];
      high = new long[length];
    }

    long count() {
      return count;
    }

    int length() {
      return low.length;
    }

    /** The characters seen at {@code position}, in ascending order. */
    String charsAt(int position) {
      StringBuilder out = new StringBuilder();
      for (int c = 0; c < 128; c++) {
        long bits = c < 64 ? low[position] : high[position];
        if ((bits >>> (c & 63) & 1) != 0) {
          out.append((char) c);
        }
      }
      return out.toString();
    }

    private void add(String value) {
      count++;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 64) {
          low[i] |= 1L << c;
        } else {
          high[i] |= 1L << (c - 64);
        }
      }
    }

    private void merge(LengthShape other) {
      count += other.count;
      for (int i = 0; i < low.length; i++) {
        low[i] |= other.low[i];
        high[i] |= other.high[i];
      }
    }
  }

  KeyShape(boolean text) {
    this.text = text;
  }

  void add(Object value) {
    values++;
    if (text) {
      String string = (String) value;
      sample(mixText(string));
      addStructure(string);
    } else {
      long x = ((Number) value).longValue();
      sample(Fingerprints.mix(x ^ INTEGER_SALT));
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
  }

  void merge(KeyShape other) {
    values += other.values;
    mergeSample(other);
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    unstructured |= other.unstructured;
    if (unstructured) {
      lengths = new TreeMap<>();
    } else {
      other.lengths.forEach(
          (length, shape) -> {
            LengthShape mine = lengths.get(length);
            if (mine == null) {
              mine = new LengthShape(length);
              lengths.put(length, mine);
            }
            mine.merge(shape);
          });
      checkLengthCount();
    }
    withRun += other.withRun;
    runMin = Math.min(runMin, other.runMin);
    runMax = Math.max(runMax, other.runMax);
    runStartMin = Math.min(runStartMin, other.runStartMin);
    runStartMax = Math.max(runStartMax, other.runStartMax);
    suffixMin = Math.min(suffixMin, other.suffixMin);
    suffixMax = Math.max(suffixMax, other.suffixMax);
    widthMin = Math.min(widthMin, other.widthMin);
    widthMax = Math.max(widthMax, other.widthMax);
    runTooLong |= other.runTooLong;
    runLeadingZero |= other.runLeadingZero;
  }

  /** Non-null values seen. */
  long values() {
    return values;
  }

  /** Estimated distinct values / values, from the uniqueness sample; exact for small columns. */
  double distinctShare() {
    if (size == 0) {
      return 0;
    }
    long sampled = 0;
    for (int i = 0; i < size; i++) {
      sampled += counts[i];
    }
    return (double) size / sampled;
  }

  /** A value was not printable ASCII, was too long, or the values have too many lengths. */
  boolean unstructured() {
    return unstructured;
  }

  /** Shapes by length, ascending; empty when {@link #unstructured()}. */
  Map<Integer, LengthShape> lengths() {
    return lengths;
  }

  /** Values with a digit run (their last one is described by the run statistics). */
  long withRun() {
    return withRun;
  }

  long runMin() {
    return runMin;
  }

  long runMax() {
    return runMax;
  }

  boolean runStartIsFixed() {
    return runStartMin == runStartMax;
  }

  int runStart() {
    return runStartMin;
  }

  boolean suffixIsFixed() {
    return suffixMin == suffixMax;
  }

  /** Characters after the last digit run. */
  int suffixLength() {
    return suffixMin;
  }

  int widthMin() {
    return widthMin;
  }

  int widthMax() {
    return widthMax;
  }

  /** Some last digit run had more than {@value #MAX_RUN_DIGITS} digits. */
  boolean runTooLong() {
    return runTooLong;
  }

  /** Some last digit run of two or more digits started with 0. */
  boolean runLeadingZero() {
    return runLeadingZero;
  }

  long min() {
    return min;
  }

  long max() {
    return max;
  }

  private void addStructure(String value) {
    lastDigitRun(value);
    if (unstructured) {
      return;
    }
    if (value.isEmpty() || value.length() > MAX_KEY_LENGTH || !printableAscii(value)) {
      markUnstructured();
      return;
    }
    LengthShape shape = lengths.get(value.length());
    if (shape == null) {
      shape = new LengthShape(value.length());
      lengths.put(value.length(), shape);
      checkLengthCount();
      if (unstructured) {
        return;
      }
    }
    shape.add(value);
  }

  private void lastDigitRun(String value) {
    int end = value.length();
    while (end > 0 && !isDigit(value.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return;
    }
    int start = end - 1;
    while (start > 0 && isDigit(value.charAt(start - 1))) {
      start--;
    }
    int width = end - start;
    withRun++;
    runStartMin = Math.min(runStartMin, start);
    runStartMax = Math.max(runStartMax, start);
    suffixMin = Math.min(suffixMin, value.length() - end);
    suffixMax = Math.max(suffixMax, value.length() - end);
    widthMin = Math.min(widthMin, width);
    widthMax = Math.max(widthMax, width);
    if (width > 1 && value.charAt(start) == '0') {
      runLeadingZero = true;
    }
    if (width > MAX_RUN_DIGITS) {
      runTooLong = true;
      return;
    }
    long number = Long.parseLong(value, start, end, 10);
    runMin = Math.min(runMin, number);
    runMax = Math.max(runMax, number);
  }

  private void checkLengthCount() {
    if (lengths.size() > MAX_LENGTHS) {
      markUnstructured();
    }
  }

  private void markUnstructured() {
    unstructured = true;
    lengths = new TreeMap<>();
  }

  private void sample(long hash) {
    int at = Arrays.binarySearch(hashes, 0, size, hash);
    if (at >= 0) {
      counts[at]++;
      return;
    }
    int insert = -at - 1;
    if (size == UNIQUENESS_SAMPLE) {
      if (insert == size) {
        return;
      }
      size--;
    } else if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.min(UNIQUENESS_SAMPLE, 2 * size));
      counts = Arrays.copyOf(counts, hashes.length);
    }
    System.arraycopy(hashes, insert, hashes, insert + 1, size - insert);
    System.arraycopy(counts, insert, counts, insert + 1, size - insert);
    hashes[insert] = hash;
    counts[insert] = 1;
    size++;
  }

  private void mergeSample(KeyShape other) {
    int capacity = Math.min(UNIQUENESS_SAMPLE, size + other.size);
    long[] mergedHashes = new long[Math.max(16, capacity)];
    long[] mergedCounts = new long[mergedHashes.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (n < capacity && (i < size || j < other.size)) {
      long next;
      long count;
      if (j == other.size || (i < size && hashes[i] < other.hashes[j])) {
        next = hashes[i];
        count = counts[i++];
      } else if (i == size || other.hashes[j] < hashes[i]) {
        next = other.hashes[j];
        count = other.counts[j++];
      } else {
        next = hashes[i];
        count = counts[i++] + other.counts[j++];
      }
      mergedHashes[n] = next;
      mergedCounts[n++] = count;
    }
    hashes = mergedHashes;
    counts = mergedCounts;
    size = n;
  }

  // FNV-1a over the UTF-16 units, then a finalizer: the polynomial hash of Fingerprints maps
  // "Aa" and "BB" to one value, which would make distinct ids look repeated.
  private static long mixText(String value) {
    long h = 0xCBF29CE484222325L ^ STRING_SALT;
    for (int i = 0; i < value.length(); i++) {
      h = (h ^ value.charAt(i)) * 0x100000001B3L;
    }
    return Fingerprints.mix(h ^ value.length());
  }

  private static boolean printableAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
