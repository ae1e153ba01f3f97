package ai.dataframer.beam.core.record;

import ai.dataframer.beam.core.plan.Seeds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * A 64-bit fingerprint of a record: equal records (same field names and values) get the same
 * fingerprint, so a generated record that is an exact copy of a seed record can be recognised
 * without keeping the seed records.
 *
 * <p>The canonical encoding lists the fields sorted by name, each as its name, a type tag and a
 * canonical text of the value. Sorting by name makes the fingerprint independent of column order: a
 * seed read with its schema order and a draft built in {@code record_fields} order are the same
 * record. Numbers are encoded by value class family, not Java class, so an INT16 seed column read
 * as Integer and a generated Integer agree; decimals drop trailing zeros, so 3.5 and 3.50 are the
 * same value.
 */
public final class RecordFingerprint {
  private RecordFingerprint() {}

  public static long of(Map<String, ?> record) {
    StringBuilder canonical = new StringBuilder();
    for (Map.Entry<String, ?> field : new TreeMap<>(record).entrySet()) {
      appendLengthPrefixed(canonical, field.getKey());
      appendLengthPrefixed(canonical, encode(field.getValue()));
    }
    return hash(canonical.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(Object value) {
    if (value == null) {
      return "n";
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return "i" + ((Number) value).longValue();
    }
    if (value instanceof Float || value instanceof Double) {
      return "f" + ((Number) value).doubleValue();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? "d0" : "d" + decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Boolean bool) {
      return "b" + bool;
    }
    if (value instanceof LocalDate date) {
      return "D" + date;
    }
    if (value instanceof Instant instant) {
      return "T" + instant;
    }
    if (value instanceof String text) {
      return "s" + text;
    }
    throw new IllegalArgumentException(
        "cannot fingerprint a value of " + value.getClass().getName() + ": " + value);
  }

  private static void appendLengthPrefixed(StringBuilder out, String text) {
    out.append(text.length()).append(':').append(text);
  }

  /** 64-bit hash of bytes: 8-byte little-endian words folded through the SplitMix64 finalizer. */
  private static long hash(byte[] bytes) {
    long h = Seeds.mix(0x2545F4914F6CDD1DL ^ bytes.length);
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      long word = 0;
      for (int b = 7; b >= 0; b--) {
        word = (word << 8) | (bytes[i + b] & 0xFFL);
      }
      h = Seeds.mix(h ^ word) + 0x9E3779B97F4A7C15L;
    }
    long tail = 0;
    for (int b = bytes.length - 1; b >= i; b--) {
      tail = (tail << 8) | (bytes[b] & 0xFFL);
    }
    return Seeds.mix(h ^ tail ^ 0xFF51AFD7ED558CCDL);
  }
}
