package ai.dataframer.beam.core.spec;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The values an ordered type can hold, in its numeric space (epoch days for DATE, epoch millis for
 * TIMESTAMP). Band edges, quantiles widened by an extrapolation margin, and values drawn from them
 * are clamped here, so a seed whose values sit at the limits of their type (an int64 near
 * Long.MAX_VALUE, a double near Double.MAX_VALUE) never yields a spec or a record outside the type.
 *
 * <p>Dates and timestamps are kept within years 0001 to 9999: the range of BigQuery's DATE and
 * TIMESTAMP and of four-digit ISO-8601 years, which the spec and the text sinks write.
 */
public final class TypeRange {
  private TypeRange() {}

  private static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
  private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** The least value of the type; null when unbounded (DECIMAL) or not ordered. */
  public static BigDecimal min(FieldType type) {
    switch (type) {
      case INT:
        return BigDecimal.valueOf(Integer.MIN_VALUE);
      case LONG:
        return BigDecimal.valueOf(Long.MIN_VALUE);
      case TIMESTAMP:
        return BigDecimal.valueOf(FIRST_DAY.toEpochDay() * MILLIS_PER_DAY);
      case FLOAT:
        return BigDecimal.valueOf(-Float.MAX_VALUE);
      case DOUBLE:
        return BigDecimal.valueOf(-Double.MAX_VALUE);
      case DATE:
        return BigDecimal.valueOf(FIRST_DAY.toEpochDay());
      default:
        return null;
    }
  }

  /** The greatest value of the type; null when unbounded (DECIMAL) or not ordered. */
  public static BigDecimal max(FieldType type) {
    switch (type) {
      case INT:
        return BigDecimal.valueOf(Integer.MAX_VALUE);
      case LONG:
        return BigDecimal.valueOf(Long.MAX_VALUE);
      case TIMESTAMP:
        return BigDecimal.valueOf((LAST_DAY.toEpochDay() + 1) * MILLIS_PER_DAY - 1);
      case FLOAT:
        return BigDecimal.valueOf(Float.MAX_VALUE);
      case DOUBLE:
        return BigDecimal.valueOf(Double.MAX_VALUE);
      case DATE:
        return BigDecimal.valueOf(LAST_DAY.toEpochDay());
      default:
        return null;
    }
  }

  /**
   * {@link #min} and {@link #max} as doubles by type ordinal, NaN where unbounded: clamp runs once
   * per drawn number, and BigDecimal.valueOf(double) goes through a decimal string.
   */
  private static final double[] MIN_AS_DOUBLE = limitsAsDoubles(true);

  private static final double[] MAX_AS_DOUBLE = limitsAsDoubles(false);

  private static double[] limitsAsDoubles(boolean lower) {
    FieldType[] types = FieldType.values();
    double[] limits = new double[types.length];
    for (FieldType type : types) {
      BigDecimal limit = lower ? min(type) : max(type);
      limits[type.ordinal()] = limit == null ? Double.NaN : limit.doubleValue();
    }
    return limits;
  }

  /** {@code x} moved into the type's range; infinities become the nearest finite limit. */
  public static double clamp(FieldType type, double x) {
    double min = MIN_AS_DOUBLE[type.ordinal()];
    if (Double.isNaN(min)) {
      return Double.isInfinite(x) ? Math.copySign(Double.MAX_VALUE, x) : x;
    }
    return Math.max(min, Math.min(MAX_AS_DOUBLE[type.ordinal()], x));
  }

  /** {@code x} moved into the type's range. */
  public static BigDecimal clamp(FieldType type, BigDecimal x) {
    BigDecimal min = min(type);
    return min == null ? x : x.max(min).min(max(type));
  }

  /** {@code x} rounded to a long no further out than the type allows (Math.round saturates). */
  public static long roundWithin(FieldType type, double x) {
    long rounded = Math.round(clamp(type, x));
    BigDecimal min = min(type);
    return min == null
        ? rounded
        : Math.max(min.longValue(), Math.min(max(type).longValue(), rounded));
  }

  /**
   * The point a fraction {@code t} (0..1) of the way from {@code a} to {@code b}. Written so that
   * it stays finite for any finite ends: {@code a + t * (b - a)} overflows when the ends are near
   * opposite limits of a double.
   */
  public static double between(double a, double b, double t) {
    if (t <= 0) {
      return a;
    }
    if (t >= 1) {
      return b;
    }
    double x = a + t * (b - a);
    return Double.isFinite(x) ? x : a * (1 - t) + b * t;
  }

  /** {@code (x - a) / (b - a)} for a < b, computed without overflowing. */
  public static double fraction(double x, double a, double b) {
    return (x / 2 - a / 2) / (b / 2 - a / 2);
  }

  /** {@code b - a}, at most Double.MAX_VALUE. */
  public static double width(double a, double b) {
    return Math.min(Double.MAX_VALUE, b - a);
  }
}
