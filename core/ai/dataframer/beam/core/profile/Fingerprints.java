package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.plan.Seeds;
import java.util.Map;

/**
 * Stable 64-bit hashes of records and names, the same on every JVM and runner (no identity or
 * platform-dependent hash codes), so that sketches sample the same rows wherever they run.
 */
final class Fingerprints {
  private static final long START = 0x243F6A8885A308D3L;

  private Fingerprints() {}

  /** Hash of a whole record: column names and the text form of their values, in column order. */
  static long ofRecord(Map<String, Object> record) {
    long h = START;
    for (Map.Entry<String, Object> entry : record.entrySet()) {
      h = mix(h ^ ofText(entry.getKey()));
      Object value = entry.getValue();
      // Tag nulls apart from any text, including the string "null".
      h = mix(h ^ (value == null ? 0x5DEECE66DL : ofText(ColumnProfile.textOf(value)) + 1));
    }
    return h;
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
