package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.Constraint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the evidence of a {@link ConstraintProfile} into the constraints of a spec
 * (docs/ARCHITECTURE.md, "Constraints"): rules that held in every seed row and say something the
 * column distributions alone do not.
 *
 * <ul>
 *   <li>order: {@code left >= right} (or {@code >} when never equal) for two ordered columns of a
 *       family, when it held in each of at least {@value #MIN_SUPPORT} rows with both non-null, the
 *       two were not equal in all of them, and drawing each column on its own would break it at
 *       least {@value #MIN_INDEPENDENT_VIOLATION} of the time (so {@code price > quantity}, whose
 *       ranges barely meet, is not stated). Implied orders are left out: of {@code a >= b}, {@code
 *       b >= c} and {@code a >= c}, the last, when {@code b} is never null.
 *   <li>sum: {@code total = part + part (+ ...)} within one unit of the finest decimal place of its
 *       columns (0.01 for cents; exact for whole numbers), over at least {@value #MIN_SUPPORT}
 *       rows, with the total and every part non-zero in some row (a column that is always 0 would
 *       make {@code a = a + 0}). One sum per total, the one with fewest parts, and none that would
 *       make a column part of its own total.
 *   <li>determines: {@code from -> to} when each value of {@code from} went with one value of
 *       {@code to} in at least {@value #MIN_SUPPORT} rows, {@code to} showed at least two values,
 *       {@code from} at least as many as {@code to} (a one-to-one pair is stated once, from the
 *       earlier column) and each value of {@code from} was seen twice on average. Implied ones are
 *       left out as for orders.
 * </ul>
 */
final class ConstraintLearning {
  static final int MIN_SUPPORT = 20;
  static final double MIN_INDEPENDENT_VIOLATION = 0.01;

  /** Quantiles compared to estimate how often independent draws would break an order. */
  private static final int QUANTILE_POINTS = 200;

  private ConstraintLearning() {}

  static List<Constraint> learn(TableProfile profile) {
    List<Constraint> constraints = new ArrayList<>();
    constraints.addAll(orders(profile));
    constraints.addAll(sums(profile));
    constraints.addAll(determines(profile));
    return constraints;
  }

  /** A directed rule between two columns (positions in column order): order or determines. */
  private record Edge(int from, int to, boolean strict) {}

  private static List<Constraint> orders(TableProfile profile) {
    List<Edge> edges = new ArrayList<>();
    for (OrderCounts.Pair pair : profile.constraints().orders().pairs()) {
      if (pair.support() < MIN_SUPPORT) {
        continue;
      }
      Edge edge;
      if (pair.below() == 0 && pair.above() > 0) {
        edge = new Edge(pair.first(), pair.second(), pair.equal() == 0);
      } else if (pair.above() == 0 && pair.below() > 0) {
        edge = new Edge(pair.second(), pair.first(), pair.equal() == 0);
      } else {
        continue;
      }
      if (independentViolation(profile, edge) >= MIN_INDEPENDENT_VIOLATION) {
        edges.add(edge);
      }
    }
    List<Constraint> out = new ArrayList<>();
    for (Edge edge : withoutImplied(profile, edges)) {
      out.add(
          new Constraint.Order(
              name(profile, edge.from()), edge.strict() ? ">" : ">=", name(profile, edge.to())));
    }
    return out;
  }

  /**
   * The share of independent draws of the two columns that would break {@code from >= to} ({@code
   * >} when strict), from their quantiles.
   */
  private static double independentViolation(TableProfile profile, Edge edge) {
    double[] left = quantiles(profile.columns().get(edge.from()));
    double[] right = quantiles(profile.columns().get(edge.to()));
    long breaking = 0;
    int k = 0;
    for (double l : left) {
      // Right values above l (or equal, when strict) break the order; right is sorted.
      while (k < right.length && (edge.strict() ? right[k] < l : right[k] <= l)) {
        k++;
      }
      breaking += right.length - k;
    }
    return (double) breaking / ((long) left.length * right.length);
  }

  private static double[] quantiles(ColumnProfile column) {
    double[] points = new double[QUANTILE_POINTS];
    for (int i = 0; i < points.length; i++) {
      points[i] = column.quantile((i + 0.5) / QUANTILE_POINTS);
    }
    Arrays.sort(points);
    return points;
  }

  private static List<Constraint> sums(TableProfile profile) {
    SumSearch search = profile.constraints().sums();
    Map<Integer, SumSearch.Candidate> bestByTotal = new HashMap<>();
    for (SumSearch.Candidate candidate : search.candidates()) {
      int places = search.decimals(candidate.total);
      boolean partsNonZero = true;
      for (int k = 0; k < candidate.parts.length; k++) {
        places = Math.max(places, search.decimals(candidate.parts[k]));
        partsNonZero &= candidate.partNonZero[k] > 0;
      }
      if (candidate.rows < MIN_SUPPORT
          || candidate.maxError > SumSearch.tolerance(places)
          || candidate.totalNonZero == 0
          || !partsNonZero) {
        continue;
      }
      bestByTotal.merge(candidate.total, candidate, (a, b) -> compareSums(a, b) <= 0 ? a : b);
    }
    List<SumSearch.Candidate> chosen = new ArrayList<>(bestByTotal.values());
    chosen.sort(Comparator.comparingInt(c -> c.total));
    Map<Integer, List<Integer>> partsOf = new HashMap<>();
    List<Constraint> out = new ArrayList<>();
    for (SumSearch.Candidate candidate : chosen) {
      int total = search.column(candidate.total);
      List<Integer> parts = new ArrayList<>();
      int places = search.decimals(candidate.total);
      for (int part : candidate.parts) {
        parts.add(search.column(part));
        places = Math.max(places, search.decimals(part));
      }
      if (parts.stream().anyMatch(p -> dependsOn(p, total, partsOf))) {
        continue;
      }
      partsOf.put(total, parts);
      out.add(
          new Constraint.Sum(
              name(profile, total),
              parts.stream().map(p -> name(profile, p)).toList(),
              SumSearch.tolerance(places)));
    }
    return out;
  }

  /** Fewer parts first, then parts earlier in column order. */
  private static int compareSums(SumSearch.Candidate a, SumSearch.Candidate b) {
    int bySize = Integer.compare(a.parts.length, b.parts.length);
    return bySize != 0 ? bySize : Arrays.compare(a.parts, b.parts);
  }

  /** Whether {@code column} is {@code target} or is computed, through sums, from it. */
  private static boolean dependsOn(
      int column, int target, Map<Integer, List<Integer>> partsOfTotal) {
    if (column == target) {
      return true;
    }
    for (int part : partsOfTotal.getOrDefault(column, List.of())) {
      if (dependsOn(part, target, partsOfTotal)) {
        return true;
      }
    }
    return false;
  }

  private static List<Constraint> determines(TableProfile profile) {
    List<Edge> edges = new ArrayList<>();
    for (FunctionalPairs.Pair pair : profile.constraints().functions().functional()) {
      boolean moreValues =
          pair.fromValues() > pair.toValues()
              || (pair.fromValues() == pair.toValues() && pair.from() < pair.to());
      if (pair.support() >= MIN_SUPPORT
          && pair.toValues() >= 2
          && moreValues
          && pair.support() >= 2L * pair.fromValues()) {
        edges.add(new Edge(pair.from(), pair.to(), false));
      }
    }
    List<Constraint> out = new ArrayList<>();
    for (Edge edge : withoutImplied(profile, edges)) {
      out.add(new Constraint.Determines(name(profile, edge.from()), name(profile, edge.to())));
    }
    return out;
  }

  /**
   * The edges less those implied by two others through a column that is never null: a -> c goes
   * when a -> b and b -> c remain (for orders, a strict a -> c needs one of them strict). Removing
   * one edge at a time keeps every removed edge implied by the ones left.
   */
  private static List<Edge> withoutImplied(TableProfile profile, List<Edge> edges) {
    int columns = profile.columns().size();
    Map<Integer, Edge> kept = new TreeMap<>();
    edges.forEach(e -> kept.put(e.from() * columns + e.to(), e));
    for (Edge edge : List.copyOf(kept.values())) {
      for (int middle = 0; middle < columns; middle++) {
        if (middle == edge.from()
            || middle == edge.to()
            || profile.columns().get(middle).nulls() > 0) {
          continue;
        }
        Edge first = kept.get(edge.from() * columns + middle);
        Edge second = kept.get(middle * columns + edge.to());
        if (first != null
            && second != null
            && (!edge.strict() || first.strict() || second.strict())) {
          kept.remove(edge.from() * columns + edge.to());
          break;
        }
      }
    }
    return List.copyOf(kept.values());
  }

  private static String name(TableProfile profile, int column) {
    return profile.columns().get(column).name();
  }
}
