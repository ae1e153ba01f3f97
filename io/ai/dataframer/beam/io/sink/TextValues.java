package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.record.RowRecords;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The text form of a core record value, shared by JSONL and CSV so both files read the same: dates
 * ISO (2024-01-31), timestamps ISO-8601 in UTC (2024-01-31T08:15:00.250Z), decimals in plain
 * notation, floating point in the shortest form that round-trips, in plain notation too: Java
 * prints an amount of 12,345,678.5 as 1.23456785E7, which spreadsheets and people read as text.
 */
final class TextValues {
  private TextValues() {}

  static String format(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      return plain(value.toString());
    }
    // Boolean, Integer, Long, Float, Double, String, LocalDate and Instant print as wanted.
    return value.toString();
  }

  /** "1.23456785E7" as "12345678.5", "1.0E-4" as "0.0001"; other forms as they are. */
  private static String plain(String shortest) {
    if (shortest.indexOf('E') < 0) {
      return shortest; // also NaN and Infinity, which no generated value is
    }
    return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
  }

  /** Every column must have a core type; RowRecords names the offending column otherwise. */
  static void checkSchema(Schema schema) {
    RowRecords.coreTypes(schema);
  }
}
