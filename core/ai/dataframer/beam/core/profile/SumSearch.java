package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.ConstraintValues;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mergeable search for sums among numeric columns ({@code total = subtotal + tax + shipping}): the
 * evidence for a sum constraint. Candidates are found once, on the first {@value #DISCOVERY_ROWS}
 * rows an accumulator sees, and from then on only verified, each row adding to a candidate's
 * support and largest error; a merge keeps the candidates both sides kept.
 *
 * <p>Bounds, so wide seeds stay cheap: a total's parts are 2 to {@value #MAX_PARTS} of the {@value
 * #NEIGHBOURS} numeric columns nearest it in column order (all of them when there are no more), as
 * the columns of one sum usually sit together; at most {@value #MAX_CANDIDATES} candidates survive
 * discovery. A sum holding in every row is found by every accumulator whose discovery rows show its
 * total and each of its parts non-zero at least once with all of them non-null, which is what keeps
 * the result independent of how rows are split and merged; a part that is almost always zero or
 * null can be missed.
 */
final class SumSearch implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int DISCOVERY_ROWS = 32;
  static final int NEIGHBOURS = 12;
  static final int MAX_PARTS = 4;
  static final int MAX_CANDIDATES = 2000;

  /** Decimal places are counted up to this many: finer digits are noise of binary doubles. */
  static final int MAX_DECIMALS = 10;

  /**
   * A candidate whose error ever exceeds this is dropped at once: no tolerance learned from decimal
   * places ({@link #tolerance}) is larger.
   */
  private static final double DROP_ERROR = 0.1;

  private static final double RELATIVE_SLACK = ConstraintValues.RELATIVE_SLACK;

  /** Positions (in the table's column order) of the numeric columns. */
  private final int[] columns;

  private final int[] decimals;
  private ArrayList<double[]> buffer = new ArrayList<>();

  /** Null while rows are buffered for discovery. */
  private ArrayList<Candidate> candidates;

  /** One candidate sum and what the rows verified so far say of it. */
  static final class Candidate implements Serializable {
    private static final long serialVersionUID = 1L;

    final int total;
    final int[] parts;
    long rows;
    long totalNonZero;
    final long[] partNonZero;
    double maxError;

    Candidate(int total, int[] parts) {
      this.total = total;
      this.parts = parts;
      this.partNonZero = new long[parts.length];
    }

    Candidate copy() {
      Candidate copy = new Candidate(total, parts.clone());
      copy.add(this);
      return copy;
    }

    void add(Candidate other) {
      rows += other.rows;
      totalNonZero += other.totalNonZero;
      for (int k = 0; k < parts.length; k++) {
        partNonZero[k] += other.partNonZero[k];
      }
      maxError = Math.max(maxError, other.maxError);
    }

    String key() {
      StringBuilder key = new StringBuilder().append(total);
      for (int part : parts) {
        key.append(',').append(part);
      }
      return key.toString();
    }
  }

  private SumSearch(int[] columns) {
    this.columns = columns;
    this.decimals = new int[columns.length];
  }

  static SumSearch of(List<FieldType> tableTypes) {
    List<Integer> numeric = new ArrayList<>();
    for (int c = 0; c < tableTypes.size(); c++) {
      if ("number".equals(OrderCounts.family(tableTypes.get(c)))) {
        numeric.add(c);
      }
    }
    return new SumSearch(numeric.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The tolerance of a sum whose finest column shows {@code decimals} places: one unit of that
   * place (0.01 for cents), since each rounded value may be off by half a unit; 0 for whole
   * numbers, which add exactly.
   */
  static double tolerance(int decimals) {
    return decimals == 0 ? 0 : BigDecimal.ONE.scaleByPowerOfTen(-decimals).doubleValue();
  }

  void add(Object[] row) {
    if (columns.length < 3) {
      return;
    }
    double[] values = new double[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Object value = row[columns[i]];
      if (value == null) {
        values[i] = Double.NaN;
      } else {
        values[i] = PropertyValues.toNumber(value);
        decimals[i] = Math.max(decimals[i], decimalPlaces(value));
      }
    }
    addValues(values);
  }

  void merge(SumSearch other) {
    if (other.columns.length != columns.length) {
      throw new IllegalArgumentException(
          "cannot merge a sum search of "
              + other.columns.length
              + " columns into one of "
              + columns.length);
    }
    for (int i = 0; i < decimals.length; i++) {
      decimals[i] = Math.max(decimals[i], other.decimals[i]);
    }
    if (other.candidates == null) {
      other.buffer.forEach(this::addValues);
    } else if (candidates == null) {
      List<double[]> mine = buffer;
      buffer = null;
      candidates = new ArrayList<>();
      other.candidates.forEach(c -> candidates.add(c.copy()));
      mine.forEach(this::verify);
    } else {
      Map<String, Candidate> theirs = new HashMap<>();
      other.candidates.forEach(c -> theirs.put(c.key(), c));
      ArrayList<Candidate> kept = new ArrayList<>();
      for (Candidate candidate : candidates) {
        Candidate same = theirs.get(candidate.key());
        if (same != null) {
          candidate.add(same);
          kept.add(candidate);
        }
      }
      candidates = kept;
    }
  }

  /** The candidates that held within {@link #DROP_ERROR} in every row; discovers them if due. */
  List<Candidate> candidates() {
    if (columns.length < 3) {
      return List.of();
    }
    if (candidates == null) {
      discover();
    }
    return List.copyOf(candidates);
  }

  /** Position in the table's column order of numeric column {@code i}. */
  int column(int i) {
    return columns[i];
  }

  /** The most decimal places numeric column {@code i} showed. */
  int decimals(int i) {
    return decimals[i];
  }

  /** Decimal places a value shows: a decimal's scale, a double's shortest text; at most 10. */
  static int decimalPlaces(Object value) {
    if (value instanceof BigDecimal decimal) {
      return Math.max(0, Math.min(MAX_DECIMALS, decimal.scale()));
    }
    if (value instanceof Float f) {
      int scale = new BigDecimal(Float.toString(f)).stripTrailingZeros().scale();
      return Math.max(0, Math.min(MAX_DECIMALS, scale));
    }
    if (value instanceof Double d) {
      // Scaling by powers of ten is much cheaper than formatting; 16 ulps absorb the binary error
      // of the scaling itself (0.29 * 100 is 28.999999999999996).
      double scaled = d;
      for (int places = 0; places < MAX_DECIMALS; places++) {
        if (Math.abs(scaled - Math.rint(scaled)) <= 16 * Math.ulp(scaled)) {
          return places;
        }
        scaled *= 10;
      }
      return MAX_DECIMALS;
    }
    return 0;
  }

  private void addValues(double[] values) {
    if (candidates == null) {
      buffer.add(values);
      if (buffer.size() >= DISCOVERY_ROWS) {
        discover();
      }
    } else {
      verify(values);
    }
  }

  private void discover() {
    ArrayList<Candidate> found = new ArrayList<>();
    for (int total = 0; total < columns.length && found.size() < MAX_CANDIDATES; total++) {
      int[] window = window(total);
      for (int size = 2; size <= Math.min(MAX_PARTS, window.length); size++) {
        int[] pick = new int[size];
        for (int k = 0; k < size; k++) {
          pick[k] = k;
        }
        do {
          int[] parts = new int[size];
          for (int k = 0; k < size; k++) {
            parts[k] = window[pick[k]];
          }
          if (holdsOnBuffer(total, parts) && found.size() < MAX_CANDIDATES) {
            found.add(new Candidate(total, parts));
          }
        } while (nextCombination(pick, window.length));
      }
    }
    candidates = found;
    List<double[]> rows = buffer;
    buffer = null;
    rows.forEach(this::verify);
  }

  /** The numeric columns a total's parts are taken from: the nearest ones in column order. */
  private int[] window(int total) {
    int n = columns.length;
    int size = Math.min(NEIGHBOURS, n - 1);
    int start = Math.max(0, Math.min(total - size / 2, n - size - 1));
    int[] window = new int[size];
    int k = 0;
    for (int i = start; k < size; i++) {
      if (i != total) {
        window[k++] = i;
      }
    }
    return window;
  }

  private static boolean nextCombination(int[] pick, int n) {
    int k = pick.length - 1;
    while (k >= 0 && pick[k] == n - pick.length + k) {
      k--;
    }
    if (k < 0) {
      return false;
    }
    pick[k]++;
    for (int j = k + 1; j < pick.length; j++) {
      pick[j] = pick[j - 1] + 1;
    }
    return true;
  }

  private boolean holdsOnBuffer(int total, int[] parts) {
    int places = decimals[total];
    for (int part : parts) {
      places = Math.max(places, decimals[part]);
    }
    double tolerance = tolerance(places);
    boolean applicable = false;
    boolean totalNonZero = false;
    boolean[] partNonZero = new boolean[parts.length];
    for (double[] row : buffer) {
      double sum = 0;
      double magnitude = Math.abs(row[total]);
      boolean complete = !Double.isNaN(row[total]);
      for (int k = 0; k < parts.length && complete; k++) {
        double x = row[parts[k]];
        complete = !Double.isNaN(x);
        sum += x;
        magnitude += Math.abs(x);
      }
      if (!complete) {
        continue;
      }
      if (Math.abs(row[total] - sum) > tolerance + RELATIVE_SLACK * magnitude) {
        return false;
      }
      applicable = true;
      totalNonZero |= Math.abs(row[total]) > tolerance;
      for (int k = 0; k < parts.length; k++) {
        partNonZero[k] |= Math.abs(row[parts[k]]) > tolerance;
      }
    }
    if (!applicable || !totalNonZero) {
      return false;
    }
    for (boolean nonZero : partNonZero) {
      if (!nonZero) {
        return false;
      }
    }
    return true;
  }

  private void verify(double[] row) {
    boolean dropped = false;
    for (Candidate candidate : candidates) {
      double total = row[candidate.total];
      if (Double.isNaN(total)) {
        continue;
      }
      double sum = 0;
      double magnitude = Math.abs(total);
      boolean complete = true;
      for (int part : candidate.parts) {
        complete &= !Double.isNaN(row[part]);
        sum += row[part];
        magnitude += Math.abs(row[part]);
      }
      if (!complete) {
        continue;
      }
      candidate.rows++;
      candidate.totalNonZero += total != 0 ? 1 : 0;
      for (int k = 0; k < candidate.parts.length; k++) {
        candidate.partNonZero[k] += row[candidate.parts[k]] != 0 ? 1 : 0;
      }
      double error = Math.max(0, Math.abs(total - sum) - RELATIVE_SLACK * magnitude);
      candidate.maxError = Math.max(candidate.maxError, error);
      dropped |= candidate.maxError > DROP_ERROR;
    }
    if (dropped) {
      candidates.removeIf(c -> c.maxError > DROP_ERROR);
    }
  }
}
