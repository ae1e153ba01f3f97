package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.KeyFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key format's values as digits: each character of a {@code {class:N}} or {@code [set]} segment
 * is a digit whose radix is the alphabet's size, a {@code {number}} is one digit, a UUID two (its
 * 60 and 62 random bits); {@code {seq}} is not a digit but the sequence number beside them. Digits
 * are in text order, the last the least significant. Reading a text back (seed values) is by a
 * regular expression of the format, so with at most one segment of varying width ({@link
 * KeyFormat#generationProblem}) a text has one reading.
 */
final class KeyCodec {
  private static final long UUID_HIGH_RADIX = 1L << 60;
  private static final long UUID_LOW_RADIX = 1L << 62;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final List<KeyFormat.Segment> segments;
  private final long[] radices;
  private final Pattern pattern;

  /** Characters of every value when no segment varies in width, else -1. */
  private final int fixedWidth;

  KeyCodec(KeyFormat format) {
    this.segments = format.segments();
    List<Long> radixList = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    int width = 0;
    boolean varies = false;
    for (KeyFormat.Segment segment : segments) {
      varies |= KeyFormat.variesInWidth(segment);
      if (segment instanceof KeyFormat.Literal literal) {
        regex.append(Pattern.quote(literal.text()));
        width += literal.text().length();
      } else if (segment instanceof KeyFormat.Chars chars) {
        for (int i = 0; i < chars.count(); i++) {
          radixList.add((long) chars.alphabet().length());
        }
        regex.append("([").append(escapedSet(chars.alphabet())).append("]{").append(chars.count());
        regex.append("})");
        width += chars.count();
      } else if (segment instanceof KeyFormat.Number number) {
        radixList.add(numberRadix(format, number));
        regex.append("(-?[0-9]+)");
        width += Long.toString(number.low()).length();
      } else if (segment instanceof KeyFormat.Uuid) {
        radixList.add(UUID_HIGH_RADIX);
        radixList.add(UUID_LOW_RADIX);
        regex.append(
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");
        width += 36;
      } else {
        regex.append("([0-9]+)");
      }
    }
    this.radices = radixList.stream().mapToLong(Long::longValue).toArray();
    this.pattern = Pattern.compile(regex.toString());
    this.fixedWidth = varies ? -1 : width;
  }

  /** Number of digits. */
  int digits() {
    return radices.length;
  }

  long radix(int digit) {
    return radices[digit];
  }

  boolean hasSequence() {
    return segments.stream().anyMatch(s -> s instanceof KeyFormat.Sequence);
  }

  /** The only segment is {@code {seq}}: the value is the sequence number itself. */
  boolean isBareSequence() {
    return segments.size() == 1 && segments.get(0) instanceof KeyFormat.Sequence;
  }

  /** Characters of every value when no segment varies in width, else -1. */
  int fixedWidth() {
    return fixedWidth;
  }

  /**
   * The digits of {@code text}, and in the last slot its sequence number (-1 without {@code
   * {seq}}); null when the format cannot write the text, so no key can equal it.
   */
  long[] read(String text) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.matches()) {
      return null;
    }
    long[] out = new long[radices.length + 1];
    out[radices.length] = -1;
    int digit = 0;
    int group = 1;
    for (KeyFormat.Segment segment : segments) {
      if (segment instanceof KeyFormat.Literal) {
        continue;
      }
      String part = matcher.group(group++);
      if (segment instanceof KeyFormat.Chars chars) {
        for (int i = 0; i < part.length(); i++) {
          out[digit++] = chars.alphabet().indexOf(part.charAt(i));
        }
      } else if (segment instanceof KeyFormat.Number number) {
        Long value = parseLong(part);
        if (value == null
            || value < number.low()
            || value > number.high()
            || !Long.toString(value).equals(part)) {
          return null;
        }
        out[digit++] = value - number.low();
      } else if (segment instanceof KeyFormat.Uuid uuid) {
        UUID parsed = UUID.fromString(part);
        if (parsed.version() != uuid.version() || parsed.variant() != 2) {
          return null;
        }
        long msb = parsed.getMostSignificantBits();
        out[digit++] = (msb >>> 16) << 12 | (msb & 0xFFF);
        out[digit++] = parsed.getLeastSignificantBits() & (UUID_LOW_RADIX - 1);
      } else {
        KeyFormat.Sequence sequence = (KeyFormat.Sequence) segment;
        Long value = parseLong(part);
        if (value == null || !pad(value, sequence.width()).equals(part)) {
          return null;
        }
        out[radices.length] = value;
      }
    }
    return out;
  }

  /** The text of the digits and sequence number (ignored without {@code {seq}}). */
  String write(long[] digits, long sequence) {
    StringBuilder out = new StringBuilder(fixedWidth > 0 ? fixedWidth : 24);
    int digit = 0;
    for (KeyFormat.Segment segment : segments) {
      if (segment instanceof KeyFormat.Literal literal) {
        out.append(literal.text());
      } else if (segment instanceof KeyFormat.Chars chars) {
        for (int i = 0; i < chars.count(); i++) {
          out.append(chars.alphabet().charAt((int) digits[digit++]));
        }
      } else if (segment instanceof KeyFormat.Number number) {
        out.append(number.low() + digits[digit++]);
      } else if (segment instanceof KeyFormat.Uuid uuid) {
        long high = digits[digit++];
        long low = digits[digit++];
        long msb = (high >>> 12) << 16 | (long) uuid.version() << 12 | (high & 0xFFF);
        long lsb = low | Long.MIN_VALUE;
        appendUuid(out, msb, lsb, uuid.upperCase());
      } else {
        out.append(pad(sequence, ((KeyFormat.Sequence) segment).width()));
      }
    }
    return out.toString();
  }

  private static void appendUuid(StringBuilder out, long msb, long lsb, boolean upperCase) {
    int start = out.length();
    hex(out, msb >>> 32, 8);
    out.append('-');
    hex(out, msb >>> 16, 4);
    out.append('-');
    hex(out, msb, 4);
    out.append('-');
    hex(out, lsb >>> 48, 4);
    out.append('-');
    hex(out, lsb, 12);
    if (upperCase) {
      for (int i = start; i < out.length(); i++) {
        out.setCharAt(i, Character.toUpperCase(out.charAt(i)));
      }
    }
  }

  private static void hex(StringBuilder out, long value, int count) {
    for (int shift = 4 * (count - 1); shift >= 0; shift -= 4) {
      out.append(HEX[(int) (value >>> shift) & 0xF]);
    }
  }

  static String pad(long value, int width) {
    String digits = Long.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  private static long numberRadix(KeyFormat format, KeyFormat.Number number) {
    try {
      return Math.addExact(Math.subtractExact(number.high(), number.low()), 1);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "key format '"
              + format
              + "': {number:"
              + number.low()
              + "-"
              + number.high()
              + "} spans more values than a key can number; narrow it");
    }
  }

  private static Long parseLong(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String escapedSet(String alphabet) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < alphabet.length(); i++) {
      char c = alphabet.charAt(i);
      if ("\\[]^-&".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
