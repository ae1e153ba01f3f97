package ai.dataframer.beam.core.spec;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The format of a key field's values: literal text with segments in braces.
 *
 * <ul>
 *   <li>{@code {digits:N}}, {@code {hex:N}}, {@code {HEX:N}}, {@code {lower:N}}, {@code {upper:N}},
 *       {@code {letters:N}}, {@code {alnum:N}} (lower case and digits), {@code {ALNUM:N}}, {@code
 *       {Alnum:N}}: N characters of the class (N defaults to 1);
 *   <li>{@code {[chars]:N}}: N characters of a set, with ranges such as {@code [1-9]} or {@code
 *       [89ab]};
 *   <li>{@code {seq}} or {@code {seq:W}}: the key's {@code start} plus the sample index,
 *       zero-padded to W digits (at most one per format);
 *   <li>{@code {number:LOW-HIGH}}: a whole number from LOW to HIGH, not padded;
 *   <li>{@code {uuid:V}} or {@code {UUID:V}}: a version-V UUID (RFC 9562 variant) in lower or upper
 *       case hex;
 *   <li>{@code {{} and {@code }}} are literal braces.
 * </ul>
 */
public final class KeyFormat implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Character classes by name. */
  public static final Map<String, String> CLASSES = new LinkedHashMap<>();

  static {
    String digits = "0123456789";
    String lower = "abcdefghijklmnopqrstuvwxyz";
    String upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    CLASSES.put("digits", digits);
    CLASSES.put("hex", digits + "abcdef");
    CLASSES.put("HEX", digits + "ABCDEF");
    CLASSES.put("lower", lower);
    CLASSES.put("upper", upper);
    CLASSES.put("letters", upper + lower);
    CLASSES.put("alnum", digits + lower);
    CLASSES.put("ALNUM", digits + upper);
    CLASSES.put("Alnum", digits + upper + lower);
  }

  /** One part of a format. */
  public sealed interface Segment extends Serializable
      permits Literal, Chars, Sequence, Number, Uuid {}

  /** Text written as is. */
  public record Literal(String text) implements Segment {}

  /** {@code count} characters, each from {@code alphabet} (distinct characters, in order). */
  public record Chars(String alphabet, int count) implements Segment {}

  /** The sequence number, zero-padded to {@code width} digits (0: not padded). */
  public record Sequence(int width) implements Segment {}

  /** A whole number in [low, high]. */
  public record Number(long low, long high) implements Segment {}

  /** A UUID of the version, in upper case hex when {@code upperCase}. */
  public record Uuid(int version, boolean upperCase) implements Segment {}

  private final String text;
  private final List<Segment> segments;

  private KeyFormat(String text, List<Segment> segments) {
    this.text = text;
    this.segments = List.copyOf(segments);
  }

  /**
   * @throws IllegalArgumentException saying where the format is wrong and what was expected
   */
  public static KeyFormat parse(String format) {
    if (format == null || format.isEmpty()) {
      throw new IllegalArgumentException("the key format is empty");
    }
    List<Segment> segments = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c == '{' && i + 1 < format.length() && format.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < format.length() && format.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
      } else if (c == '}') {
        throw new IllegalArgumentException(
            "key format '" + format + "' has an unmatched '}' at position " + (i + 1));
      } else if (c == '{') {
        int end = closingBrace(format, i);
        if (literal.length() > 0) {
          segments.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        segments.add(segment(format, format.substring(i + 1, end), i + 1));
        i = end + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      segments.add(new Literal(literal.toString()));
    }
    long sequences = segments.stream().filter(s -> s instanceof Sequence).count();
    if (sequences > 1) {
      throw new IllegalArgumentException(
          "key format '"
              + format
              + "' has "
              + sequences
              + " {seq} segments; at most one is allowed");
    }
    if (segments.stream().allMatch(s -> s instanceof Literal)) {
      throw new IllegalArgumentException(
          "key format '"
              + format
              + "' has no segment in braces, so every value would be the same; expected e.g."
              + " 'ORD-{seq:6}' or '{hex:16}'");
    }
    return new KeyFormat(format, segments);
  }

  public List<Segment> segments() {
    return segments;
  }

  public boolean hasSequence() {
    return segments.stream().anyMatch(s -> s instanceof Sequence);
  }

  /** True when every value is a string of ASCII digits, so an integer field can hold it. */
  public boolean isNumeric() {
    for (Segment segment : segments) {
      boolean digitsOnly;
      if (segment instanceof Literal literal) {
        digitsOnly = allDigits(literal.text());
      } else if (segment instanceof Chars chars) {
        digitsOnly = allDigits(chars.alphabet());
      } else if (segment instanceof Number number) {
        digitsOnly = number.low() >= 0;
      } else {
        digitsOnly = segment instanceof Sequence;
      }
      if (!digitsOnly) {
        return false;
      }
    }
    return true;
  }

  /** How many values the segments other than {@code {seq}} can take. */
  public BigInteger randomSpace() {
    BigInteger size = BigInteger.ONE;
    for (Segment segment : segments) {
      if (segment instanceof Chars chars) {
        size = size.multiply(BigInteger.valueOf(chars.alphabet().length()).pow(chars.count()));
      } else if (segment instanceof Number number) {
        size =
            size.multiply(
                BigInteger.valueOf(number.high())
                    .subtract(BigInteger.valueOf(number.low()))
                    .add(BigInteger.ONE));
      } else if (segment instanceof Uuid) {
        size = size.shiftLeft(122);
      }
    }
    return size;
  }

  /**
   * Why values of this format cannot be generated unique for a field of {@code type}, or null when
   * they can: with two segments of varying width ({@code {seq}}, or a {@code {number}} whose bounds
   * differ in digits) one text has two readings, such as "123" = 1|23 = 12|3; an integer that may
   * start with 0 reads like a shorter one ("0123" = 123); an integer field must hold the largest
   * value.
   *
   * @param start the key's start, for a format with {@code {seq}}
   */
  public String generationProblem(FieldType type, Long start) {
    long varying = segments.stream().filter(KeyFormat::variesInWidth).count();
    if (varying > 1) {
      return "has "
          + varying
          + " segments of varying width ({seq}, or {number} with bounds of different lengths),"
          + " so one value could be written by two different keys; keep one";
    }
    if (type != FieldType.INT && type != FieldType.LONG || !isNumeric()) {
      return null;
    }
    if (varying == 1 && segments.size() > 1 && mayStartWithZero(segments.get(0), start)) {
      return "may write a leading 0 before a part of varying width, so two keys could be one"
          + " number (0123 = 123); start it with a digit from 1 to 9";
    }
    if (!hasSequence()) {
      StringBuilder largest = new StringBuilder();
      for (Segment segment : segments) {
        if (segment instanceof Literal literal) {
          largest.append(literal.text());
        } else if (segment instanceof Chars chars) {
          char top = (char) chars.alphabet().chars().max().orElse('0');
          largest.append(String.valueOf(top).repeat(chars.count()));
        } else if (segment instanceof Number number) {
          largest.append(number.high());
        }
      }
      BigInteger max = new BigInteger(largest.toString());
      long typeMax = type == FieldType.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
      if (max.compareTo(BigInteger.valueOf(typeMax)) > 0) {
        return "writes values up to "
            + max
            + ", more than a "
            + type.yamlName()
            + " holds ("
            + typeMax
            + ")";
      }
    }
    return null;
  }

  /** Whether the segment's values differ in length: {@code {seq}} and some {@code {number}}s. */
  public static boolean variesInWidth(Segment segment) {
    if (segment instanceof Sequence) {
      return true;
    }
    return segment instanceof Number number
        && Long.toString(number.low()).length() != Long.toString(number.high()).length();
  }

  private static boolean mayStartWithZero(Segment first, Long start) {
    if (first instanceof Literal literal) {
      return literal.text().startsWith("0");
    }
    if (first instanceof Chars chars) {
      return chars.alphabet().indexOf('0') >= 0;
    }
    if (first instanceof Number number) {
      return number.low() <= 0;
    }
    if (first instanceof Sequence sequence) {
      return sequence.width() > 1 || start == null || start == 0;
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyFormat f && f.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  private static boolean allDigits(String text) {
    return text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static int closingBrace(String format, int open) {
    int end = format.indexOf('}', open + 1);
    // A set may itself hold a '}' only as its last member before "]".
    int bracket = format.indexOf('[', open + 1);
    if (bracket == open + 1) {
      int setEnd = format.indexOf(']', bracket + 1);
      if (setEnd > 0) {
        end = format.indexOf('}', setEnd);
      }
    }
    if (end < 0) {
      throw new IllegalArgumentException(
          "key format '" + format + "' has an unclosed '{' at position " + (open + 1));
    }
    return end;
  }

  private static Segment segment(String format, String body, int position) {
    String where = "key format '" + format + "' segment {" + body + "} at position " + position;
    String name = body;
    String argument = null;
    int colon = body.startsWith("[") ? body.indexOf(':', body.indexOf(']') + 1) : body.indexOf(':');
    if (colon >= 0) {
      name = body.substring(0, colon);
      argument = body.substring(colon + 1);
    }
    if (name.startsWith("[")) {
      if (!name.endsWith("]") || name.length() < 3) {
        throw new IllegalArgumentException(where + ": a set is written [chars], e.g. [1-9]");
      }
      return new Chars(set(name.substring(1, name.length() - 1), where), count(argument, where));
    }
    if (CLASSES.containsKey(name)) {
      return new Chars(CLASSES.get(name), count(argument, where));
    }
    switch (name) {
      case "seq":
        return new Sequence(argument == null ? 0 : whole(argument, where, 0, 30));
      case "number":
        return number(argument, where);
      case "uuid":
      case "UUID":
        return new Uuid(argument == null ? 4 : whole(argument, where, 1, 8), name.equals("UUID"));
      default:
        throw new IllegalArgumentException(
            where
                + ": unknown segment '"
                + name
                + "', expected one of "
                + String.join(", ", CLASSES.keySet())
                + ", [chars], seq, number, uuid, UUID");
    }
  }

  private static int count(String argument, String where) {
    return argument == null ? 1 : whole(argument, where, 1, 64);
  }

  private static int whole(String text, String where, int min, int max) {
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        where
            + ": expected a whole number from "
            + min
            + " to "
            + max
            + ", but was '"
            + text
            + "'");
  }

  private static Number number(String argument, String where) {
    int dash = argument == null ? -1 : argument.indexOf('-', 1);
    if (dash < 0) {
      throw new IllegalArgumentException(where + ": a number is written {number:LOW-HIGH}");
    }
    try {
      long low = Long.parseLong(argument.substring(0, dash).strip());
      long high = Long.parseLong(argument.substring(dash + 1).strip());
      if (low <= high) {
        return new Number(low, high);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        where + ": expected LOW-HIGH with whole numbers LOW <= HIGH, but was '" + argument + "'");
  }

  private static String set(String members, String where) {
    StringBuilder alphabet = new StringBuilder();
    for (int i = 0; i < members.length(); i++) {
      char from = members.charAt(i);
      char to = from;
      if (i + 2 < members.length() && members.charAt(i + 1) == '-') {
        to = members.charAt(i + 2);
        i += 2;
      }
      if (to < from) {
        throw new IllegalArgumentException(where + ": range " + from + "-" + to + " is reversed");
      }
      for (char c = from; c <= to; c++) {
        if (alphabet.indexOf(String.valueOf(c)) < 0) {
          alphabet.append(c);
        }
      }
    }
    return alphabet.toString();
  }
}
