package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.Seeds;
import java.math.BigInteger;

/**
 * A keyed permutation of [0, size), size up to 2^126: a balanced Feistel network over the smallest
 * even number of bits that holds size - 1, walked again while its output is out of range (cycle
 * walking keeps it a permutation of the range, and a walk takes under 4 steps on average since the
 * network's domain is under 4 x size). Distinct inputs give distinct outputs by construction, so
 * keys drawn through it never collide; being keyed, outputs look random.
 *
 * <p>Values are 128-bit, as a {@code long[2]} of {high, low} bits, changed in place.
 */
final class KeyPermutation {
  static final BigInteger MAX_SIZE = BigInteger.ONE.shiftLeft(126);
  private static final int ROUNDS = 6;

  private final long sizeHigh;
  private final long sizeLow;
  private final int half;
  private final long mask;
  private final long[] roundKeys = new long[ROUNDS];

  KeyPermutation(BigInteger size, long key) {
    if (size.signum() <= 0 || size.compareTo(MAX_SIZE) > 0) {
      throw new IllegalArgumentException("permutation size must be in [1, 2^126], but was " + size);
    }
    this.sizeHigh = size.shiftRight(64).longValue();
    this.sizeLow = size.longValue();
    int bits = Math.max(2, size.subtract(BigInteger.ONE).bitLength());
    this.half = (bits + 1) / 2;
    this.mask = half == 64 ? -1L : (1L << half) - 1;
    for (int r = 0; r < ROUNDS; r++) {
      roundKeys[r] = Seeds.derive(key, r, "key-permutation");
    }
  }

  /** Maps a value in [0, size) to its image, in place. */
  void forward(long[] value) {
    do {
      long right = value[1] & mask;
      long left = ((value[1] >>> half) | (value[0] << (64 - half))) & mask;
      for (int r = 0; r < ROUNDS; r++) {
        long next = left ^ (Seeds.mix(right ^ roundKeys[r]) & mask);
        left = right;
        right = next;
      }
      join(value, left, right);
    } while (!inRange(value));
  }

  /** Maps an image in [0, size) back to its value, in place. */
  void backward(long[] value) {
    do {
      long right = value[1] & mask;
      long left = ((value[1] >>> half) | (value[0] << (64 - half))) & mask;
      for (int r = ROUNDS - 1; r >= 0; r--) {
        long previous = right ^ (Seeds.mix(left ^ roundKeys[r]) & mask);
        right = left;
        left = previous;
      }
      join(value, left, right);
    } while (!inRange(value));
  }

  private void join(long[] value, long left, long right) {
    value[1] = (left << half) | right;
    value[0] = left >>> (64 - half);
  }

  private boolean inRange(long[] value) {
    int high = Long.compareUnsigned(value[0], sizeHigh);
    return high < 0 || high == 0 && Long.compareUnsigned(value[1], sizeLow) < 0;
  }
}
