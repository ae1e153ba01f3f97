package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;

/**
 * A range label bound to an ordered field, with its end inclusion resolved: ranges are half-open
 * {@code [low, high)} except the property's last range (the highest upper end), which is closed,
 * and a degenerate range {@code "v..v"}, which holds v.
 */
public record BoundRange(double low, double high, boolean closed) {

  public boolean contains(double x) {
    return x >= low && (closed ? x <= high : x < high);
  }

  /**
   * The interval of the numeric space whose values, once moved onto the field's grain (rounded for
   * integral types and timestamp units, scaled for decimals, to {@code decimals} places for floats
   * and doubles), land in this range. Drawing from it and converting conditions the continuous
   * model exactly on the range.
   */
  public double[] drawWindow(Granularity grain) {
    double half = grain.step() / 2;
    return new double[] {low - half, closed ? high + half : high - half};
  }

  public double[] drawWindow(RecordField field) {
    return drawWindow(Granularity.of(field));
  }

  /**
   * The value on the field's grain at position {@code x}, pulled inside the range when rounding
   * pushed it out (e.g. a float rounding up to the excluded upper end, or an end that is not on the
   * grain).
   */
  public Object valueWithin(double x, Granularity grain) {
    Object value = grain.value(x);
    if (contains(PropertyValues.toNumber(value))) {
      return value;
    }
    double clamped = Math.max(low, Math.min(x, high));
    if (!closed && clamped >= high) {
      clamped = Math.nextDown(high);
    }
    value = grain.floor(clamped);
    if (contains(PropertyValues.toNumber(value))) {
      return value;
    }
    return grain.ceiling(low);
  }

  public Object valueWithin(double x, RecordField field) {
    return valueWithin(x, Granularity.of(field));
  }
}
