package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import java.math.BigDecimal;
import java.math.RoundingMode;

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
   * The interval of the numeric space whose values, once converted to the field's type (rounded for
   * integral types, scaled for decimals), land in this range. Drawing from it and converting
   * conditions the continuous model exactly on the range.
   */
  public double[] drawWindow(RecordField field) {
    double half = halfStep(field);
    return new double[] {low - half, closed ? high + half : high - half};
  }

  /**
   * The value of the field's type at position {@code x}, pulled inside the range when conversion
   * pushed it out (e.g. a float rounding up to the excluded upper end).
   */
  public Object valueWithin(double x, RecordField field) {
    Object value = PropertyValues.fromNumber(x, field.type(), field.scale());
    if (contains(PropertyValues.toNumber(value))) {
      return value;
    }
    double clamped = Math.max(low, Math.min(x, high));
    if (!closed && clamped >= high) {
      clamped = Math.nextDown(high);
    }
    value = floorValue(clamped, field);
    if (contains(PropertyValues.toNumber(value))) {
      return value;
    }
    return ceilingValue(low, field);
  }

  /**
   * Half the step between neighbouring values of the field's type (0 for floating point): the
   * numbers within it of a value convert to that value.
   */
  static double halfStep(RecordField field) {
    if (field.type().isIntegral()) {
      return 0.5;
    }
    if (field.type() == FieldType.DECIMAL && field.scale() != null) {
      return 0.5 * Math.pow(10, -field.scale());
    }
    return 0;
  }

  private static Object floorValue(double x, RecordField field) {
    switch (field.type()) {
      case FLOAT:
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
      case DECIMAL:
        BigDecimal decimal = new BigDecimal(x);
        return field.scale() == null
            ? decimal
            : decimal.setScale(field.scale(), RoundingMode.FLOOR);
      default:
        return PropertyValues.fromNumber(Math.floor(x), field.type(), field.scale());
    }
  }

  private static Object ceilingValue(double x, RecordField field) {
    switch (field.type()) {
      case FLOAT:
        float f = (float) x;
        return f < x ? Math.nextUp(f) : f;
      case DECIMAL:
        BigDecimal decimal = new BigDecimal(x);
        return field.scale() == null
            ? decimal
            : decimal.setScale(field.scale(), RoundingMode.CEILING);
      default:
        return PropertyValues.fromNumber(Math.ceil(x), field.type(), field.scale());
    }
  }
}
