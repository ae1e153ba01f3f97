package ai.dataframer.beam.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a column's name says about it: whether it names an identifier. Key learning and the
 * evaluation ask the same question, so a column learned as a key is also scored as one.
 */
public final class FieldNames {
  /**
   * All-distinct values enough for a column named as an id to be a key in a seed too small for the
   * statistical evidence key learning otherwise wants: as a category instead, a 5-row seed's 5
   * order ids were each copied into a fifth of the generated rows.
   */
  public static final int MIN_NAMED_ID_VALUES = 3;

  /** Name words that mark an identifier, whatever its values look like. */
  private static final Set<String> ID_WORDS =
      Set.of("id", "ids", "key", "no", "num", "number", "nr", "code", "ref", "sku", "uuid", "guid");

  private FieldNames() {}

  /**
   * Whether the name's last word is an id's: {@code order_id}, {@code customerKey}, {@code sku}.
   */
  public static boolean isIdName(String name) {
    List<String> words = words(name);
    return !words.isEmpty() && ID_WORDS.contains(words.get(words.size() - 1));
  }

  /** Whether any word of the name is an id's: {@code ref_no_created}. */
  public static boolean hasIdWord(String name) {
    return words(name).stream().anyMatch(ID_WORDS::contains);
  }

  /**
   * Whether {@code distinct} of {@code nonNull} values make a named id column: all distinct, at
   * least {@link #MIN_NAMED_ID_VALUES}, and {@link #isIdName}.
   */
  public static boolean isNamedIdColumn(String name, long nonNull, long distinct) {
    return nonNull >= MIN_NAMED_ID_VALUES && distinct == nonNull && isIdName(name);
  }

  /** A name's words in lower case: split at non-letters and digits and at lower-upper turns. */
  public static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    for (String word : name.split("[^A-Za-z]+|(?<=[a-z])(?=[A-Z])")) {
      if (!word.isEmpty()) {
        out.add(word.toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }
}
