package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keys of synthetic records (docs/ARCHITECTURE.md section 9): a key column must hold no value twice
 * and no value of the seed, since a copied order id or customer id points at a real record; and a
 * string key must keep the seed's shape, so hex ids stay hex and UUIDs stay UUIDs.
 */
public final class KeyCheck {
  /** Fewer non-null seed values than this say nothing about a column being unique by design. */
  public static final int MIN_SEED_VALUES_FOR_UNIQUE = 20;

  /** Strings of this many words per value on average are text, unique by nature, not keys. */
  private static final double FREE_TEXT_MEAN_WORDS = 3.0;

  private KeyCheck() {}

  /**
   * How one key column of the synthetic records fares.
   *
   * @param column the column
   * @param reason why it is checked as a key: "spec key", "unique in the seed", or the caller's
   * @param values non-null synthetic values
   * @param duplicates synthetic values equal to an earlier synthetic value
   * @param seedCopies synthetic values equal to some seed value
   * @param shapeMismatches synthetic strings with a character no seed value has, or a length
   *     outside the seed's shortest to longest
   * @param shapeExample the first of those, or null when none
   */
  public record KeyColumn(
      String column,
      String reason,
      long values,
      long duplicates,
      long seedCopies,
      long shapeMismatches,
      String shapeExample) {}

  /**
   * The key columns of a spec and seed, with the reason: fields the spec marks {@code key}, then,
   * as a fallback for keys the spec does not know, string and integer columns whose non-null seed
   * values are all distinct (at least {@value #MIN_SEED_VALUES_FOR_UNIQUE} of them). Free text
   * (three or more words per value on average) and fractional numbers and timestamps are unique by
   * nature, not by design, and are left out.
   */
  public static Map<String, String> keyColumns(
      List<RecordField> fields, List<Map<String, Object>> seed) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (RecordField field : fields) {
      if (field.isKey()) {
        keys.put(field.name(), "spec key");
      } else if (couldBeKey(field.type()) && isUniqueIdentifier(field.name(), seed)) {
        keys.put(field.name(), "unique in the seed");
      }
    }
    return keys;
  }

  /**
   * Duplicates, seed copies and shape mismatches among the synthetic values of {@code column};
   * nulls are skipped. Shape is checked for strings only: numbers have no alphabet to lose.
   */
  public static KeyColumn check(
      String column,
      String reason,
      List<Map<String, Object>> seed,
      List<Map<String, Object>> synthetic) {
    Set<Object> seedValues = new HashSet<>();
    Set<Integer> alphabet = new HashSet<>();
    int shortest = Integer.MAX_VALUE;
    int longest = 0;
    for (Map<String, Object> record : seed) {
      Object value = record.get(column);
      if (value != null) {
        seedValues.add(Values.canonical(value));
      }
      if (value instanceof String text) {
        text.codePoints().forEach(alphabet::add);
        shortest = Math.min(shortest, text.length());
        longest = Math.max(longest, text.length());
      }
    }
    Set<Object> seen = new HashSet<>();
    long values = 0;
    long duplicates = 0;
    long copies = 0;
    long shapeMismatches = 0;
    String shapeExample = null;
    for (Map<String, Object> record : synthetic) {
      Object value = record.get(column);
      if (value == null) {
        continue;
      }
      Object canonical = Values.canonical(value);
      values++;
      if (!seen.add(canonical)) {
        duplicates++;
      }
      if (seedValues.contains(canonical)) {
        copies++;
      }
      if (value instanceof String text
          && longest > 0
          && (text.length() < shortest
              || text.length() > longest
              || !text.codePoints().allMatch(alphabet::contains))) {
        shapeMismatches++;
        shapeExample = shapeExample == null ? text : shapeExample;
      }
    }
    return new KeyColumn(column, reason, values, duplicates, copies, shapeMismatches, shapeExample);
  }

  private static boolean couldBeKey(FieldType type) {
    return type == FieldType.STRING || type == FieldType.INT || type == FieldType.LONG;
  }

  private static boolean isUniqueIdentifier(String column, List<Map<String, Object>> seed) {
    Set<Object> distinct = new HashSet<>();
    long words = 0;
    for (Map<String, Object> record : seed) {
      Object value = record.get(column);
      if (value == null) {
        continue;
      }
      if (!distinct.add(Values.canonical(value))) {
        return false;
      }
      if (value instanceof String text) {
        words += text.isBlank() ? 0 : text.trim().split("\\s+").length;
      }
    }
    return distinct.size() >= MIN_SEED_VALUES_FOR_UNIQUE
        && words < FREE_TEXT_MEAN_WORDS * distinct.size();
  }
}
