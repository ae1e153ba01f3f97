package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.record.RowRecords;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The text form of a core record value, shared by JSONL and CSV so both files read the same: dates
 * ISO (2024-01-31), timestamps ISO-8601 in UTC (2024-01-31T08:15:00.250Z), decimals in plain
 * notation, floating point as Java prints it (shortest form that round-trips).
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
    // Boolean, Integer, Long, Float, Double, String, LocalDate and Instant print as wanted.
    return value.toString();
  }

  /** Every column must have a core type; RowRecords names the offending column otherwise. */
  static void checkSchema(Schema schema) {
    RowRecords.coreTypes(schema);
  }
}
