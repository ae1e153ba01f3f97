package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.ConstraintValues;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Mergeable counts, for every pair of ordered columns of one family (numbers, dates, timestamps),
 * of the rows where both are non-null and the first is above, equal to or below the second: the
 * evidence for an order constraint such as {@code closed_at >= opened_at}. Counts add, so merge
 * order never changes whether a pair held one way (a pair seen both ways stops being counted).
 *
 * <p>Bound: the first {@value #MAX_COLUMNS} ordered columns (in column order) are paired, at most
 * about 8,000 pairs, three counts each, compared once per row.
 */
final class OrderCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int MAX_COLUMNS = 128;

  private static final int ABOVE = 0;
  private static final int EQUAL = 1;
  private static final int BELOW = 2;

  /** Positions (in the table's column order) of the paired columns. */
  private final int[] columns;

  /** The pairs (i, j), i before j, as positions into {@link #columns}. */
  private final int[][] pairs;

  private final long[][] counts;

  /**
   * The pairs still ordered one way: a pair seen both above and below can never become a
   * constraint, so rows stop comparing it (most pairs of unrelated columns go within a few rows).
   */
  private int[] ordered;

  private int orderedCount;

  private OrderCounts(int[] columns, int[][] pairs) {
    this.columns = columns;
    this.pairs = pairs;
    this.counts = new long[pairs.length][3];
    this.ordered = new int[pairs.length];
    for (int p = 0; p < pairs.length; p++) {
      ordered[p] = p;
    }
    this.orderedCount = pairs.length;
  }

  static OrderCounts of(List<FieldType> types) {
    List<Integer> ordered = new ArrayList<>();
    for (int c = 0; c < types.size() && ordered.size() < MAX_COLUMNS; c++) {
      if (family(types.get(c)) != null) {
        ordered.add(c);
      }
    }
    List<int[]> pairs = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      for (int j = i + 1; j < ordered.size(); j++) {
        if (family(types.get(ordered.get(i))) == family(types.get(ordered.get(j)))) {
          pairs.add(new int[] {i, j});
        }
      }
    }
    return new OrderCounts(
        ordered.stream().mapToInt(Integer::intValue).toArray(), pairs.toArray(new int[0][]));
  }

  /** The family of an ordered type: values of one family can be compared; null for others. */
  static String family(FieldType type) {
    switch (type) {
      case INT:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case DECIMAL:
        return "number";
      case DATE:
        return "date";
      case TIMESTAMP:
        return "timestamp";
      default:
        return null;
    }
  }

  /** Adds one row, its values in the table's column order. */
  void add(Object[] row) {
    double[] positions = new double[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Object value = row[columns[i]];
      positions[i] = value == null ? Double.NaN : PropertyValues.toNumber(value);
    }
    for (int k = 0; k < orderedCount; k++) {
      int p = ordered[k];
      double a = positions[pairs[p][0]];
      double b = positions[pairs[p][1]];
      if (Double.isNaN(a) || Double.isNaN(b)) {
        continue;
      }
      // Rounding to a double never reverses an order, so only ties need the exact values.
      int c =
          a != b
              ? Double.compare(a, b)
              : ConstraintValues.compare(row[columns[pairs[p][0]]], row[columns[pairs[p][1]]]);
      counts[p][c > 0 ? ABOVE : c == 0 ? EQUAL : BELOW]++;
      if (counts[p][ABOVE] > 0 && counts[p][BELOW] > 0) {
        ordered[k--] = ordered[--orderedCount];
      }
    }
  }

  void merge(OrderCounts other) {
    if (other.pairs.length != pairs.length) {
      throw new IllegalArgumentException(
          "cannot merge order counts of " + other.pairs.length + " pairs into " + pairs.length);
    }
    orderedCount = 0;
    for (int p = 0; p < pairs.length; p++) {
      for (int k = 0; k < 3; k++) {
        counts[p][k] += other.counts[p][k];
      }
      if (counts[p][ABOVE] == 0 || counts[p][BELOW] == 0) {
        ordered[orderedCount++] = p;
      }
    }
  }

  /** One pair's counts, its columns as positions in the table's column order. */
  record Pair(int first, int second, long above, long equal, long below) {
    long support() {
      return above + equal + below;
    }
  }

  List<Pair> pairs() {
    List<Pair> out = new ArrayList<>(pairs.length);
    for (int p = 0; p < pairs.length; p++) {
      out.add(
          new Pair(
              columns[pairs[p][0]],
              columns[pairs[p][1]],
              counts[p][ABOVE],
              counts[p][EQUAL],
              counts[p][BELOW]));
    }
    return out;
  }
}
