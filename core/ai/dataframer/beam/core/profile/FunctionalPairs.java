package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mergeable test, for every ordered pair of columns (from, to), of whether each value of {@code
 * from} goes with a single value of {@code to} in the rows where both are non-null (a city
 * determines its country): the evidence for a {@code determines} constraint. Only the fact of it
 * and the numbers of values are kept for the spec; which country goes with which city stays with
 * the seed, where the engine reads it.
 *
 * <p>Each column's values are coded in the order this accumulator met them, and a pair keeps the
 * code of {@code to} per code of {@code from}; a merge re-codes the other side's values. A pair
 * dies at the first value of {@code from} seen with two values of {@code to}, and a column (with
 * all its pairs) once it has more than {@value #MAX_VALUES} distinct values, which no merge order
 * changes. Bound: {@value #MAX_COLUMNS} columns are paired, strings and booleans first, so at most
 * about 4,000 pairs of at most {@value #MAX_VALUES} codes.
 */
final class FunctionalPairs implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int MAX_COLUMNS = 64;

  /**
   * Twice the profile's distinct cap: a meter or store id seen on many rows still determines its
   * tariff or region, while the worst case (every pair alive) stays near 32 MB.
   */
  static final int MAX_VALUES = 2 * ColumnProfile.DISTINCT_CAP;

  private final int n;

  /** Positions (in the table's column order) of the paired columns. */
  private final int[] columns;

  /** Per column, value text -> code; null once the column has too many values. */
  private final List<HashMap<String, Integer>> codes = new ArrayList<>();

  /**
   * Per pair (from * n + to): code of {@code to} + 1 per code of {@code from}, 0 where unseen; null
   * once the pair is not functional.
   */
  private final int[][] mappings;

  private final long[] support;

  /**
   * The pairs not yet known to be broken, so rows stop visiting the others; may hold stale ones.
   */
  private int[] live;

  private int liveCount;

  FunctionalPairs(List<FieldType> types) {
    this.columns = pairedColumns(types);
    this.n = columns.length;
    for (int c = 0; c < n; c++) {
      codes.add(new HashMap<>());
    }
    this.mappings = new int[n * n][];
    this.support = new long[n * n];
    this.live = new int[n * n];
    for (int from = 0; from < n; from++) {
      for (int to = 0; to < n; to++) {
        if (from != to) {
          mappings[from * n + to] = new int[0];
          live[liveCount++] = from * n + to;
        }
      }
    }
  }

  /**
   * The columns most likely to name things first (strings, booleans), then whole numbers and dates,
   * then the rest, each group in column order: at most {@value #MAX_COLUMNS}.
   */
  private static int[] pairedColumns(List<FieldType> types) {
    List<Integer> chosen = new ArrayList<>();
    for (int rank = 0; rank < 3; rank++) {
      for (int c = 0; c < types.size() && chosen.size() < MAX_COLUMNS; c++) {
        if (rank(types.get(c)) == rank) {
          chosen.add(c);
        }
      }
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int rank(FieldType type) {
    switch (type) {
      case STRING:
      case BOOLEAN:
        return 0;
      case INT:
      case LONG:
      case DATE:
        return 1;
      default:
        return 2;
    }
  }

  /** Adds one row, its values in the table's column order. */
  void add(Object[] row) {
    int[] rowCodes = new int[n];
    for (int c = 0; c < n; c++) {
      Object value = row[columns[c]];
      rowCodes[c] = value == null ? -1 : code(c, ColumnProfile.textOf(value));
    }
    for (int k = 0; k < liveCount; k++) {
      int p = live[k];
      if (mappings[p] == null) {
        live[k--] = live[--liveCount];
        continue;
      }
      int fromCode = rowCodes[p / n];
      int toCode = rowCodes[p % n];
      if (fromCode >= 0 && toCode >= 0) {
        record(p, fromCode, toCode);
        support[p]++;
      }
    }
  }

  void merge(FunctionalPairs other) {
    if (other.n != n) {
      throw new IllegalArgumentException(
          "cannot merge value pairs of " + other.n + " columns into " + n);
    }
    int[][] recode = new int[n][];
    for (int c = 0; c < n; c++) {
      HashMap<String, Integer> theirs = other.codes.get(c);
      if (theirs == null) {
        drop(c);
      }
      if (codes.get(c) == null) {
        continue;
      }
      recode[c] = new int[theirs.size()];
      for (Map.Entry<String, Integer> entry : theirs.entrySet()) {
        recode[c][entry.getValue()] = code(c, entry.getKey());
        if (codes.get(c) == null) {
          break;
        }
      }
    }
    for (int from = 0; from < n; from++) {
      for (int to = 0; to < n; to++) {
        int p = from * n + to;
        if (from == to || mappings[p] == null) {
          continue;
        }
        int[] theirs = other.mappings[p];
        if (theirs == null) {
          mappings[p] = null;
          continue;
        }
        for (int code = 0; code < theirs.length && mappings[p] != null; code++) {
          if (theirs[code] > 0) {
            record(p, recode[from][code], recode[to][theirs[code] - 1]);
          }
        }
        support[p] += other.support[p];
      }
    }
    liveCount = 0;
    for (int p = 0; p < mappings.length; p++) {
      if (mappings[p] != null) {
        live[liveCount++] = p;
      }
    }
  }

  /** A functional pair: the rows where both are non-null and the distinct values each shows. */
  record Pair(int from, int to, long support, int fromValues, int toValues) {}

  /** The pairs still functional, columns as positions in the table's column order. */
  List<Pair> functional() {
    List<Pair> out = new ArrayList<>();
    for (int from = 0; from < n; from++) {
      for (int to = 0; to < n; to++) {
        int[] mapping = mappings[from * n + to];
        if (from == to || mapping == null || support[from * n + to] == 0) {
          continue;
        }
        int fromValues = 0;
        boolean[] toSeen = new boolean[codes.get(to).size()];
        int toValues = 0;
        for (int target : mapping) {
          if (target > 0) {
            fromValues++;
            if (!toSeen[target - 1]) {
              toSeen[target - 1] = true;
              toValues++;
            }
          }
        }
        out.add(new Pair(columns[from], columns[to], support[from * n + to], fromValues, toValues));
      }
    }
    return out;
  }

  private void record(int pair, int fromCode, int toCode) {
    int[] mapping = mappings[pair];
    if (fromCode >= mapping.length) {
      mapping =
          Arrays.copyOf(mapping, Math.max(fromCode + 1, Math.min(MAX_VALUES, 2 * mapping.length)));
      mappings[pair] = mapping;
    }
    if (mapping[fromCode] == 0) {
      mapping[fromCode] = toCode + 1;
    } else if (mapping[fromCode] != toCode + 1) {
      mappings[pair] = null;
    }
  }

  /** The code of a value, new ones numbered in order; -1 when the column has too many values. */
  private int code(int column, String text) {
    HashMap<String, Integer> columnCodes = codes.get(column);
    if (columnCodes == null) {
      return -1;
    }
    Integer code = columnCodes.get(text);
    if (code == null) {
      if (columnCodes.size() >= MAX_VALUES) {
        drop(column);
        return -1;
      }
      code = columnCodes.size();
      columnCodes.put(text, code);
    }
    return code;
  }

  private void drop(int column) {
    codes.set(column, null);
    for (int other = 0; other < n; other++) {
      if (other != column) {
        mappings[column * n + other] = null;
        mappings[other * n + column] = null;
      }
    }
  }
}
