package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the learned constraints ask of the properties, so that every plan can be shown by a record:
 *
 * <ul>
 *   <li>the total of a sum is not a property: it follows from its parts, and a plan asking for both
 *       a total and parts that do not add up could not be kept; when the total is also ordered
 *       against another column (a cap), its last part is not a property either, so the engine can
 *       draw it from the seed rows matching the plan and move it under the cap;
 *   <li>the two properties of a {@code determines} pair are linked in the Chow-Liu tree, and so are
 *       two properties determined by one column that is no property; a pair the tree cannot link
 *       leaves its second property to the engine;
 *   <li>a conditional between two columns named by constraints is not smoothed, so a zero stays
 *       zero and a plan never asks for a city with another country than its own, or for two adults
 *       in a single room;
 *   <li>the two properties of an order pair are linked too; weight spread over a child's values
 *       (smoothing, or the fallback for a parent band the seed never showed) never goes to a band
 *       that cannot hold with the parent's (a closing band wholly before the opening band).
 * </ul>
 */
final class ConstraintLinks {
  private final List<PropertyCandidate> candidates;
  private final Set<Integer> derived = new HashSet<>();
  private final Set<Integer> constrained = new HashSet<>();
  private final List<int[]> determined = new ArrayList<>();
  private final List<Constraint.Order> bandOrders = new ArrayList<>();
  private final List<int[]> bandOrderPairs = new ArrayList<>();
  private final List<int[]> orderPairs = new ArrayList<>();

  private ConstraintLinks(List<Constraint> constraints, List<PropertyCandidate> candidates) {
    this.candidates = candidates;
    Map<String, Integer> byColumn = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      byColumn.put(candidates.get(i).column(), i);
    }
    for (Constraint constraint : constraints) {
      for (String column : constraint.fields()) {
        if (byColumn.containsKey(column)) {
          constrained.add(byColumn.get(column));
        }
      }
    }
    linkSiblings(constraints, byColumn);
    for (Constraint constraint : constraints) {
      if (constraint instanceof Constraint.Sum sum) {
        if (byColumn.containsKey(sum.total())) {
          derived.add(byColumn.get(sum.total()));
        }
        String last = sum.parts().get(sum.parts().size() - 1);
        if (isCapped(sum, constraints) && byColumn.containsKey(last)) {
          derived.add(byColumn.get(last));
        }
      } else if (constraint instanceof Constraint.Determines determines
          && byColumn.containsKey(determines.from())
          && byColumn.containsKey(determines.to())) {
        determined.add(new int[] {byColumn.get(determines.from()), byColumn.get(determines.to())});
      } else if (constraint instanceof Constraint.Order order
          && byColumn.containsKey(order.left())
          && byColumn.containsKey(order.right())) {
        int left = byColumn.get(order.left());
        int right = byColumn.get(order.right());
        orderPairs.add(new int[] {left, right});
        if (candidates.get(left).isBand() && candidates.get(right).isBand()) {
          bandOrders.add(order);
          bandOrderPairs.add(new int[] {left, right});
        }
      }
    }
  }

  /**
   * Two properties determined by one column that is no property (a product name determines its
   * brand and its category) are linked like a determines pair: drawn apart, a plan could ask for a
   * brand and a category that no product has.
   */
  private void linkSiblings(List<Constraint> constraints, Map<String, Integer> byColumn) {
    Map<String, List<Integer>> tosByFrom = new HashMap<>();
    for (Constraint constraint : constraints) {
      if (constraint instanceof Constraint.Determines determines
          && !byColumn.containsKey(determines.from())
          && byColumn.containsKey(determines.to())) {
        tosByFrom
            .computeIfAbsent(determines.from(), from -> new ArrayList<>())
            .add(byColumn.get(determines.to()));
      }
    }
    for (List<Integer> tos : tosByFrom.values()) {
      for (int k = 1; k < tos.size(); k++) {
        determined.add(new int[] {tos.get(0), tos.get(k)});
      }
    }
  }

  /**
   * Whether the sum's total is ordered against a column other than its parts (guests <=
   * max_occupancy): a tree of properties cannot keep parts that are all planned within such a cap.
   */
  private static boolean isCapped(Constraint.Sum sum, List<Constraint> constraints) {
    for (Constraint constraint : constraints) {
      if (constraint instanceof Constraint.Order order && order.fields().contains(sum.total())) {
        String other = order.left().equals(sum.total()) ? order.right() : order.left();
        if (!sum.parts().contains(other)) {
          return true;
        }
      }
    }
    return false;
  }

  static ConstraintLinks of(List<Constraint> constraints, List<PropertyCandidate> candidates) {
    return new ConstraintLinks(constraints, candidates);
  }

  /** Whether candidate {@code i} follows from others (a sum's total), so is no property. */
  boolean isDerived(int i) {
    return derived.contains(i);
  }

  /** Edges the tree must hold, among kept candidates: determines pairs first, then orders. */
  List<int[]> forcedEdges(boolean[] kept) {
    List<int[]> edges = new ArrayList<>();
    for (int[] pair : determined) {
      if (kept[pair[0]] && kept[pair[1]]) {
        edges.add(pair);
      }
    }
    for (int[] pair : orderPairs) {
      if (kept[pair[0]] && kept[pair[1]]) {
        edges.add(pair);
      }
    }
    return edges;
  }

  /**
   * The {@code to} candidate of a determines pair whose properties are both kept but not parent and
   * child, or -1: no distributions could keep such a pair consistent.
   */
  int unlinkedDetermined(boolean[] kept, int[] parents) {
    for (int[] pair : determined) {
      boolean linked = parents[pair[0]] == pair[1] || parents[pair[1]] == pair[0];
      if (kept[pair[0]] && kept[pair[1]] && !linked) {
        return pair[1];
      }
    }
    return -1;
  }

  /**
   * Whether the child | parent conditional must follow the seed counts without smoothing: both
   * columns are named by constraints (a determines pair, or say the room type that caps the guests
   * and the adults counted in them), where a combination the seed never showed is likely one no
   * record can keep.
   */
  boolean isUnsmoothed(int parent, int child) {
    return constrained.contains(parent) && constrained.contains(child);
  }

  /**
   * Whether a record can show {@code parentValue} for the parent and {@code childValue} for the
   * child given the order constraints between them: false only for two band ranges that lie wholly
   * on the wrong side of each other.
   */
  boolean canHold(int parent, String parentValue, int child, String childValue) {
    for (int k = 0; k < bandOrderPairs.size(); k++) {
      int[] pair = bandOrderPairs.get(k);
      String left;
      String right;
      if (pair[0] == parent && pair[1] == child) {
        left = parentValue;
        right = childValue;
      } else if (pair[0] == child && pair[1] == parent) {
        left = childValue;
        right = parentValue;
      } else {
        continue;
      }
      PropertyValues.Range l = range(pair[0], left);
      PropertyValues.Range r = range(pair[1], right);
      if (l == null || r == null) {
        continue;
      }
      boolean leftAbove = bandOrders.get(k).op().startsWith(">");
      // Ranges are half-open: some left value can exceed some right value iff left's top is above
      // right's bottom (and the mirror for left below right).
      if (leftAbove ? l.high() <= r.low() : l.low() >= r.high()) {
        return false;
      }
    }
    return true;
  }

  private PropertyValues.Range range(int candidate, String value) {
    if (RecordField.NULL_VALUE.equals(value)) {
      return null;
    }
    return PropertyValues.parse(value, candidates.get(candidate).type())
            instanceof PropertyValues.Range range
        ? range
        : null;
  }
}
