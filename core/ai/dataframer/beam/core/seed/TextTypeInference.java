package ai.dataframer.beam.core.seed;

import ai.dataframer.beam.core.spec.FieldType;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Infers column types from text values (CSV cells): each column starts as any of long, double,
 * boolean, date and timestamp, and every non-null value removes the types it does not parse as. The
 * first type left in that order wins; a column with none left, or with no values at all, is a
 * string. A number column with a value that a double cannot hold exactly (an integer beyond long,
 * more than 17 significant digits) is DECIMAL instead of double: rounding would merge distinct IDs
 * and change amounts. A malformed date or timestamp ({@link SeedValues#isMalformed}) does not take
 * the type away from a column with valid ones: its row is rejected when the seed is read. Null
 * tokens ({@link SeedValues#isNullToken}: "NULL", "N/A", "NaN") say nothing about the type, and
 * read as null in a column that is not text.
 */
public final class TextTypeInference {
  private static final List<FieldType> CANDIDATES =
      List.of(
          FieldType.LONG, FieldType.DOUBLE, FieldType.BOOLEAN, FieldType.DATE, FieldType.TIMESTAMP);

  private final Map<String, EnumSet<FieldType>> candidates = new LinkedHashMap<>();
  private final Map<String, Boolean> sawValue = new LinkedHashMap<>();
  private final Set<String> needsExact = new HashSet<>();
  private final Map<String, EnumSet<FieldType>> parsedAs = new LinkedHashMap<>();

  /** Columns in the order they were declared. */
  public TextTypeInference(List<String> columns) {
    for (String column : columns) {
      candidates.put(column, EnumSet.copyOf(CANDIDATES));
      sawValue.put(column, false);
      parsedAs.put(column, EnumSet.noneOf(FieldType.class));
    }
  }

  /** Records one value of a column; null (an empty cell) says nothing about the type. */
  public void observe(String column, String value) {
    EnumSet<FieldType> left = candidates.get(column);
    if (left == null) {
      throw new IllegalArgumentException("unknown column '" + column + "'");
    }
    if (value == null || SeedValues.isNullToken(value)) {
      // "NULL" leaves a number column a number column (with a null there); a column of nothing
      // but such tokens has no value seen, so it is text and keeps them.
      return;
    }
    sawValue.put(column, true);
    EnumSet<FieldType> parsed = parsedAs.get(column);
    left.removeIf(
        type -> {
          if (SeedValues.looksLike(value, type)) {
            parsed.add(type);
            return false;
          }
          return !SeedValues.isMalformed(value, type);
        });
    // Checked even while the column may still be long: a later "1.5" makes it a number column,
    // and 9007199254740993 seen earlier must then keep the column exact.
    if (left.contains(FieldType.DOUBLE)
        && !SeedValues.fitsDouble(value)
        && !SeedValues.isMalformed(value, FieldType.DOUBLE)) {
      needsExact.add(column);
    }
  }

  /** Column name -> inferred type, in column order. */
  public Map<String, FieldType> types() {
    Map<String, FieldType> types = new LinkedHashMap<>();
    candidates.forEach(
        (column, left) -> {
          FieldType type = FieldType.STRING;
          if (sawValue.get(column)) {
            // A type kept only by malformed values (no value parsed as it) is not the column's.
            EnumSet<FieldType> parsed = parsedAs.get(column);
            type =
                CANDIDATES.stream()
                    .filter(candidate -> left.contains(candidate) && parsed.contains(candidate))
                    .findFirst()
                    .orElse(FieldType.STRING);
          }
          if (type == FieldType.DOUBLE && needsExact.contains(column)) {
            type = FieldType.DECIMAL;
          }
          types.put(column, type);
        });
    return types;
  }
}
