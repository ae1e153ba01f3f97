package ai.dataframer.beam.core.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Record values put in comparable form, whatever Java class a reader gave them: an INT column read
 * as Long from one file and as Integer from another must still compare equal.
 */
final class Values {
  private Values() {}

  /**
   * A value equal to another's exactly when the two mean the same: numbers as decimals without
   * trailing zeros (so 5, 5L, 5.0 and 5.00 are one value), anything else as it is.
   */
  static Object canonical(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isNaN(number) || Double.isInfinite(number)) {
        return number;
      }
      return canonical(new BigDecimal(value.toString()));
    }
    if (value instanceof BigInteger integer) {
      return canonical(new BigDecimal(integer));
    }
    if (value instanceof Number number) {
      return canonical(BigDecimal.valueOf(number.longValue()));
    }
    return value;
  }

  /**
   * The value in the numeric space of ordered types (docs/ARCHITECTURE.md section 9): numbers as
   * they are, dates as epoch days, timestamps as epoch milliseconds.
   *
   * @throws IllegalArgumentException for a value of an unordered type, naming where it was
   */
  static double number(Object value, String where) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof LocalDate date) {
      return date.toEpochDay();
    }
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    throw new IllegalArgumentException(
        where
            + ": expected a number, date or timestamp, but was "
            + value.getClass().getSimpleName()
            + " '"
            + value
            + "'");
  }
}
