package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.TypeRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The step between the values a field holds, in its numeric space: whole numbers, days, the
 * timestamp's unit, a decimal's scale or a double's {@code decimals}; 0 for a double without them.
 * Values a constraint makes the engine choose (a bound moved, a total added up) are put on it, so
 * they look like the field's other values.
 */
final class FieldGrain {
  /** Beyond this many steps a value is taken as it is: a step count would lose precision. */
  private static final double MAX_STEPS = 0x1p52;

  private final RecordField field;
  private final double step;
  private final Integer places;
  private final BigDecimal min;
  private final BigDecimal max;

  private FieldGrain(RecordField field, double step, Integer places) {
    this.field = field;
    this.step = step;
    this.places = places;
    this.min = TypeRange.min(field.type());
    this.max = TypeRange.max(field.type());
  }

  static FieldGrain of(RecordField field) {
    switch (field.type()) {
      case INT:
      case LONG:
      case DATE:
        return new FieldGrain(field, 1, 0);
      case TIMESTAMP:
        return new FieldGrain(field, field.unit() == null ? 1 : field.unit().millis(), null);
      case DECIMAL:
        return field.scale() == null
            ? new FieldGrain(field, 0, null)
            : new FieldGrain(field, Math.pow(10, -field.scale()), field.scale());
      case FLOAT:
      case DOUBLE:
        return field.decimals() == null
            ? new FieldGrain(field, 0, null)
            : new FieldGrain(field, Math.pow(10, -field.decimals()), field.decimals());
      default:
        throw new IllegalArgumentException(
            "field '" + field.name() + "' is " + field.type().yamlName() + ", not ordered");
    }
  }

  /** The step between the field's values in its numeric space; 0 for a continuous field. */
  double step() {
    return step;
  }

  /**
   * The field's value on its grain nearest {@code x} inside {@code [low, high]} (an end excluded
   * when strict), or null when the interval holds none.
   */
  Object within(double x, double low, boolean lowStrict, double high, boolean highStrict) {
    double position = x;
    if (step > 0 && Math.abs(x / step) < MAX_STEPS) {
      position = Math.rint(x / step) * step;
      if (below(position, low, lowStrict)) {
        position = Math.ceil(low / step) * step;
        position += below(position, low, lowStrict) ? step : 0;
      }
      if (above(position, high, highStrict)) {
        position = Math.floor(high / step) * step;
        position -= above(position, high, highStrict) ? step : 0;
      }
    } else {
      position = below(position, low, lowStrict) ? (lowStrict ? Math.nextUp(low) : low) : position;
      position =
          above(position, high, highStrict) ? (highStrict ? Math.nextDown(high) : high) : position;
    }
    Object value = valueAt(position);
    double shown = PropertyValues.toNumber(value);
    return below(shown, low, lowStrict) || above(shown, high, highStrict) ? null : value;
  }

  /** A decimal put on the field's grain, of the field's class; null when outside the type. */
  Object ofDecimal(BigDecimal value) {
    BigDecimal rounded = places == null ? value : value.setScale(places, RoundingMode.HALF_UP);
    if (min != null && (rounded.compareTo(min) < 0 || rounded.compareTo(max) > 0)) {
      return null;
    }
    switch (field.type()) {
      case INT:
        return rounded.intValue();
      case LONG:
        return rounded.longValue();
      case FLOAT:
        return rounded.floatValue();
      case DOUBLE:
        return rounded.doubleValue();
      case DECIMAL:
        return rounded;
      default:
        throw new IllegalArgumentException(
            "field '" + field.name() + "' is " + field.type().yamlName() + ", not a number");
    }
  }

  private Object valueAt(double position) {
    FieldType type = field.type();
    if (type == FieldType.TIMESTAMP) {
      return Instant.ofEpochMilli(TypeRange.roundWithin(type, position));
    }
    if (type == FieldType.DATE) {
      return LocalDate.ofEpochDay(TypeRange.roundWithin(type, position));
    }
    if (places != null && (type == FieldType.FLOAT || type == FieldType.DOUBLE)) {
      return ofDecimal(BigDecimal.valueOf(TypeRange.clamp(type, position)));
    }
    return PropertyValues.fromNumber(position, type, field.scale());
  }

  private static boolean below(double x, double low, boolean strict) {
    return strict ? x <= low : x < low;
  }

  private static boolean above(double x, double high, boolean strict) {
    return strict ? x >= high : x > high;
  }
}
