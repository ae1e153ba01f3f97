package ai.dataframer.beam.core.spec;

import java.io.Serializable;
import java.util.List;

/**
 * One column of a record sample (the {@code record_fields} extension of the spec).
 *
 * <p>A field bound to a property takes the plan's value for that property. For ordered types the
 * value is either an exact value ("3", "2024-05-01") or a range label {@code "lo..hi"} (hi
 * exclusive, except for the last range) from which the engine draws with the quantile model
 * restricted to the range. For a bound field the property value {@value #NULL_VALUE} means the
 * field is null.
 *
 * @param name column name as in the seed
 * @param type column type
 * @param property bound property name, or null
 * @param nullablePercent share of nulls in percent (0..100), applies to unbound fields
 * @param quantiles quantile function sampled at evenly spaced probabilities 0..1, in the numeric
 *     space of {@link FieldType}; empty for unordered types
 * @param text word-length profile for free-text string fields, or null
 * @param scale decimal scale for DECIMAL, else null
 */
public record RecordField(
    String name,
    FieldType type,
    String property,
    double nullablePercent,
    List<Double> quantiles,
    TextProfile text,
    Integer scale)
    implements Serializable {

  public static final String NULL_VALUE = "null";

  public RecordField {
    quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
  }

  public boolean isBound() {
    return property != null;
  }
}
