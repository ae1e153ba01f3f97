package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.profile.Percentages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Repairs one distribution of a model's answer into percentages over exactly the property's values.
 */
final class Distributions {
  /** A sum this close to 100 is the model's rounding, not worth a note. */
  private static final double QUIET_SUM_ERROR = 0.05;

  private Distributions() {}

  /**
   * Keeps the given values' percentages (already mapped to the property's spelling), drops other
   * keys, counts invalid percentages as 0, lets values without a percentage share what is left of
   * 100, and scales to 100; with nothing usable, the distribution is uniform. Two-decimal
   * percentages summing to exactly 100, ordered like {@code values}.
   *
   * @param where names the distribution in notes, e.g. "property 'priority': base distribution"
   * @param notes gets one line per repair
   */
  static Map<String, Double> repair(
      String where, List<String> values, Map<String, Double> given, List<String> notes) {
    if (given == null || given.isEmpty()) {
      return uniform(values);
    }
    List<String> unknown = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    Map<String, Double> known = new LinkedHashMap<>();
    given.forEach(
        (value, percent) -> {
          if (!values.contains(value)) {
            unknown.add(value);
          } else if (percent == null || !Double.isFinite(percent) || percent < 0) {
            invalid.add(value + " = " + percent);
            known.putIfAbsent(value, 0.0);
          } else {
            known.putIfAbsent(value, percent);
          }
        });
    if (!unknown.isEmpty()) {
      notes.add(where + " names " + quoted(unknown) + ", not among the values: dropped");
    }
    if (!invalid.isEmpty()) {
      notes.add(
          where + " has invalid percentages (" + String.join(", ", invalid) + "): counted as 0");
    }
    double sum = known.values().stream().mapToDouble(Double::doubleValue).sum();
    List<String> missing = values.stream().filter(v -> !known.containsKey(v)).toList();
    if (!missing.isEmpty()) {
      double share = sum < 100 ? (100 - sum) / missing.size() : 0;
      notes.add(
          where
              + " has no percentage for "
              + quoted(missing)
              + ": "
              + (share > 0
                  ? "they share the remaining " + ProfileText.number(100 - sum) + "%"
                  : "set to 0"));
      missing.forEach(v -> known.put(v, share));
      sum += share * missing.size();
    }
    double[] weights = values.stream().mapToDouble(known::get).toArray();
    if (sum <= 0) {
      notes.add(where + " gives no value a positive percentage: uniform instead");
      return uniform(values);
    }
    if (Math.abs(sum - 100) > QUIET_SUM_ERROR) {
      notes.add(where + " sums to " + ProfileText.number(sum) + ": scaled to 100");
    }
    return asMap(values, Percentages.of(weights));
  }

  static Map<String, Double> uniform(List<String> values) {
    return asMap(values, Percentages.of(new double[values.size()]));
  }

  static String quoted(List<String> values) {
    return "'" + String.join("', '", values) + "'";
  }

  private static Map<String, Double> asMap(List<String> values, double[] percents) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      map.put(values.get(i), percents[i]);
    }
    return map;
  }
}
