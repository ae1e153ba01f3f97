package ai.dataframer.beam.core.spec;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads a property value bound to a record field: an exact value of the field's type, a range label
 * {@code "lo..hi"} for ordered types, or {@link RecordField#NULL_VALUE}.
 */
public final class PropertyValues {
  private static final String RANGE_SEPARATOR = "..";

  private PropertyValues() {}

  /** What a bound property value means for its field. */
  public sealed interface Parsed permits Exact, Range, Null {}

  /** An exact value, of the Java class that {@link FieldType} documents. */
  public record Exact(Object value) implements Parsed {}

  /** A range in the type's numeric space (epoch days for dates, epoch millis for timestamps). */
  public record Range(double low, double high) implements Parsed {}

  public record Null() implements Parsed {}

  /**
   * Parses {@code value} for a field of {@code type}.
   *
   * @throws IllegalArgumentException naming the value and what was expected
   */
  public static Parsed parse(String value, FieldType type) {
    if (RecordField.NULL_VALUE.equals(value)) {
      return new Null();
    }
    int separator = value.indexOf(RANGE_SEPARATOR);
    if (type.isOrdered() && separator > 0) {
      double low = toNumber(parseExact(value.substring(0, separator).trim(), type));
      double high = toNumber(parseExact(value.substring(separator + 2).trim(), type));
      if (low > high) {
        throw new IllegalArgumentException(
            "range '" + value + "' has its low end above its high end");
      }
      return new Range(low, high);
    }
    return new Exact(parseExact(value, type));
  }

  /** Parses the text form of one value of {@code type}. */
  public static Object parseExact(String text, FieldType type) {
    try {
      switch (type) {
        case BOOLEAN:
          if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
          }
          throw new IllegalArgumentException("'" + text + "' is not a boolean (true or false)");
        case INT:
          return Integer.parseInt(text);
        case LONG:
          return Long.parseLong(text);
        case FLOAT:
          return Float.parseFloat(text);
        case DOUBLE:
          return Double.parseDouble(text);
        case DECIMAL:
          return new BigDecimal(text);
        case DATE:
          return LocalDate.parse(text);
        case TIMESTAMP:
          return Instant.parse(text);
        case STRING:
          return text;
        default:
          throw new IllegalStateException("unhandled type " + type);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a valid " + type.yamlName() + " value", e);
    }
  }

  /** The numeric-space position of an ordered value. */
  public static double toNumber(Object value) {
    if (value instanceof LocalDate date) {
      return date.toEpochDay();
    }
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    throw new IllegalArgumentException(value + " is not an ordered value");
  }

  /** The value of {@code type} at numeric-space position {@code x} (rounded for integral types). */
  public static Object fromNumber(double x, FieldType type, Integer scale) {
    switch (type) {
      case INT:
        // Clamped: a cast of a rounded long would wrap around past the int range.
        return (int) TypeRange.roundWithin(type, x);
      case LONG:
        return TypeRange.roundWithin(type, x);
      case FLOAT:
        return (float) TypeRange.clamp(type, x);
      case DOUBLE:
        return TypeRange.clamp(type, x);
      case DECIMAL:
        BigDecimal decimal = BigDecimal.valueOf(TypeRange.clamp(type, x));
        return scale == null ? decimal : decimal.setScale(scale, java.math.RoundingMode.HALF_UP);
      case DATE:
        return LocalDate.ofEpochDay(TypeRange.roundWithin(type, x));
      case TIMESTAMP:
        return Instant.ofEpochMilli(TypeRange.roundWithin(type, x));
      default:
        throw new IllegalArgumentException(type.yamlName() + " is not an ordered type");
    }
  }

  /**
   * The text form of an ordered value at numeric-space position {@code x}, as used in range labels.
   */
  public static String format(double x, FieldType type, Integer scale) {
    Object value = fromNumber(x, type, scale);
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return value.toString();
  }
}
