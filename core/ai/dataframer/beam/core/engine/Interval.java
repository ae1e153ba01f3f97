package ai.dataframer.beam.core.engine;

/**
 * Where a field's value may lie, in its numeric space; each end open or closed. Narrowed by {@link
 * ConstraintEnforcer} as orders and bound ranges are applied.
 */
final class Interval {
  double low = Double.NEGATIVE_INFINITY;
  double high = Double.POSITIVE_INFINITY;
  boolean lowStrict;
  boolean highStrict;

  void atLeast(double at, boolean strict) {
    if (at > low || (at == low && strict)) {
      low = at;
      lowStrict = strict;
    }
  }

  void atMost(double at, boolean strict) {
    if (at < high || (at == high && strict)) {
      high = at;
      highStrict = strict;
    }
  }

  boolean contains(double x) {
    return (lowStrict ? x > low : x >= low) && (highStrict ? x < high : x <= high);
  }

  boolean isEmpty() {
    return low > high || (low == high && (lowStrict || highStrict));
  }
}
