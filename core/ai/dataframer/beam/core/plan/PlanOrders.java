package ai.dataframer.beam.core.plan;

import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec's order constraints between fields bound to properties, as limits on a plan's values
 * (docs/ARCHITECTURE.md section 6, step 1): a plan no record can keep is never drawn.
 *
 * <p>The spec's conditionals link each property to one parent, so a chain opened {@literal <} first
 * response {@literal <} resolved is drawn pairwise: each band can hold with its parent's, yet a
 * resolved band may close before the opened band begins. The records of such a plan could only
 * fail. Here the values drawn so far are checked together: each value's interval (a band, or a
 * point for an exact value) is narrowed along the order constraints until nothing changes, and the
 * plan can hold when no interval is left empty. A property's null value and values that are no
 * numbers or bands take no part.
 */
final class PlanOrders {
  /** Pairs of plan positions {below, above}: the value at below is at most the value at above. */
  private final List<int[]> edges = new ArrayList<>();

  /** Per plan position and value index: whether the value can hold with its partners at all. */
  private final boolean[][] supported;

  /**
   * Per plan position and value index: the value's interval, or null when it has none; the whole
   * row is null for a position no order constraint names.
   */
  private final Interval[][] intervals;

  /** [low, high], or [low, high) when the high end is open (a band). */
  private record Interval(double low, double high, boolean highOpen) {}

  /**
   * @param spec the spec whose constraints and record fields link plan positions
   * @param names property names by plan position
   * @param values property values by plan position
   */
  PlanOrders(Spec spec, List<String> names, List<String[]> values) {
    Map<String, Integer> positions = new HashMap<>();
    for (int p = 0; p < names.size(); p++) {
      positions.put(names.get(p), p);
    }
    Map<String, RecordField> boundFields = new HashMap<>();
    for (RecordField field : spec.recordFields()) {
      if (field.isBound() && field.type().isOrdered() && positions.containsKey(field.property())) {
        boundFields.put(field.name(), field);
      }
    }
    this.intervals = new Interval[names.size()][];
    for (Constraint constraint : spec.constraints()) {
      if (!(constraint instanceof Constraint.Order order)) {
        continue;
      }
      RecordField left = boundFields.get(order.left());
      RecordField right = boundFields.get(order.right());
      if (left == null || right == null) {
        continue;
      }
      int l = positions.get(left.property());
      int r = positions.get(right.property());
      if (l == r) {
        continue;
      }
      boolean leftAbove = order.op().startsWith(">");
      edges.add(leftAbove ? new int[] {r, l} : new int[] {l, r});
      involve(l, left, values);
      involve(r, right, values);
    }
    this.supported = supported(values);
  }

  /**
   * Per plan position and value index: whether the value can hold with some value of every property
   * it is ordered against, each of those in turn supported (arc consistency, repeated until nothing
   * changes). A user's {@code delivery_days <= customer_rating} leaves no rating for a delivery of
   * 7 days; drawn first, such a value could only make a failed sample.
   */
  private boolean[][] supported(List<String[]> values) {
    boolean[][] alive = new boolean[values.size()][];
    for (int p = 0; p < alive.length; p++) {
      alive[p] = new boolean[values.get(p).length];
      Arrays.fill(alive[p], true);
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int[] edge : edges) {
        changed |= prune(edge[0], edge[1], true, alive);
        changed |= prune(edge[1], edge[0], false, alive);
      }
    }
    return alive;
  }

  /**
   * Marks dead the values at {@code position} no live value at {@code partner} can hold with;
   * {@code isBelow} when position's value must be at most the partner's. True when any died.
   */
  private boolean prune(int position, int partner, boolean isBelow, boolean[][] alive) {
    boolean changed = false;
    for (int i = 0; i < alive[position].length; i++) {
      Interval own = intervals[position][i];
      if (!alive[position][i] || own == null) {
        continue;
      }
      boolean support = false;
      for (int j = 0; j < alive[partner].length && !support; j++) {
        Interval other = intervals[partner][j];
        support =
            alive[partner][j] && (other == null || (isBelow ? fits(own, other) : fits(other, own)));
      }
      if (!support) {
        alive[position][i] = false;
        changed = true;
      }
    }
    return changed;
  }

  /** Whether some value of {@code below} is at most some value of {@code above}. */
  private static boolean fits(Interval below, Interval above) {
    return above.highOpen() ? below.low() < above.high() : below.low() <= above.high();
  }

  private void involve(int position, RecordField field, List<String[]> values) {
    if (intervals[position] == null) {
      intervals[position] = intervals(values.get(position), field);
    }
  }

  private static Interval[] intervals(String[] values, RecordField field) {
    Interval[] out = new Interval[values.length];
    for (int i = 0; i < values.length; i++) {
      if (RecordField.NULL_VALUE.equals(values[i])) {
        continue;
      }
      try {
        PropertyValues.Parsed parsed = PropertyValues.parse(values[i], field.type());
        if (parsed instanceof PropertyValues.Range range) {
          out[i] = new Interval(range.low(), range.high(), true);
        } else if (parsed instanceof PropertyValues.Exact exact) {
          double x = PropertyValues.toNumber(exact.value());
          out[i] = Double.isFinite(x) ? new Interval(x, x, false) : null;
        }
      } catch (IllegalArgumentException notANumber) {
        // A value the field's type cannot read is checked by spec validation, not here.
      }
    }
    return out;
  }

  /** Whether no order constraint involves the property at this plan position. */
  boolean isFree(int position) {
    return intervals[position] == null;
  }

  /**
   * Whether the values drawn at positions 0..last can all hold together: every interval stays
   * non-empty once narrowed along the constraints among them.
   */
  boolean canHold(int[] drawn, int last) {
    int n = last + 1;
    double[] low = new double[n];
    double[] high = new double[n];
    boolean[] highOpen = new boolean[n];
    boolean[] present = new boolean[n];
    for (int p = 0; p < n; p++) {
      if (!supported[p][drawn[p]]) {
        return false;
      }
      Interval interval = intervals[p] == null ? null : intervals[p][drawn[p]];
      if (interval != null) {
        present[p] = true;
        low[p] = interval.low();
        high[p] = interval.high();
        highOpen[p] = interval.highOpen();
      }
    }
    // Each round settles at least one more link of the longest chain; more rounds than edges mean
    // a cycle of orders, which only narrows further.
    for (int round = 0; round <= edges.size(); round++) {
      boolean changed = false;
      for (int[] edge : edges) {
        int below = edge[0];
        int above = edge[1];
        if (below >= n || above >= n || !present[below] || !present[above]) {
          continue;
        }
        if (low[below] > low[above]) {
          low[above] = low[below];
          changed = true;
        }
        if (high[above] < high[below] || (high[above] == high[below] && highOpen[above])) {
          if (high[below] != high[above] || !highOpen[below]) {
            changed = true;
          }
          high[below] = high[above];
          highOpen[below] = highOpen[above];
        }
      }
      for (int p = 0; p < n; p++) {
        if (present[p] && (low[p] > high[p] || (low[p] == high[p] && highOpen[p]))) {
          return false;
        }
      }
      if (!changed) {
        return true;
      }
    }
    return true;
  }
}
