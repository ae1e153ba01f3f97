package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.Seeds;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.KeyFormat;
import ai.dataframer.beam.core.spec.RecordField;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The values of one key field: the value of sample index i depends on the run's key (from its id
 * and the field's name) and i alone, so it is the same on every attempt, runner and worker, and no
 * two indexes of a run share a value nor does any equal a seed value, without coordination.
 *
 * <ul>
 *   <li>{@code {seq}}: the key's start plus the i-th whole number j >= 0 that no seed value's
 *       sequence number takes (other segments are drawn from a stream of the run key and j);
 *   <li>otherwise the digits of the format ({@link KeyCodec}) are a number in [0, S): the i-th
 *       number j that is not the preimage of a seed value, through a keyed {@link KeyPermutation}.
 *       Formats with S above 2^126 (long alphanumerics, UUIDs with other segments) permute their
 *       last digits and derive the leading ones from them; the permuted part still fixes the rest,
 *       so values stay distinct.
 * </ul>
 *
 * Seed values are excluded by their positions ({@link #position}), computed once per seed row
 * (docs/ARCHITECTURE.md, "Keys"; the side input is section 3) and mapped back through the run's
 * permutation when a run starts ({@link #forRun}): the i-th free number is then found by binary
 * search.
 */
final class KeyGenerator {
  private static final long FILL_SALT = 0x510E527FADE682D1L;

  private final RecordField field;
  private final KeyFormat format;
  private final KeyCodec codec;
  private final long start;
  private final boolean integral;

  /** The first digit of the permuted block: digits [permutedFrom, digits) are permuted. */
  private final int permutedFrom;

  private final BigInteger permutedSize;

  /**
   * @throws IllegalArgumentException naming the field when its format cannot make unique values
   */
  KeyGenerator(RecordField field) {
    this.field = field;
    try {
      this.format = KeyFormat.parse(field.key().format());
      String problem = format.generationProblem(field.type(), field.key().start());
      if (problem != null) {
        throw new IllegalArgumentException("key format '" + format + "' " + problem);
      }
      this.codec = new KeyCodec(format);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field '" + field.name() + "': " + e.getMessage(), e);
    }
    this.start = field.key().start() == null ? 0 : field.key().start();
    this.integral = field.type() == FieldType.INT || field.type() == FieldType.LONG;
    int from = codec.digits();
    BigInteger size = BigInteger.ONE;
    while (from > 0) {
      BigInteger larger = size.multiply(BigInteger.valueOf(codec.radix(from - 1)));
      if (larger.compareTo(KeyPermutation.MAX_SIZE) > 0) {
        break;
      }
      size = larger;
      from--;
    }
    this.permutedFrom = from;
    this.permutedSize = size;
  }

  RecordField field() {
    return field;
  }

  /**
   * Where a seed value sits among the format's values, as {high, low} bits: its sequence number, or
   * the number its permuted digits make; null when no key of the format can equal it.
   */
  long[] position(Object seedValue) {
    String text = seedValue.toString();
    if (integral && codec.fixedWidth() > text.length() && !text.startsWith("-")) {
      text = "0".repeat(codec.fixedWidth() - text.length()) + text;
    }
    long[] digits = codec.read(text);
    if (digits == null) {
      return null;
    }
    if (codec.hasSequence()) {
      long sequence = digits[codec.digits()];
      return sequence >= start ? new long[] {0, sequence} : null;
    }
    BigInteger number = BigInteger.ZERO;
    for (int d = permutedFrom; d < codec.digits(); d++) {
      number =
          number.multiply(BigInteger.valueOf(codec.radix(d))).add(BigInteger.valueOf(digits[d]));
    }
    long[] position = {number.shiftRight(64).longValue(), number.longValue()};
    long[] leading = new long[codec.digits()];
    fillLeading(leading, position);
    for (int d = 0; d < permutedFrom; d++) {
      if (leading[d] != digits[d]) {
        return null;
      }
    }
    return position;
  }

  /**
   * The field's values in the run of {@code runKey}.
   *
   * @param seedPositions the {@link #position}s of the seed's values, as {high, low} pairs
   */
  Run forRun(long runKey, long[] seedPositions) {
    KeyPermutation permutation =
        codec.hasSequence() ? null : new KeyPermutation(permutedSize, runKey);
    long[] excluded = new long[seedPositions.length / 2];
    int n = 0;
    long[] value = new long[2];
    for (int p = 0; p + 1 < seedPositions.length; p += 2) {
      if (permutation == null) {
        if (seedPositions[p] == 0 && seedPositions[p + 1] >= start) {
          excluded[n++] = seedPositions[p + 1] - start;
        }
        continue;
      }
      value[0] = seedPositions[p];
      value[1] = seedPositions[p + 1];
      if (!below(value, permutedSize)) {
        continue;
      }
      permutation.backward(value);
      if (value[0] == 0 && value[1] >= 0) {
        excluded[n++] = value[1];
      }
    }
    Arrays.sort(excluded, 0, n);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (distinct == 0 || excluded[i] != excluded[distinct - 1]) {
        excluded[distinct++] = excluded[i];
      }
    }
    // The i-th free number is i plus the count of excluded e_m (m-th, from 0) with e_m - m <= i.
    long[] freeBefore = new long[distinct];
    for (int m = 0; m < distinct; m++) {
      freeBefore[m] = excluded[m] - m;
    }
    return new Run(runKey, permutation, freeBefore);
  }

  /** The values of one run. Immutable, so threads may share it. */
  final class Run {
    private final long runKey;
    private final KeyPermutation permutation;
    private final long[] freeBefore;

    private Run(long runKey, KeyPermutation permutation, long[] freeBefore) {
      this.runKey = runKey;
      this.permutation = permutation;
      this.freeBefore = freeBefore;
    }

    /**
     * The key of sample {@code index}: a String, Integer or Long as the field's type.
     *
     * @throws IllegalStateException naming the field when the format has no value left for it
     */
    Object value(long index) {
      long j = index + upperBound(freeBefore, index);
      long[] digits = new long[codec.digits()];
      if (permutation == null) {
        long sequence = start + j;
        if (sequence < start) {
          throw exhausted(index, "the sequence passes " + Long.MAX_VALUE);
        }
        if (codec.isBareSequence() && integral) {
          return typed(sequence, index);
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(runKey, j, "key-digits"));
        for (int d = 0; d < digits.length; d++) {
          digits[d] = random.nextLong(codec.radix(d));
        }
        return typed(codec.write(digits, sequence), index);
      }
      long[] number = {0, j};
      if (j < 0 || !below(number, permutedSize)) {
        throw exhausted(index, "its " + permutedSize + " values are used up");
      }
      permutation.forward(number);
      long[] rest = number.clone();
      for (int d = codec.digits() - 1; d >= permutedFrom; d--) {
        digits[d] = divide(rest, codec.radix(d));
      }
      fillLeading(digits, number);
      return typed(codec.write(digits, -1), index);
    }

    private Object typed(Object value, long index) {
      if (!integral) {
        return value;
      }
      long number;
      try {
        number = value instanceof Long l ? l : Long.parseLong((String) value);
      } catch (NumberFormatException e) {
        throw exhausted(index, "its value " + value + " is beyond a long");
      }
      if (field.type() == FieldType.LONG) {
        return number;
      }
      if (number > Integer.MAX_VALUE) {
        throw exhausted(index, "its value " + number + " is beyond an int");
      }
      return (int) number;
    }

    private IllegalStateException exhausted(long index, String why) {
      return new IllegalStateException(
          "field '"
              + field.name()
              + "': key format '"
              + format
              + "' has no value left for sample index "
              + index
              + " ("
              + freeBefore.length
              + " values are the seed's, and "
              + why
              + "); widen the format or generate fewer samples");
    }
  }

  /** Digits before the permuted block, drawn from the permuted number so it fixes them. */
  private void fillLeading(long[] digits, long[] permuted) {
    if (permutedFrom == 0) {
      return;
    }
    SplittableRandom random =
        new SplittableRandom(Seeds.mix(permuted[0] ^ Seeds.mix(permuted[1] ^ FILL_SALT)));
    for (int d = 0; d < permutedFrom; d++) {
      digits[d] = random.nextLong(codec.radix(d));
    }
  }

  /** Number of entries of the ascending {@code values} that are <= {@code bound}. */
  private static int upperBound(long[] values, long bound) {
    int low = 0;
    int high = values.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (values[mid] <= bound) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static boolean below(long[] value, BigInteger size) {
    if (size.bitLength() > 127) {
      return true;
    }
    long sizeHigh = size.shiftRight(64).longValue();
    int high = Long.compareUnsigned(value[0], sizeHigh);
    return high < 0 || high == 0 && Long.compareUnsigned(value[1], size.longValue()) < 0;
  }

  /** Divides the 128-bit {@code value} by {@code radix} in place; returns the remainder. */
  static long divide(long[] value, long radix) {
    if ((radix & (radix - 1)) == 0) {
      int shift = Long.numberOfTrailingZeros(radix);
      long remainder = value[1] & (radix - 1);
      if (shift > 0) {
        value[1] = (value[1] >>> shift) | (value[0] << (64 - shift));
        value[0] >>>= shift;
      }
      return remainder;
    }
    if (value[0] == 0) {
      long remainder = Long.remainderUnsigned(value[1], radix);
      value[1] = Long.divideUnsigned(value[1], radix);
      return remainder;
    }
    if (radix < (1L << 31)) {
      // Long division in 32-bit steps: each partial dividend stays below radix x 2^32 < 2^63.
      long high = value[0] / radix;
      long carry = value[0] % radix;
      long middle = (carry << 32) | (value[1] >>> 32);
      long middleQuotient = middle / radix;
      carry = middle % radix;
      long low = (carry << 32) | (value[1] & 0xFFFFFFFFL);
      value[0] = high;
      value[1] = (middleQuotient << 32) | (low / radix);
      return low % radix;
    }
    BigInteger whole =
        new BigInteger(Long.toUnsignedString(value[0]))
            .shiftLeft(64)
            .or(new BigInteger(Long.toUnsignedString(value[1])));
    BigInteger[] quotient = whole.divideAndRemainder(BigInteger.valueOf(radix));
    value[0] = quotient[0].shiftRight(64).longValue();
    value[1] = quotient[0].longValue();
    return quotient[1].longValue();
  }
}
