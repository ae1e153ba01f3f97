package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import java.util.List;

/** How a value the model wrote for a property relates to the seed column it describes. */
final class SeedFieldValues {
  /** Relative slack for values the model copied from the prompt's rounded range bounds. */
  private static final double RANGE_TOLERANCE = 1e-6;

  private SeedFieldValues() {}

  /**
   * The seed's spelling of a value of a categorical column (case-insensitive, or equal as a
   * number); {@code seedValues} null when the column is not categorical.
   */
  static String seedSpelling(String value, RecordField field, List<String> seedValues) {
    if (seedValues == null) {
      return value.equalsIgnoreCase(RecordField.NULL_VALUE) ? RecordField.NULL_VALUE : value;
    }
    for (String seed : seedValues) {
      if (seed.equalsIgnoreCase(value)) {
        return seed;
      }
    }
    FieldType type = field.type();
    if (type.isOrdered()) {
      try {
        double x = PropertyValues.toNumber(PropertyValues.parseExact(value, type));
        for (String seed : seedValues) {
          if (!RecordField.NULL_VALUE.equals(seed)
              && PropertyValues.toNumber(PropertyValues.parseExact(seed, type)) == x) {
            return seed;
          }
        }
      } catch (IllegalArgumentException notANumber) {
        return value;
      }
    }
    return value;
  }

  /** Whether a value or range lies within the field's seed range, with a little slack. */
  static boolean inRange(PropertyValues.Parsed parsed, RecordField field) {
    if (parsed instanceof PropertyValues.Null || !field.type().isOrdered()) {
      return true;
    }
    List<Double> q = field.quantiles();
    if (q.isEmpty()) {
      return false;
    }
    double low = q.get(0);
    double high = q.get(q.size() - 1);
    double slack = RANGE_TOLERANCE * Math.max(1, Math.max(Math.abs(low), Math.abs(high)));
    if (parsed instanceof PropertyValues.Range range) {
      return range.low() >= low - slack && range.high() <= high + slack;
    }
    double x = PropertyValues.toNumber(((PropertyValues.Exact) parsed).value());
    return x >= low - slack && x <= high + slack;
  }
}
