package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.ConstraintValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Which value of {@code to} each value of {@code from} goes with in the seed rows, for a {@code
 * determines} constraint: the spec states the rule, the (private) pairs stay with the seed. Where
 * the seed shows a value of {@code from} with several (a rule a user added), the most frequent is
 * the one. Values match by {@link ConstraintValues#key}. Built the same whatever order the seed
 * rows come in.
 */
final class SeedMapping {
  /** Per from key: the value of to the rule gives it. */
  private final Map<Object, Object> mapped = new HashMap<>();

  /** Per to key: the from values seen with it, one entry per seed row, in text order. */
  private final Map<Object, List<Object>> fromByTo = new HashMap<>();

  private static final class Shown {
    final Object value;
    long count;

    Shown(Object value) {
      this.value = value;
    }
  }

  SeedMapping(Constraint.Determines rule, List<Map<String, Object>> seeds) {
    Map<Object, Map<Object, Shown>> byFrom = new HashMap<>();
    for (Map<String, Object> seed : seeds) {
      Object from = seed.get(rule.from());
      Object to = seed.get(rule.to());
      if (from != null && to != null) {
        byFrom
            .computeIfAbsent(ConstraintValues.key(from), k -> new LinkedHashMap<>())
            .computeIfAbsent(ConstraintValues.key(to), k -> new Shown(to))
            .count++;
      }
    }
    byFrom.forEach((from, shown) -> mapped.put(from, mostFrequent(shown)));
    // Only rows whose from value maps to their to value: drawing from them keeps the rule even
    // where a user's rule does not hold in every seed row.
    for (Map<String, Object> seed : seeds) {
      Object from = seed.get(rule.from());
      Object to = seed.get(rule.to());
      if (from != null
          && to != null
          && ConstraintValues.key(mapped(from)).equals(ConstraintValues.key(to))) {
        fromByTo.computeIfAbsent(ConstraintValues.key(to), k -> new ArrayList<>()).add(from);
      }
    }
    fromByTo.values().forEach(values -> values.sort(Comparator.comparing(Object::toString)));
  }

  /**
   * The value of {@code to} the seed shows with {@code from} (the most frequent, ties to the first
   * in text order), or null when the seed never shows {@code from}: its {@code to} is not checked.
   */
  Object mapped(Object from) {
    return mapped.get(ConstraintValues.key(from));
  }

  private static Object mostFrequent(Map<Object, Shown> shown) {
    Shown best = null;
    for (Shown candidate : shown.values()) {
      if (best == null
          || candidate.count > best.count
          || (candidate.count == best.count
              && candidate.value.toString().compareTo(best.value.toString()) < 0)) {
        best = candidate;
      }
    }
    return best.value;
  }

  /** Whether {@code to} is the value the seed maps {@code from} to, or {@code from} is unknown. */
  boolean keeps(Object from, Object to) {
    Object expected = mapped(from);
    return expected == null || ConstraintValues.key(expected).equals(ConstraintValues.key(to));
  }

  /**
   * A value of {@code from} that maps to {@code to} and that {@code acceptable} accepts, as often
   * as the seed rows show it; null when there is none.
   */
  Object drawFrom(Object to, Predicate<Object> acceptable, SplittableRandom random) {
    List<Object> values = fromByTo.get(ConstraintValues.key(to));
    if (values == null) {
      return null;
    }
    Object first = values.get(random.nextInt(values.size()));
    if (acceptable.test(first)) {
      return first;
    }
    List<Object> options = new ArrayList<>();
    for (Object value : values) {
      if (acceptable.test(value)) {
        options.add(value);
      }
    }
    return options.isEmpty() ? null : options.get(random.nextInt(options.size()));
  }
}
