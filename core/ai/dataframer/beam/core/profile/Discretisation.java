package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which columns become properties, decided from the column profiles before the second pass counts
 * property pairs: low-cardinality columns as categorical properties, and ordered columns as band
 * candidates that {@link SpecInference} keeps only when they carry a dependency. Key columns
 * ({@link ColumnProfile#key()}) are neither.
 */
public final class Discretisation implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Strings with more distinct values than this are not categories. */
  public static final int MAX_STRING_CATEGORIES = 30;

  /** Integers with more distinct values than this are modelled by quantiles, not as categories. */
  public static final int MAX_INTEGER_CATEGORIES = 12;

  /** A string column is categorical only if values repeat: distinct <= max(2, rows / this). */
  public static final int MIN_MEAN_REPEATS = 5;

  private final List<PropertyCandidate> candidates;
  private final int[] cardinalities;
  private transient List<Map<String, Integer>> categoryIndexes;

  private Discretisation(List<PropertyCandidate> candidates) {
    this.candidates = List.copyOf(candidates);
    this.cardinalities = candidates.stream().mapToInt(PropertyCandidate::cardinality).toArray();
  }

  /**
   * Decides the candidate properties of a profile; band candidates only when conditionals are on.
   */
  public static Discretisation decide(TableProfile profile, InferenceSettings settings) {
    Set<String> taken = new HashSet<>();
    profile.columns().forEach(c -> taken.add(c.name()));
    List<PropertyCandidate> candidates = new ArrayList<>();
    for (ColumnProfile column : profile.columns()) {
      boolean hasNulls = column.nulls() > 0;
      if (column.key() != null) {
        // Unique values: a property of them would be a list of seed values to copy.
        continue;
      }
      if (isCategorical(column)) {
        candidates.add(
            new PropertyCandidate(
                column.name(), column.name(), column.type(), categoriesOf(column), null, hasNulls));
      } else if (column.type().isOrdered() && settings.conditionalsEnabled()) {
        Bands.of(column, binCount(column.nonNull()))
            .ifPresent(
                bands -> {
                  String name = bandName(column.name(), taken);
                  taken.add(name);
                  candidates.add(
                      new PropertyCandidate(
                          name, column.name(), column.type(), null, bands, hasNulls));
                });
      }
    }
    return new Discretisation(candidates);
  }

  /** Booleans; integers with few values; strings with few values that repeat and can be named. */
  public static boolean isCategorical(ColumnProfile column) {
    switch (column.type()) {
      case BOOLEAN:
        return true;
      case INT:
      case LONG:
        return !column.isHighCardinality() && column.distinctCount() <= MAX_INTEGER_CATEGORIES;
      case STRING:
        if (column.isHighCardinality()) {
          return false;
        }
        int distinct = column.distinctCount();
        Map<String, Long> counts = column.valueCounts();
        // "" is not a valid property value and "null" would read as a null cell.
        boolean nameable = !counts.containsKey("") && !counts.containsKey(RecordField.NULL_VALUE);
        return nameable
            && distinct <= MAX_STRING_CATEGORIES
            && distinct <= Math.max(2, column.nonNull() / MIN_MEAN_REPEATS);
      default:
        return false;
    }
  }

  public List<PropertyCandidate> candidates() {
    return candidates;
  }

  /** The value index of every candidate property for one record. */
  public PropertyCodes encode(Map<String, Object> record) {
    if (categoryIndexes == null) {
      List<Map<String, Integer>> indexes = new ArrayList<>();
      candidates.forEach(c -> indexes.add(c.categoryIndex()));
      categoryIndexes = indexes;
    }
    int[] codes = new int[candidates.size()];
    for (int i = 0; i < codes.length; i++) {
      PropertyCandidate candidate = candidates.get(i);
      codes[i] = candidate.codeOf(record.get(candidate.column()), categoryIndexes.get(i));
    }
    return new PropertyCodes(cardinalities, codes);
  }

  // More bins resolve finer dependencies, but the bias of mutual information estimates grows with
  // the
  // number of cells, (r-1)(c-1)/2N: small seeds get coarse bins.
  static int binCount(long rows) {
    return rows < 200 ? 4 : rows < 1000 ? 5 : 6;
  }

  private static List<String> categoriesOf(ColumnProfile column) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(column.valueCounts().entrySet());
    Comparator<Map.Entry<String, Long>> order;
    if (column.type() == FieldType.STRING) {
      // Most frequent first reads best in a spec; ties by text keep it deterministic.
      order =
          Map.Entry.<String, Long>comparingByValue()
              .reversed()
              .thenComparing(Map.Entry.comparingByKey());
    } else if (column.type() == FieldType.BOOLEAN) {
      order = Map.Entry.comparingByKey();
    } else {
      order = Comparator.comparingLong(e -> Long.parseLong(e.getKey()));
    }
    entries.sort(order);
    List<String> categories = new ArrayList<>();
    entries.forEach(e -> categories.add(e.getKey()));
    return Collections.unmodifiableList(categories);
  }

  private static String bandName(String column, Set<String> taken) {
    String name = column + "_band";
    while (taken.contains(name)) {
      name = name + "_band";
    }
    return name;
  }
}
