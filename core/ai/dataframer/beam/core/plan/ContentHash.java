package ai.dataframer.beam.core.plan;

/**
 * A fixed 64-bit hash of bytes, the same in every JVM and run (unlike {@code Arrays.hashCode}, only
 * 32 bits, or {@code String.hashCode}). Used to pick seed examples independently of input order.
 */
public final class ContentHash {
  private ContentHash() {}

  public static long of(byte[] bytes) {
    long h = Seeds.mix(0x243F6A8885A308D3L ^ bytes.length);
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      h = Seeds.mix(h ^ littleEndianLong(bytes, i)) * 0x9E3779B97F4A7C15L;
    }
    long tail = 0;
    for (int shift = 0; i < bytes.length; i++, shift += 8) {
      tail |= (bytes[i] & 0xFFL) << shift;
    }
    return Seeds.mix(h ^ tail ^ 0x13198A2E03707344L);
  }

  private static long littleEndianLong(byte[] bytes, int offset) {
    long value = 0;
    for (int b = 7; b >= 0; b--) {
      value = (value << 8) | (bytes[offset + b] & 0xFFL);
    }
    return value;
  }
}
