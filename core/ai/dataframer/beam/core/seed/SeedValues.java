package ai.dataframer.beam.core.seed;

import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses seed text (CSV cells, JSON strings) into the core value classes of {@link FieldType}.
 *
 * <p>Timestamps are ISO-8601: an instant or offset date-time, or a local date-time taken as UTC; a
 * space is accepted in place of the {@code T} because that is how most databases export them.
 */
public final class SeedValues {
  private SeedValues() {}

  private static final Pattern DECIMAL_NUMBER =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  /**
   * Numbers as inference accepts them: no sign other than '-' and no leading zero, so codes such as
   * zip codes ("02134") stay strings instead of losing their zeros.
   */
  private static final Pattern CANONICAL_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

  private static final Pattern CANONICAL_DECIMAL =
      Pattern.compile("-?((0|[1-9][0-9]*)(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final int MAX_VALUE_IN_MESSAGE = 100;

  /**
   * How spreadsheets, databases and pandas write a missing value in text (pandas' default list,
   * less its oddities). In a column whose other values are numbers, booleans, dates or timestamps
   * they read as null; in a text column they stay text ("NA" may be Namibia).
   */
  private static final Set<String> NULL_TOKENS =
      Set.of("NULL", "null", "Null", "NA", "N/A", "n/a", "#N/A", "NaN", "nan", "None", "<NA>");

  /** yyyy-MM-dd with digits in every place, whatever the digits say. */
  private static final Pattern DATE_SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /** A date shape, then 'T' or a space and hh:mm, then anything (seconds, fraction, offset). */
  private static final Pattern TIMESTAMP_SHAPE =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*");

  /**
   * Inference takes a number with a larger power of ten (1e999999999) for text: a double would make
   * it infinite or zero, and a decimal would print a billion digits.
   */
  private static final int MAX_NUMBER_SCALE = 400;

  private static final String RANGE_OF_DOUBLE =
      "the range of a double (about +-1.8e308), which the profile needs";
  private static final String RANGE_OF_FLOAT = "the range of a float (about +-3.4e38)";

  /** The value of {@code text} as {@code type}, or an exception saying what was expected. */
  public static Object parse(String text, FieldType type) throws InvalidValueException {
    try {
      switch (type) {
        case STRING:
          return text;
        case BOOLEAN:
          if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
          }
          if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
          }
          throw invalid(text, "a boolean (true or false)");
        case INT:
          return Integer.parseInt(text);
        case LONG:
          return Long.parseLong(text);
        case FLOAT:
          requireDecimalNumber(text, "a float");
          return requireInRange(text, Float.parseFloat(text));
        case DOUBLE:
          requireDecimalNumber(text, "a double");
          double value = Double.parseDouble(text);
          if (Double.isInfinite(value)) {
            throw new InvalidValueException(beyondRange(text, type));
          }
          return value;
        case DECIMAL:
          return requireInRange(text, new BigDecimal(text));
        case DATE:
          return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        case TIMESTAMP:
          return parseTimestamp(text);
        default:
          throw new IllegalStateException("unhandled type " + type);
      }
    } catch (NumberFormatException | DateTimeException e) {
      throw invalid(text, article(type));
    }
  }

  /** True when inference may give a column of these values {@code type}; stricter than parse. */
  public static boolean looksLike(String text, FieldType type) {
    if (type == FieldType.LONG && !CANONICAL_INTEGER.matcher(text).matches()) {
      return false;
    }
    if (type == FieldType.DOUBLE
        && !(CANONICAL_DECIMAL.matcher(text).matches() && isModestNumber(new BigDecimal(text)))) {
      return false;
    }
    try {
      parse(text, type);
      return true;
    } catch (InvalidValueException e) {
      return false;
    }
  }

  /** True for "NULL", "N/A", "NaN" and the like: see {@link #NULL_TOKENS}. */
  public static boolean isNullToken(String text) {
    return NULL_TOKENS.contains(text);
  }

  /**
   * True for a value written as {@code type} (a date's or timestamp's digits in their places, a
   * number's digits) that is not one: {@code 2024-02-30}, {@code 2024-13-01T10:00:00}, {@code
   * 1e309}. Inference keeps such a column a date, timestamp or number column, so the bad value's
   * row is rejected with its reason: taken for text, one bad date made the whole column text, and
   * its digit-by-digit imitation gave dates such as {@code 2024-13-37} in most generated rows.
   */
  public static boolean isMalformed(String text, FieldType type) {
    if (type == FieldType.LONG || type == FieldType.DOUBLE || type == FieldType.DECIMAL) {
      Pattern shape = type == FieldType.LONG ? CANONICAL_INTEGER : CANONICAL_DECIMAL;
      return shape.matcher(text).matches() && overflowsDouble(new BigDecimal(text));
    }
    if (type == FieldType.DATE) {
      return DATE_SHAPE.matcher(text).matches() && !looksLike(text, type);
    }
    if (type == FieldType.TIMESTAMP) {
      return TIMESTAMP_SHAPE.matcher(text).matches() && !looksLike(text, type);
    }
    return false;
  }

  /**
   * True when a decimal number survives a trip through double: no digit lost, not out of range.
   * Inference keeps a column of numbers that would not (20-digit IDs, amounts with 18 significant
   * digits) exact, as DECIMAL.
   */
  public static boolean fitsDouble(String text) {
    BigDecimal exact;
    try {
      exact = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return false;
    }
    double approximate = exact.doubleValue();
    return !Double.isInfinite(approximate)
        && new BigDecimal(Double.toString(approximate)).compareTo(exact) == 0;
  }

  /** True for a number whose power of ten a double or a printed decimal can hold. */
  public static boolean isModestNumber(BigDecimal number) {
    return Math.abs(number.scale()) <= MAX_NUMBER_SCALE;
  }

  /** "a long", "a date (yyyy-MM-dd)", ...: how messages name what a column expects. */
  public static String article(FieldType type) {
    switch (type) {
      case INT:
        return "an int";
      case DATE:
        return "a date (yyyy-MM-dd)";
      case TIMESTAMP:
        return "a timestamp (ISO-8601)";
      case BOOLEAN:
        return "a boolean (true or false)";
      default:
        return "a " + type.yamlName();
    }
  }

  /** A value for an error message: quoted and cut short, so a huge cell cannot flood a reason. */
  public static String quote(String text) {
    String shown =
        text.length() <= MAX_VALUE_IN_MESSAGE
            ? text
            : text.substring(0, MAX_VALUE_IN_MESSAGE) + "...";
    return "'" + shown + "'";
  }

  private static Instant parseTimestamp(String text) {
    String iso =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    if (iso.length() <= 10) {
      throw new DateTimeException("no time part");
    }
    try {
      return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException withoutOffset) {
      return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .toInstant(ZoneOffset.UTC);
    }
  }

  /**
   * A number the profile cannot learn from is refused with its row: {@code 1e309} read as a double
   * is infinite, and the whole run used to fail in profiling without naming file or line.
   */
  private static float requireInRange(String text, float value) throws InvalidValueException {
    if (Float.isInfinite(value)) {
      throw new InvalidValueException(beyondRange(text, FieldType.FLOAT));
    }
    return value;
  }

  private static BigDecimal requireInRange(String text, BigDecimal value)
      throws InvalidValueException {
    if (overflowsDouble(value)) {
      throw new InvalidValueException(beyondRange(text, FieldType.DECIMAL));
    }
    return value;
  }

  /**
   * "'1e309' is beyond the range of a double (...)": how a number out of the profile's reach is
   * refused.
   */
  public static String beyondRange(String text, FieldType type) {
    return quote(text)
        + " is beyond "
        + (type == FieldType.FLOAT ? RANGE_OF_FLOAT : RANGE_OF_DOUBLE);
  }

  /** True for a number a double would make infinite (or that has an absurd power of ten). */
  public static boolean overflowsDouble(BigDecimal number) {
    // The scale is checked first: doubleValue() of 1e999999999 would take its time.
    return !isModestNumber(number) || Double.isInfinite(number.doubleValue());
  }

  private static void requireDecimalNumber(String text, String expected)
      throws InvalidValueException {
    if (!DECIMAL_NUMBER.matcher(text).matches()) {
      throw invalid(text, expected);
    }
  }

  private static InvalidValueException invalid(String text, String expected) {
    return new InvalidValueException(quote(text) + " is not " + expected);
  }

  /** A value that does not parse as the expected type; the message says which value and type. */
  public static final class InvalidValueException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidValueException(String message) {
      super(message);
    }
  }
}
