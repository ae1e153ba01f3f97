package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldKey;
import ai.dataframer.beam.core.spec.FieldNames;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.KeyFormat;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a column is a key, and its {@link FieldKey}, from its {@link KeyShape}.
 *
 * <p>A STRING, INT or LONG column of at least {@value #MIN_VALUES} non-null values of which at
 * least 99% are distinct, or of at least {@value FieldNames#MIN_NAMED_ID_VALUES} all distinct
 * values when it is named as an id ({@link FieldNames#isIdName}), is a key when its values have a
 * learnable format:
 *
 * <ul>
 *   <li>UUIDs (8-4-4-4-12 hex, one version): {@code {uuid:V}}, or {@code {UUID:V}} in upper case;
 *   <li>one length: positions that never change stay literal; the others take the smallest class
 *       holding the characters seen (digits; letters of one or both cases; hex or alphanumerics
 *       when digits and letters mix), hex for a whole run of changing positions when the run's
 *       characters are hex, and {@code [1-9]} for the first digit of a number that was never 0. A
 *       last run of digits with everything else literal is a sequence when it is dense or has gaps
 *       (max - min + 1 <= {@value #SEQUENCE_WITH_GAPS_SPREAD} x values): {@code {seq:W}} (W = the
 *       padded width; 0 when not padded) starting after the seed's largest;
 *   <li>several lengths: only values that differ in the width of an unpadded last run of digits,
 *       between a fixed-width prefix and suffix: {@code {seq}} as above when the rest is literal,
 *       else {@code {number:LOW-HIGH}} covering the run's digit counts;
 *   <li>integers of at least 0: {@code {seq}} when dense (max - min + 1 <= 2 x values), or with
 *       gaps as above and spread evenly; when sparse and spread evenly over their range (ids, not
 *       measures), {@code {number:MIN-MAX}} of the seed's range, or when that is too small {@code
 *       {[1-9]}{digits:N}} or {@code {number:LOW-HIGH}} covering the seed's digit counts. Not epoch
 *       times, though unique and spread evenly too: a column named as a time ({@code created_at},
 *       {@code event_ts}), or whose values all lie in 2000-2100 as epoch seconds, milliseconds or
 *       microseconds and whose name is not an id's ({@code order_id}, {@code ref_no}). As a key it
 *       would be drawn evenly over its range and lose its dependence on the record's other times.
 * </ul>
 *
 * A random format whose space is under {@value #SPACE_PER_SEED_VALUE} x the seed's values is
 * widened (literal digits become digits, numbers get a digit) so runs do not exhaust it; one that
 * cannot be widened enough is no key. Words, names and e-mail addresses (many lengths, no digit
 * run) have no learnable format and are no keys.
 */
final class KeyLearning {
  static final int MIN_VALUES = 20;

  static final double MIN_DISTINCT_SHARE = 0.99;
  static final int SPACE_PER_SEED_VALUE = 10;

  /** Numbers are dense when their range is at most this many times their count. */
  static final int DENSE_SPREAD = 2;

  /**
   * Numbers after a literal prefix, or integers spread evenly, are a sequence with gaps (cancelled
   * or filtered rows) up to this spread: the bundled orders seed holds 41% of its id range. A
   * sequence never runs out, where a random format of the seed's width would in large runs.
   */
  static final int SEQUENCE_WITH_GAPS_SPREAD = 4;

  /**
   * Largest gap between a sparse integer column's deciles and those of an even spread over its
   * range, as a share of the range: ids are spread evenly, measures (amounts, sizes) are skewed.
   */
  static final double MAX_SPREAD_DEVIATION = 0.15;

  /** Name words that mark a time: the last word of {@code created_at}, {@code eventTs}. */
  private static final Set<String> TIME_WORDS =
      Set.of(
          "at",
          "ts",
          "time",
          "timestamp",
          "datetime",
          "date",
          "epoch",
          "seconds",
          "secs",
          "ms",
          "millis",
          "micros",
          "nanos",
          "when",
          "since",
          "until",
          "created",
          "updated",
          "modified");

  /** 2000-01-01 and 2100-01-01 in epoch seconds. */
  private static final long EPOCH_2000 = 946_684_800L;

  private static final long EPOCH_2100 = 4_102_444_800L;

  private static final String DIGITS = "digits";
  private static final String LEADING_DIGIT = "[1-9]";

  private KeyLearning() {}

  /** The column's key, or null when it is not one. */
  static FieldKey learn(ColumnProfile column, KeyShape shape) {
    long n = shape.values();
    // A small seed's column named as an id (docs/ARCHITECTURE.md, "Keys").
    boolean namedKey =
        n >= FieldNames.MIN_NAMED_ID_VALUES
            && shape.distinctShare() == 1.0
            && FieldNames.isIdName(column.name());
    if ((n < MIN_VALUES && !namedKey) || shape.distinctShare() < MIN_DISTINCT_SHARE) {
      return null;
    }
    FieldKey key;
    if (column.type() == FieldType.STRING) {
      if (shape.unstructured() || shape.lengths().isEmpty()) {
        return null;
      }
      key = shape.lengths().size() == 1 ? oneLength(shape, n) : runOfDigits(shape, n);
    } else {
      key = integers(column, shape, n);
    }
    // A learned key must pass the validator, or the whole inferred spec would be refused.
    boolean valid =
        key != null
            && KeyFormat.parse(key.format()).generationProblem(column.type(), key.start()) == null;
    return valid ? key : null;
  }

  private static FieldKey integers(ColumnProfile column, KeyShape shape, long n) {
    long typeMax = column.type() == FieldType.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
    long min = shape.min();
    long max = shape.max();
    if (min < 0 || isEpochTime(column.name(), min, max)) {
      return null;
    }
    boolean even = spreadEvenly(column, min, max);
    if (spansAtMost(DENSE_SPREAD, min, max, n)
        || even && spansAtMost(SEQUENCE_WITH_GAPS_SPREAD, min, max, n)) {
      return max < typeMax ? new FieldKey("{seq}", max + 1) : null;
    }
    if (!even) {
      return null;
    }
    // The seed's own range keeps the column's shape; its digit counts when that is too small.
    String seedRange = "{number:" + min + "-" + max + "}";
    if (roomy(seedRange, n)) {
      return new FieldKey(seedRange, null);
    }
    int fewest = digitCount(min);
    for (int most = digitCount(max); most <= digitCount(typeMax); most++) {
      String format = numberCover(fewest, most, min == 0, typeMax);
      if (roomy(format, n)) {
        return new FieldKey(format, null);
      }
    }
    return null;
  }

  /**
   * Whether a column of integers from {@code min} to {@code max} holds epoch times: its name's last
   * word is a time's, or its values lie in 2000-2100 as seconds, milliseconds or microseconds and
   * no word of its name is an id's.
   */
  static boolean isEpochTime(String name, long min, long max) {
    List<String> words = FieldNames.words(name);
    if (!words.isEmpty() && TIME_WORDS.contains(words.get(words.size() - 1))) {
      return true;
    }
    if (FieldNames.hasIdWord(name)) {
      return false;
    }
    for (long scale = 1; scale <= 1_000_000; scale *= 1000) {
      if (min >= EPOCH_2000 * scale && max <= EPOCH_2100 * scale) {
        return true;
      }
    }
    return false;
  }

  private static FieldKey oneLength(KeyShape shape, long n) {
    KeyShape.LengthShape only = shape.lengths().values().iterator().next();
    int length = only.length();
    String[] seen = new String[length];
    for (int i = 0; i < length; i++) {
      seen[i] = only.charsAt(i);
    }
    String uuid = uuid(seen);
    if (uuid != null) {
      return new FieldKey(uuid, null);
    }
    if (shape.withRun() == n
        && shape.runStartIsFixed()
        && shape.suffixIsFixed()
        && shape.widthMin() == shape.widthMax()
        && !shape.runTooLong()
        && spansAtMost(SEQUENCE_WITH_GAPS_SPREAD, shape.runMin(), shape.runMax(), n)) {
      int start = shape.runStart();
      int end = start + shape.widthMin();
      boolean restLiteral = true;
      for (int i = 0; i < length; i++) {
        restLiteral &= (i >= start && i < end) || seen[i].length() == 1;
      }
      if (restLiteral) {
        String sequence = shape.runLeadingZero() ? "{seq:" + shape.widthMin() + "}" : "{seq}";
        String format =
            literal(charsOf(seen, 0, start)) + sequence + literal(charsOf(seen, end, length));
        return new FieldKey(format, shape.runMax() + 1);
      }
    }
    List<String> positions = positions(seen, only.count());
    if (positions == null) {
      return null;
    }
    // Widen from the right: the last literal digits are the likeliest to be a number's top.
    for (int i = positions.size() - 1; ; i--) {
      String format = format(positions);
      if (roomy(format, n)) {
        return new FieldKey(format, null);
      }
      while (i >= 0 && !isLiteralDigit(positions.get(i))) {
        i--;
      }
      if (i < 0) {
        return null;
      }
      positions.set(i, DIGITS);
    }
  }

  private static FieldKey runOfDigits(KeyShape shape, long n) {
    if (shape.withRun() != n
        || !shape.runStartIsFixed()
        || !shape.suffixIsFixed()
        || shape.runTooLong()
        || shape.runLeadingZero()) {
      return null;
    }
    int prefixLength = shape.runStart();
    int suffixLength = shape.suffixLength();
    String[] prefix = new String[prefixLength];
    String[] suffix = new String[suffixLength];
    for (Map.Entry<Integer, KeyShape.LengthShape> entry : shape.lengths().entrySet()) {
      for (int i = 0; i < prefixLength; i++) {
        prefix[i] = union(prefix[i], entry.getValue().charsAt(i));
      }
      for (int i = 0; i < suffixLength; i++) {
        suffix[i] = union(suffix[i], entry.getValue().charsAt(entry.getKey() - suffixLength + i));
      }
    }
    List<String> before = positions(prefix, n);
    List<String> after = positions(suffix, n);
    if (before == null || after == null) {
      return null;
    }
    boolean literalAround =
        before.stream().allMatch(p -> p.length() == 1)
            && after.stream().allMatch(p -> p.length() == 1);
    if (literalAround
        && spansAtMost(SEQUENCE_WITH_GAPS_SPREAD, shape.runMin(), shape.runMax(), n)) {
      return new FieldKey(format(before) + "{seq}" + format(after), shape.runMax() + 1);
    }
    for (int most = shape.widthMax(); most <= KeyShape.MAX_RUN_DIGITS; most++) {
      String number =
          "{number:" + lowest(shape.widthMin(), true) + "-" + highest(most, Long.MAX_VALUE) + "}";
      String format = format(before) + number + format(after);
      if (roomy(format, n)) {
        return new FieldKey(format, null);
      }
    }
    return null;
  }

  /**
   * One entry per position: a single character (a literal) or a class name ({@code [1-9]} or a name
   * of {@link KeyFormat#CLASSES}); null when a changing position has no class (punctuation,
   * spaces).
   */
  private static List<String> positions(String[] seen, long values) {
    List<String> out = new ArrayList<>();
    for (String chars : seen) {
      String className = chars.length() == 1 ? chars : classOf(chars);
      if (className == null) {
        return null;
      }
      out.add(className);
    }
    // A run of changing positions whose characters are all hex is a hex id, even where one
    // position happened to show only digits.
    for (int start = 0; start < seen.length; ) {
      if (seen[start].length() == 1) {
        start++;
        continue;
      }
      int end = start;
      String chars = "";
      while (end < seen.length && seen[end].length() > 1) {
        chars = union(chars, seen[end++]);
      }
      String runClass = classOf(chars);
      if ("hex".equals(runClass) || "HEX".equals(runClass)) {
        for (int i = start; i < end; i++) {
          out.set(i, runClass);
        }
      }
      start = end;
    }
    for (int i = 0; i < seen.length; i++) {
      boolean startsNumber = i == 0 || !mayBeDigit(out.get(i - 1));
      if (values >= MIN_VALUES
          && startsNumber
          && DIGITS.equals(out.get(i))
          && seen[i].indexOf('0') < 0) {
        out.set(i, LEADING_DIGIT);
      }
    }
    return out;
  }

  /** The smallest class holding {@code chars}, letters-only classes for letters only; or null. */
  static String classOf(String chars) {
    boolean digits = false;
    boolean lower = false;
    boolean upper = false;
    boolean hexLower = true;
    boolean hexUpper = true;
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      if (KeyShape.isDigit(c)) {
        digits = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
        hexLower &= c <= 'f';
        hexUpper = false;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
        hexUpper &= c <= 'F';
        hexLower = false;
      } else {
        return null;
      }
    }
    if (!lower && !upper) {
      return digits ? "digits" : null;
    }
    if (!digits) {
      return lower && upper ? "letters" : lower ? "lower" : "upper";
    }
    if (lower && upper) {
      return "Alnum";
    }
    if (lower) {
      return hexLower ? "hex" : "alnum";
    }
    return hexUpper ? "HEX" : "ALNUM";
  }

  /** {@code {uuid:V}} or {@code {UUID:V}} when every position fits a UUID of one version. */
  private static String uuid(String[] seen) {
    if (seen.length != 36) {
      return null;
    }
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < 36; i++) {
      String chars = seen[i];
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (!chars.equals("-")) {
          return null;
        }
        continue;
      }
      for (int k = 0; k < chars.length(); k++) {
        char c = chars.charAt(k);
        lower |= c >= 'a' && c <= 'f';
        upper |= c >= 'A' && c <= 'F';
        if (!KeyShape.isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
          return null;
        }
      }
    }
    String version = seen[14];
    if (version.length() != 1 || version.charAt(0) < '1' || version.charAt(0) > '8') {
      return null;
    }
    if (!seen[19].chars().allMatch(c -> "89abAB".indexOf(c) >= 0)) {
      return null;
    }
    return (upper && !lower ? "{UUID:" : "{uuid:") + version + "}";
  }

  /**
   * A number format covering {@code fewest} to {@code most} digits, at most {@code typeMax}: {@code
   * {[1-9]}{digits:N}} when the count is one, else {@code {number:LOW-HIGH}}.
   */
  private static String numberCover(int fewest, int most, boolean zero, long typeMax) {
    boolean fits =
        BigInteger.TEN.pow(most).subtract(BigInteger.ONE).compareTo(BigInteger.valueOf(typeMax))
            <= 0;
    if (fewest == most && most >= 2 && fits) {
      return "{" + LEADING_DIGIT + "}{digits:" + (most - 1) + "}";
    }
    return "{number:" + lowest(fewest, zero) + "-" + highest(most, typeMax) + "}";
  }

  private static long lowest(int digits, boolean zero) {
    return digits == 1 ? (zero ? 0 : 1) : BigInteger.TEN.pow(digits - 1).longValueExact();
  }

  private static long highest(int digits, long typeMax) {
    BigInteger all = BigInteger.TEN.pow(digits).subtract(BigInteger.ONE);
    return all.min(BigInteger.valueOf(typeMax)).longValueExact();
  }

  private static boolean spreadEvenly(ColumnProfile column, long min, long max) {
    double range = (double) max - min;
    // Quantiles are doubles: near 2^63 they cannot resolve a range of a few thousand.
    double tolerance = Math.max(MAX_SPREAD_DEVIATION * range, 2 * Math.ulp((double) max));
    for (int decile = 1; decile <= 9; decile++) {
      double p = decile / 10.0;
      double even = min + p * range;
      if (Math.abs(column.quantile(p) - even) > tolerance) {
        return false;
      }
    }
    return true;
  }

  /** Whether max - min + 1 <= spread x n. */
  private static boolean spansAtMost(int spread, long min, long max, long n) {
    return BigInteger.valueOf(max)
            .subtract(BigInteger.valueOf(min))
            .add(BigInteger.ONE)
            .compareTo(BigInteger.valueOf(n).multiply(BigInteger.valueOf(spread)))
        <= 0;
  }

  private static boolean roomy(String format, long n) {
    BigInteger space = KeyFormat.parse(format).randomSpace();
    return space.compareTo(BigInteger.valueOf(n).multiply(BigInteger.valueOf(SPACE_PER_SEED_VALUE)))
        >= 0;
  }

  private static int digitCount(long value) {
    return Long.toString(value).length();
  }

  private static boolean isLiteralDigit(String position) {
    return position.length() == 1 && KeyShape.isDigit(position.charAt(0));
  }

  private static boolean mayBeDigit(String position) {
    if (position.length() == 1) {
      return KeyShape.isDigit(position.charAt(0));
    }
    String alphabet = KeyFormat.CLASSES.get(position);
    return alphabet == null || alphabet.indexOf('0') >= 0;
  }

  private static String charsOf(String[] seen, int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      out.append(seen[i]);
    }
    return out.toString();
  }

  private static String union(String a, String b) {
    if (a == null) {
      return b;
    }
    StringBuilder out = new StringBuilder(a);
    b.chars().filter(c -> a.indexOf(c) < 0).forEach(c -> out.append((char) c));
    char[] sorted = out.toString().toCharArray();
    Arrays.sort(sorted);
    return new String(sorted);
  }

  /** The format text of positions: literal runs escaped, equal classes merged as {class:N}. */
  private static String format(List<String> positions) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < positions.size()) {
      String position = positions.get(i);
      if (position.length() == 1) {
        out.append(literal(position));
        i++;
        continue;
      }
      int count = 0;
      while (i < positions.size() && positions.get(i).equals(position)) {
        count++;
        i++;
      }
      out.append('{').append(position).append(count > 1 ? ":" + count : "").append('}');
    }
    return out.toString();
  }

  private static String literal(String text) {
    return text.replace("{", "{{").replace("}", "}}");
  }
}
