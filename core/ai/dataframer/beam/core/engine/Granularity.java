package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.TimestampUnit;
import ai.dataframer.beam.core.spec.TypeRange;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The grain of a field's values (docs/ARCHITECTURE.md "Embedded values"): FLOAT and DOUBLE values
 * at most {@code decimals} places, DECIMAL values at the field's {@code scale} and within {@code
 * precision} digits, TIMESTAMP values whole {@code unit}s since the epoch; whole numbers for INT,
 * LONG and DATE. Every value the engine draws goes through {@link #value} or {@link #apply}, and
 * the structural filter checks {@link #holds}, so a column of cents never comes out with a
 * fourteenth decimal. Values a constraint makes the engine choose (a bound moved, a total added up)
 * are put on it too ({@link #within}, {@link #ofDecimal}).
 *
 * <p>Floats and doubles are rounded in binary arithmetic, {@code rint(x * 10^d) / 10^d}: fast, and
 * it gives the double nearest the decimal, which is what a seed value written with d places reads
 * as. Rounding twice gives the same double as long as {@code |x| * 10^d} stays below 2^50 (2^22 for
 * a float), where the errors of the product and the division stay below half a grain; larger values
 * (cents past ten trillion) are left as they are, and {@link #holds} agrees, so the two never
 * disagree.
 */
public final class Granularity {
  /** Up to this many grains, rounding a double twice gives the same double. */
  private static final double DOUBLE_EXACT = 0x1p50;

  private static final double FLOAT_EXACT = 0x1p22;

  /** Beyond this many steps a value is taken as it is: a step count would lose precision. */
  private static final double MAX_STEPS = 0x1p52;

  private static final Granularity NONE = new Granularity(null, null, null, null, 0, null, 0, "");

  private final FieldType type;
  private final Integer scale;
  private final Integer precision;

  /** The largest magnitude a DECIMAL with scale and precision holds; null when unlimited. */
  private final BigDecimal maxDecimal;

  /** 10^decimals for a FLOAT or DOUBLE with decimals, else 0. */
  private final double factor;

  private final Integer decimals;

  /** The unit of a TIMESTAMP in milliseconds, 1 without one; 0 for other types. */
  private final long unitMillis;

  private final String description;

  private Granularity(
      FieldType type,
      Integer scale,
      Integer precision,
      BigDecimal maxDecimal,
      double factor,
      Integer decimals,
      long unitMillis,
      String description) {
    this.type = type;
    this.scale = scale;
    this.precision = precision;
    this.maxDecimal = maxDecimal;
    this.factor = factor;
    this.decimals = decimals;
    this.unitMillis = unitMillis;
    this.description = description;
  }

  /** The grain of an ordered or decimal field; fields of other types have none. */
  public static Granularity of(RecordField field) {
    FieldType type = field.type();
    switch (type) {
      case FLOAT:
      case DOUBLE:
        Integer decimals = field.decimals();
        if (decimals == null) {
          return new Granularity(type, null, null, null, 0, null, 0, "");
        }
        return new Granularity(
            type,
            null,
            null,
            null,
            Math.pow(10, decimals),
            decimals,
            0,
            decimals == 0 ? "whole numbers" : decimals + " decimal places");
      case DECIMAL:
        return decimal(field.scale(), field.precision());
      case TIMESTAMP:
        TimestampUnit unit = field.unit() == null ? TimestampUnit.MILLISECOND : field.unit();
        return new Granularity(
            type, null, null, null, 0, null, unit.millis(), "whole " + unit.yamlName() + "s");
      case INT:
      case LONG:
      case DATE:
        return new Granularity(type, null, null, null, 0, null, 0, "");
      default:
        return NONE;
    }
  }

  private static Granularity decimal(Integer scale, Integer precision) {
    BigDecimal max = null;
    if (scale != null && precision != null && precision >= scale) {
      // e.g. precision 5, scale 2: 999.99
      max = BigDecimal.ONE.scaleByPowerOfTen(precision - scale).subtract(step(scale));
    }
    String description =
        (scale == null ? "" : "scale " + scale)
            + (scale != null && precision != null ? ", " : "")
            + (precision == null ? "" : "at most " + precision + " digits");
    return new Granularity(FieldType.DECIMAL, scale, precision, max, 0, null, 0, description);
  }

  private static BigDecimal step(int scale) {
    return BigDecimal.ONE.scaleByPowerOfTen(-scale);
  }

  /**
   * The distance between neighbouring values in the numeric space: 1 for whole numbers and dates,
   * the unit for timestamps, 10^-scale or 10^-decimals; 0 where values are continuous.
   */
  public double step() {
    if (type == null) {
      return 0;
    }
    switch (type) {
      case INT:
      case LONG:
      case DATE:
        return 1;
      case TIMESTAMP:
        return unitMillis;
      case DECIMAL:
        return scale == null ? 0 : Math.pow(10, -scale);
      case FLOAT:
      case DOUBLE:
        return decimals == null ? 0 : 1 / factor;
      default:
        return 0;
    }
  }

  /** How the grain reads in a reason, e.g. "2 decimal places", "whole seconds", "scale 2". */
  public String describe() {
    return description;
  }

  /** The value of the field's type on the grain nearest numeric-space position {@code x}. */
  public Object value(double x) {
    switch (type) {
      case FLOAT:
      case DOUBLE:
        return ofType(roundBinary(TypeRange.clamp(type, x)));
      case DECIMAL:
        BigDecimal decimal = BigDecimal.valueOf(TypeRange.clamp(type, x));
        return fitDecimal(scale == null ? decimal : decimal.setScale(scale, RoundingMode.HALF_UP));
      case TIMESTAMP:
        return Instant.ofEpochMilli(nearestUnit(TypeRange.roundWithin(type, x)));
      default:
        return PropertyValues.fromNumber(x, type, scale);
    }
  }

  /** The greatest value on the grain at or below {@code x}. */
  public Object floor(double x) {
    switch (type) {
      case FLOAT:
      case DOUBLE:
        return binaryFloor(x);
      case DECIMAL:
        BigDecimal decimal = new BigDecimal(x);
        return fitDecimal(scale == null ? decimal : decimal.setScale(scale, RoundingMode.FLOOR));
      case TIMESTAMP:
        long millis = TypeRange.roundWithin(type, Math.floor(x));
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, unitMillis));
      default:
        return PropertyValues.fromNumber(Math.floor(x), type, scale);
    }
  }

  /** The least value on the grain at or above {@code x}. */
  public Object ceiling(double x) {
    switch (type) {
      case FLOAT:
      case DOUBLE:
        return binaryCeiling(x);
      case DECIMAL:
        BigDecimal decimal = new BigDecimal(x);
        return fitDecimal(scale == null ? decimal : decimal.setScale(scale, RoundingMode.CEILING));
      case TIMESTAMP:
        long millis = TypeRange.roundWithin(type, Math.ceil(x));
        long remainder = Math.floorMod(millis, unitMillis);
        return Instant.ofEpochMilli(
            remainder == 0 ? millis : floorWithinType(millis - remainder + unitMillis));
      default:
        return PropertyValues.fromNumber(Math.ceil(x), type, scale);
    }
  }

  /** {@code value} (of the field's class, or null) moved onto the grain; others pass unchanged. */
  public Object apply(Object value) {
    if (value instanceof Double d) {
      return decimals == null ? d : (Object) roundBinary(d);
    }
    if (value instanceof Float f) {
      return decimals == null ? f : (Object) (float) roundBinary(f);
    }
    if (value instanceof BigDecimal decimal) {
      return fitDecimal(
          scale == null || decimal.scale() == scale
              ? decimal
              : decimal.setScale(scale, RoundingMode.HALF_UP));
    }
    if (value instanceof Instant instant && unitMillis > 1) {
      long millis = instant.toEpochMilli();
      return Math.floorMod(millis, unitMillis) == 0
          ? instant
          : Instant.ofEpochMilli(nearestUnit(millis));
    }
    return value;
  }

  /** Whether {@code value} is on the grain: {@link #apply} would leave it as it is. */
  public boolean holds(Object value) {
    if (value instanceof Double d) {
      return decimals == null || roundBinary(d) == d;
    }
    if (value instanceof Float f) {
      return decimals == null || (float) roundBinary(f) == f;
    }
    if (value instanceof BigDecimal decimal) {
      boolean scaled = scale == null || decimal.scale() == scale;
      boolean narrow =
          maxDecimal != null
              ? decimal.abs().compareTo(maxDecimal) <= 0
              : precision == null || decimal.precision() <= precision;
      return scaled && narrow;
    }
    if (value instanceof Instant instant && unitMillis > 1) {
      return Math.floorMod(instant.toEpochMilli(), unitMillis) == 0;
    }
    return true;
  }

  /**
   * The value on the grain nearest {@code x} inside {@code [low, high]} (an end excluded when
   * strict), of the field's class, or null when the interval holds none.
   */
  Object within(double x, double low, boolean lowStrict, double high, boolean highStrict) {
    double step = step();
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

  /**
   * A decimal (a sum of parts, a total less the others) rounded half-up onto the grain, of the
   * field's class; null when outside the type's range.
   */
  Object ofDecimal(BigDecimal value) {
    Integer places = places();
    BigDecimal rounded = places == null ? value : value.setScale(places, RoundingMode.HALF_UP);
    BigDecimal min = TypeRange.min(type);
    BigDecimal max = TypeRange.max(type);
    if (min != null && (rounded.compareTo(min) < 0 || rounded.compareTo(max) > 0)) {
      return null;
    }
    switch (type) {
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
        throw new IllegalArgumentException("a " + type.yamlName() + " is not a number");
    }
  }

  /** Decimal places of a number's grain: 0 for whole numbers; null without a grain. */
  private Integer places() {
    switch (type) {
      case INT:
      case LONG:
      case DATE:
        return 0;
      case DECIMAL:
        return scale;
      case FLOAT:
      case DOUBLE:
        return decimals;
      default:
        return null;
    }
  }

  private Object valueAt(double position) {
    if (type == FieldType.TIMESTAMP) {
      return Instant.ofEpochMilli(TypeRange.roundWithin(type, position));
    }
    if (type == FieldType.DATE) {
      return LocalDate.ofEpochDay(TypeRange.roundWithin(type, position));
    }
    if (decimals != null && (type == FieldType.FLOAT || type == FieldType.DOUBLE)) {
      return ofDecimal(BigDecimal.valueOf(TypeRange.clamp(type, position)));
    }
    return PropertyValues.fromNumber(position, type, scale);
  }

  private static boolean below(double x, double low, boolean strict) {
    return strict ? x <= low : x < low;
  }

  private static boolean above(double x, double high, boolean strict) {
    return strict ? x >= high : x > high;
  }

  /**
   * {@code x} at {@code decimals} places; adding 0.0 turns a negative zero (a small negative value
   * rounded away) into a plain zero.
   */
  private double roundBinary(double x) {
    return hasBinaryGrain(x) ? Math.rint(x * factor) / factor + 0.0 : x;
  }

  private boolean hasBinaryGrain(double x) {
    double exact = type == FieldType.FLOAT ? FLOAT_EXACT : DOUBLE_EXACT;
    return decimals != null && Math.abs(x * factor) < exact;
  }

  private Object binaryFloor(double x) {
    if (!hasBinaryGrain(x)) {
      if (type == FieldType.FLOAT) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
      }
      return x;
    }
    double k = Math.rint(x * factor);
    while (ofTypeAsDouble(k / factor) > x) {
      k--;
    }
    return ofType(k / factor + 0.0);
  }

  private Object binaryCeiling(double x) {
    if (!hasBinaryGrain(x)) {
      if (type == FieldType.FLOAT) {
        float f = (float) x;
        return f < x ? Math.nextUp(f) : f;
      }
      return x;
    }
    double k = Math.rint(x * factor);
    while (ofTypeAsDouble(k / factor) < x) {
      k++;
    }
    return ofType(k / factor + 0.0);
  }

  /** The value a double becomes in the field's type, compared as a double. */
  private double ofTypeAsDouble(double x) {
    return type == FieldType.FLOAT ? (float) x : x;
  }

  private Object ofType(double x) {
    return type == FieldType.FLOAT ? (Object) (float) x : (Object) x;
  }

  /** A decimal too wide for the precision becomes the widest one of its sign. */
  private BigDecimal fitDecimal(BigDecimal decimal) {
    if (maxDecimal != null) {
      return decimal.abs().compareTo(maxDecimal) <= 0
          ? decimal
          : decimal.signum() < 0 ? maxDecimal.negate() : maxDecimal;
    }
    if (precision != null && decimal.precision() > precision) {
      return decimal.round(new MathContext(precision, RoundingMode.HALF_UP));
    }
    return decimal;
  }

  private long nearestUnit(long millis) {
    long remainder = Math.floorMod(millis, unitMillis);
    long down = millis - remainder;
    return remainder * 2 >= unitMillis ? floorWithinType(down + unitMillis) : down;
  }

  /** The last unit of year 9999 is the latest whole unit the type holds. */
  private long floorWithinType(long millis) {
    long max = TypeRange.max(FieldType.TIMESTAMP).longValue();
    return millis <= max ? millis : max - Math.floorMod(max, unitMillis);
  }
}
