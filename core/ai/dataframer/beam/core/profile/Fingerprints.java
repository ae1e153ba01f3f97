package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.plan.Seeds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Stable 64-bit hashes of records and names, the same on every JVM and runner (no identity or
 * platform-dependent hash codes), so that sketches sample the same rows wherever they run.
 */
final class Fingerprints {
  private static final long START = 0x243F6A8885A308D3L;

  private Fingerprints() {}

  /** Hash of a whole record: column names and their values, in column order. */
  static long ofRecord(Map<String, Object> record) {
    long h = START;
    for (Map.Entry<String, Object> entry : record.entrySet()) {
      h = mix(h ^ ofText(entry.getKey()));
      Object value = entry.getValue();
      // Tag nulls apart from any text, including the string "null".
      h = mix(h ^ (value == null ? 0x5DEECE66DL : ofValue(value) + 1));
    }
    return h;
  }

  // Hashes the value itself rather than its text: formatting a double costs more than profiling it.
  private static long ofValue(Object value) {
    if (value instanceof Double d) {
      return mix(Double.doubleToLongBits(d));
    }
    if (value instanceof Float f) {
      return mix(Float.floatToIntBits(f));
    }
    if (value instanceof Integer || value instanceof Long) {
      return mix(((Number) value).longValue());
    }
    if (value instanceof LocalDate date) {
      return mix(date.toEpochDay());
    }
    if (value instanceof Instant instant) {
      return mix(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
    }
    return ofText(ColumnProfile.textOf(value));
  }

  static long ofText(String text) {
    long h = 1125899906842597L;
    for (int i = 0; i < text.length(); i++) {
      h = 31 * h + text.charAt(i);
    }
    return mix(h ^ text.length());
  }

  static long mix(long z) {
    return Seeds.mix(z);
  }
}
