package ai.dataframer.beam.core.spec;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How the constraints of a spec read record values, shared by the analyst that learns them and the
 * engine and filter that keep them, so a rule learned from the seed is checked the same way: orders
 * compare exactly within a type (decimals as decimals, longs as longs), sums add exact decimals,
 * and a {@code determines} mapping matches decimals whatever their trailing zeros.
 */
public final class ConstraintValues {
  private ConstraintValues() {}

  /**
   * Compares two ordered values: exactly when both have the same class, else by their numeric-space
   * positions ({@link PropertyValues#toNumber}).
   *
   * @throws IllegalArgumentException when either is not an ordered value
   */
  public static int compare(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y);
    }
    if (isWhole(a) && isWhole(b)) {
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.compareTo(y);
    }
    if (a instanceof LocalDate x && b instanceof LocalDate y) {
      return x.compareTo(y);
    }
    return Double.compare(PropertyValues.toNumber(a), PropertyValues.toNumber(b));
  }

  /** Whether {@code left op right} holds for two ordered values. */
  public static boolean holds(Constraint.Order order, Object left, Object right) {
    int c = compare(left, right);
    switch (order.op()) {
      case ">=":
        return c >= 0;
      case ">":
        return c > 0;
      case "<=":
        return c <= 0;
      case "<":
        return c < 0;
      default:
        throw new IllegalStateException("unknown order operator '" + order.op() + "'");
    }
  }

  /**
   * The decimal a number reads as: a double or float by its shortest text (0.1, not the binary
   * expansion), so a sum of cents adds up as it does on paper.
   *
   * @throws IllegalArgumentException when {@code number} is not a number
   */
  public static BigDecimal exact(Object number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (isWhole(number)) {
      return BigDecimal.valueOf(((Number) number).longValue());
    }
    if (number instanceof Float f) {
      return new BigDecimal(Float.toString(f));
    }
    if (number instanceof Double d) {
      return BigDecimal.valueOf(d);
    }
    throw new IllegalArgumentException(number + " is not a number");
  }

  /**
   * Relative slack on top of a sum's tolerance, for the binary error of doubles added by whoever
   * wrote the seed: a trillionth of the magnitude of the values added, thousands of doubles'
   * epsilons. A billionth let Long.MAX - i + Long.MIN + i "add up" to any int.
   */
  public static final double RELATIVE_SLACK = 1e-12;

  /** The exact sum of numbers ({@link #exact}). */
  public static BigDecimal sum(List<Object> parts) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Object part : parts) {
      sum = sum.add(exact(part));
    }
    return sum;
  }

  /**
   * Whether {@code total} equals {@code sum} of {@code parts} within {@code tolerance} and the
   * {@link #RELATIVE_SLACK}.
   */
  public static boolean sumHolds(Object total, List<Object> parts, double tolerance) {
    BigDecimal exactTotal = exact(total);
    BigDecimal magnitude = exactTotal.abs();
    for (Object part : parts) {
      magnitude = magnitude.add(exact(part).abs());
    }
    double error = exactTotal.subtract(sum(parts)).abs().doubleValue();
    return error <= tolerance + RELATIVE_SLACK * magnitude.doubleValue();
  }

  /** A key under which equal values match: decimals without trailing zeros, others as they are. */
  public static Object key(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
    }
    return value;
  }

  private static boolean isWhole(Object value) {
    return value instanceof Integer || value instanceof Long;
  }
}
