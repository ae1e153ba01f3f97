package ai.dataframer.beam.core.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * New code-like strings (ids, codes, hex digests, UUIDs) from a character-class model of the seed
 * values: a seed value is chosen as the template, each digit, lower-case or upper-case letter is
 * replaced by a character of the same class seen at that position in the seed values, and other
 * characters (separators) stay. A prefix and a suffix shared by every seed value (such as "ORD-" or
 * "@example.com") are kept verbatim.
 *
 * <p>Drawing from the characters seen at the position, not from the whole class, keeps the
 * alphabet: hex ids stay hex and a UUID's version digit stays the version. A position with fewer
 * than {@value #MIN_CLASS_EVIDENCE} characters of a class seen there uses those seen anywhere in
 * the column, and a column with fewer than that the whole class, so that a handful of seed values
 * is mimicked rather than copied.
 */
public final class StringShape {
  /** Characters of a class seen before their set is taken as the class's alphabet there. */
  static final int MIN_CLASS_EVIDENCE = 30;

  private static final int DIGIT = 0;
  private static final int LOWER = 1;
  private static final int UPPER = 2;
  private static final char[][] WHOLE_CLASSES = {
    "0123456789".toCharArray(),
    "abcdefghijklmnopqrstuvwxyz".toCharArray(),
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()
  };

  private final List<String> examples;
  private final String prefix;
  private final String suffix;

  /** The characters a character of each class is drawn from, by position then class. */
  private final char[][][] alphabets;

  private StringShape(List<String> examples, String prefix, String suffix, char[][][] alphabets) {
    this.examples = examples;
    this.prefix = prefix;
    this.suffix = suffix;
    this.alphabets = alphabets;
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
    int longest = 0;
    for (String value : seedValues) {
      prefix = commonPrefix(prefix, value);
      suffix = commonSuffix(suffix, value);
      longest = Math.max(longest, value.length());
    }
    if (seedValues.stream().distinct().count() < 2) {
      // One distinct value shares everything with itself: keeping it would copy it, not mimic it.
      prefix = "";
      suffix = "";
    }
    return new StringShape(List.copyOf(seedValues), prefix, suffix, alphabets(seedValues, longest));
  }

  private static char[][][] alphabets(List<String> values, int longest) {
    boolean[][][] seen = new boolean[longest][3][];
    int[][] counts = new int[longest][3];
    boolean[][] seenInColumn = new boolean[3][];
    int[] columnCounts = new int[3];
    for (int c = 0; c < 3; c++) {
      seenInColumn[c] = new boolean[WHOLE_CLASSES[c].length];
      for (int i = 0; i < longest; i++) {
        seen[i][c] = new boolean[WHOLE_CLASSES[c].length];
      }
    }
    for (String value : values) {
      for (int i = 0; i < value.length(); i++) {
        char ch = value.charAt(i);
        int c = classOf(ch);
        if (c >= 0) {
          int k = ch - WHOLE_CLASSES[c][0];
          seen[i][c][k] = true;
          counts[i][c]++;
          seenInColumn[c][k] = true;
          columnCounts[c]++;
        }
      }
    }
    char[][] column = new char[3][];
    for (int c = 0; c < 3; c++) {
      column[c] =
          columnCounts[c] >= MIN_CLASS_EVIDENCE ? chosen(c, seenInColumn[c]) : WHOLE_CLASSES[c];
    }
    char[][][] out = new char[longest][3][];
    for (int i = 0; i < longest; i++) {
      for (int c = 0; c < 3; c++) {
        out[i][c] = counts[i][c] >= MIN_CLASS_EVIDENCE ? chosen(c, seen[i][c]) : column[c];
      }
    }
    return out;
  }

  private static char[] chosen(int c, boolean[] seen) {
    StringBuilder chars = new StringBuilder();
    for (int k = 0; k < seen.length; k++) {
      if (seen[k]) {
        chars.append(WHOLE_CLASSES[c][k]);
      }
    }
    return chars.toString().toCharArray();
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
      char c = example.charAt(i);
      int characterClass = classOf(c);
      if (characterClass < 0) {
        out.append(c);
      } else {
        char[] alphabet = alphabets[i][characterClass];
        out.append(alphabet[random.nextInt(alphabet.length)]);
      }
    }
    return out.append(example, suffixStart, example.length()).toString();
  }

  /** The class of an ASCII digit or letter; -1 for other characters, which stay as they are. */
  private static int classOf(char c) {
    if (c >= '0' && c <= '9') {
      return DIGIT;
    }
    if (c >= 'a' && c <= 'z') {
      return LOWER;
    }
    if (c >= 'A' && c <= 'Z') {
      return UPPER;
    }
    return -1;
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
