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
 * @param precision total decimal digits for DECIMAL (scale included), or null when unknown
 * @param decimals decimal places FLOAT and DOUBLE values are rounded to (0: whole numbers), or null
 *     for no rounding
 * @param unit the granularity of TIMESTAMP values, or null for milliseconds
 * @param key the key of a field whose values are unique and never a seed value, or null
 */
public record RecordField(
    String name,
    FieldType type,
    String property,
    double nullablePercent,
    List<Double> quantiles,
    TextProfile text,
    Integer scale,
    Integer precision,
    Integer decimals,
    TimestampUnit unit,
    FieldKey key)
    implements Serializable {

  public static final String NULL_VALUE = "null";

  public RecordField {
    quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
  }

  /** A field without precision, decimals, unit or key. */
  public RecordField(
      String name,
      FieldType type,
      String property,
      double nullablePercent,
      List<Double> quantiles,
      TextProfile text,
      Integer scale) {
    this(name, type, property, nullablePercent, quantiles, text, scale, null, null, null, null);
  }

  public boolean isBound() {
    return property != null;
  }

  public boolean isKey() {
    return key != null;
  }

  public RecordField withProperty(String newProperty) {
    return new RecordField(
        name,
        type,
        newProperty,
        nullablePercent,
        quantiles,
        text,
        scale,
        precision,
        decimals,
        unit,
        key);
  }

  public RecordField withText(TextProfile newText) {
    return new RecordField(
        name,
        type,
        property,
        nullablePercent,
        quantiles,
        newText,
        scale,
        precision,
        decimals,
        unit,
        key);
  }

  public RecordField withPrecision(Integer newPrecision) {
    return new RecordField(
        name,
        type,
        property,
        nullablePercent,
        quantiles,
        text,
        scale,
        newPrecision,
        decimals,
        unit,
        key);
  }

  public RecordField withDecimals(Integer newDecimals) {
    return new RecordField(
        name,
        type,
        property,
        nullablePercent,
        quantiles,
        text,
        scale,
        precision,
        newDecimals,
        unit,
        key);
  }

  public RecordField withUnit(TimestampUnit newUnit) {
    return new RecordField(
        name,
        type,
        property,
        nullablePercent,
        quantiles,
        text,
        scale,
        precision,
        decimals,
        newUnit,
        key);
  }

  public RecordField withKey(FieldKey newKey) {
    return new RecordField(
        name,
        type,
        property,
        nullablePercent,
        quantiles,
        text,
        scale,
        precision,
        decimals,
        unit,
        newKey);
  }
}
