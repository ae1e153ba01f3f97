package ai.dataframer.beam.core.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * New strings shaped like seed values (ids, codes, names): a seed value is chosen and each digit is
 * replaced by a random digit and each letter by a random letter of the same case, while other
 * characters stay. A prefix and a suffix shared by every seed value (such as "ORD-" or
 * "@example.com") are kept verbatim, so the values look real but are new.
 */
public final class StringShape {
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private final List<String> examples;
  private final String prefix;
  private final String suffix;

  private StringShape(List<String> examples, String prefix, String suffix) {
    this.examples = examples;
    this.prefix = prefix;
    this.suffix = suffix;
  }

  /**
   * @throws IllegalArgumentException naming the field when there is no seed value to mimic
   */
  public static StringShape learn(String fieldName, List<String> seedValues) {
    if (seedValues.isEmpty()) {
      throw new IllegalArgumentException(
          "field '" + fieldName + "' is a string with no seed values to mimic and no text profile");
    }
    String prefix = seedValues.get(0);
    String suffix = seedValues.get(0);
    for (String value : seedValues) {
      prefix = commonPrefix(prefix, value);
      suffix = commonSuffix(suffix, value);
    }
    if (seedValues.stream().distinct().count() < 2) {
      // One distinct value shares everything with itself: keeping it would copy it, not mimic it.
      prefix = "";
      suffix = "";
    }
    return new StringShape(List.copyOf(seedValues), prefix, suffix);
  }

  public String prefix() {
    return prefix;
  }

  public String suffix() {
    return suffix;
  }

  public String generate(SplittableRandom random) {
    String example = examples.get(random.nextInt(examples.size()));
    // Prefix and suffix may overlap on a short value; the suffix then keeps only what follows the
    // prefix.
    int suffixStart = Math.max(prefix.length(), example.length() - suffix.length());
    StringBuilder out = new StringBuilder(example.length()).append(prefix);
    for (int i = prefix.length(); i < suffixStart; i++) {
      out.append(mimic(example.charAt(i), random));
    }
    return out.append(example, suffixStart, example.length()).toString();
  }

  private static char mimic(char c, SplittableRandom random) {
    if (c >= '0' && c <= '9') {
      return (char) ('0' + random.nextInt(10));
    }
    if (c >= 'a' && c <= 'z') {
      return LOWER.charAt(random.nextInt(LOWER.length()));
    }
    if (c >= 'A' && c <= 'Z') {
      return UPPER.charAt(random.nextInt(UPPER.length()));
    }
    return c;
  }

  private static String commonPrefix(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return a.substring(0, n);
  }

  private static String commonSuffix(String a, String b) {
    int n = 0;
    while (n < a.length()
        && n < b.length()
        && a.charAt(a.length() - 1 - n) == b.charAt(b.length() - 1 - n)) {
      n++;
    }
    return a.substring(a.length() - n);
  }
}
