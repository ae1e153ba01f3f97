package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.TypeRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The piecewise-linear quantile function through a field's {@code quantiles} (values at evenly
 * spaced probabilities 0, 1/(k-1), ..., 1) and its inverse, the CDF. Sampling is inverse-CDF: Q(U)
 * for uniform U; restricting to a range draws U between the CDF positions of its ends. Repeated
 * quantile values are point masses (e.g. many zeros) and are kept as such.
 */
public final class QuantileFunction {
  private final double[] knots;

  private QuantileFunction(double[] knots) {
    this.knots = knots;
  }

  /**
   * @throws IllegalArgumentException naming the field when the quantiles are empty, not finite or
   *     decreasing
   */
  public static QuantileFunction of(String fieldName, List<Double> quantiles) {
    if (quantiles.isEmpty()) {
      throw new IllegalArgumentException("field '" + fieldName + "' has no quantiles");
    }
    double[] knots = new double[quantiles.size()];
    for (int i = 0; i < knots.length; i++) {
      Double q = quantiles.get(i);
      if (q == null || !Double.isFinite(q)) {
        throw new IllegalArgumentException(
            "field '" + fieldName + "' quantile " + i + " is " + q + ", expected a finite number");
      }
      if (i > 0 && q < knots[i - 1]) {
        throw new IllegalArgumentException(
            "field '"
                + fieldName
                + "' quantiles must not decrease, but quantile "
                + i
                + " ("
                + q
                + ") is below quantile "
                + (i - 1)
                + " ("
                + knots[i - 1]
                + ")");
      }
      knots[i] = q;
    }
    return new QuantileFunction(knots);
  }

  /**
   * The quantile function of sorted values: the values themselves as knots when there are at most
   * {@code maxKnots} of them, else linearly interpolated quantiles at {@code maxKnots} evenly
   * spaced probabilities.
   *
   * @throws IllegalArgumentException when the values are empty, not finite or not sorted
   */
  public static QuantileFunction ofSorted(String fieldName, double[] sorted, int maxKnots) {
    if (sorted.length <= maxKnots) {
      return of(fieldName, Arrays.stream(sorted).boxed().toList());
    }
    List<Double> knots = new ArrayList<>(maxKnots);
    for (int k = 0; k < maxKnots; k++) {
      double position = k * (sorted.length - 1) / (double) (maxKnots - 1);
      int i = Math.min((int) position, sorted.length - 2);
      knots.add(TypeRange.between(sorted[i], sorted[i + 1], position - i));
    }
    return of(fieldName, knots);
  }

  public double min() {
    return knots[0];
  }

  public double max() {
    return knots[knots.length - 1];
  }

  /** Q(p) for p in [0, 1]. */
  public double valueAt(double p) {
    if (knots.length == 1) {
      return knots[0];
    }
    double position = Math.max(0, Math.min(1, p)) * (knots.length - 1);
    int i = Math.min((int) position, knots.length - 2);
    double fraction = position - i;
    return TypeRange.between(knots[i], knots[i + 1], fraction);
  }

  /** P(X < x): left-continuous, so a point mass at x is not counted below x. */
  public double cdf(double x) {
    if (x <= knots[0]) {
      return 0;
    }
    if (x > max()) {
      return 1;
    }
    // The first knot at or above x; knots[i - 1] < x <= knots[i], so the segment has positive
    // width.
    int i = firstAtOrAbove(x);
    double fraction = TypeRange.fraction(x, knots[i - 1], knots[i]);
    return (i - 1 + fraction) / (knots.length - 1);
  }

  /** P(X <= x): right-continuous, so a point mass at x is counted. */
  public double cdfThrough(double x) {
    if (x < knots[0]) {
      return 0;
    }
    if (x >= max()) {
      return 1;
    }
    // The last knot at or below x; knots[i] <= x < knots[i + 1].
    int i = firstAbove(x) - 1;
    double fraction = TypeRange.fraction(x, knots[i], knots[i + 1]);
    return (i + fraction) / (knots.length - 1);
  }

  /** The smallest i with knots[i] >= x, for knots[0] < x <= max. */
  private int firstAtOrAbove(double x) {
    int low = 1;
    int high = knots.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (knots[middle] >= x) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** The smallest i with knots[i] > x, for knots[0] <= x < max. */
  private int firstAbove(double x) {
    int low = 1;
    int high = knots.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (knots[middle] > x) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  public double sample(SplittableRandom random) {
    return valueAt(random.nextDouble());
  }

  /**
   * A draw restricted to [low, high): Q(U) with U uniform between cdf(low) and cdf(high). When the
   * model puts no mass there (a range outside the seen values), the draw is uniform over the range.
   */
  public double sampleWithin(double low, double high, SplittableRandom random) {
    double from = cdf(low);
    double to = cdf(high);
    double u = random.nextDouble();
    if (to <= from) {
      return TypeRange.between(low, high, u);
    }
    double x = valueAt(from + u * (to - from));
    return Math.max(low, Math.min(high, x));
  }

  /**
   * The width of the quantile segment holding x: the scale of a "small" move near x. Zero on a
   * point mass, so repeated values stay exact.
   */
  public double spacingAt(double x) {
    for (int i = 0; i + 1 < knots.length; i++) {
      if (knots[i] == x && knots[i + 1] == x) {
        return 0;
      }
    }
    for (int i = 0; i + 1 < knots.length; i++) {
      if (knots[i] <= x && x < knots[i + 1]) {
        return TypeRange.width(knots[i], knots[i + 1]);
      }
    }
    return knots.length == 1
        ? 0
        : TypeRange.width(knots[knots.length - 2], knots[knots.length - 1]);
  }
}
