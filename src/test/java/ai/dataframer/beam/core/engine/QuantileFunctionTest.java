package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.field;
import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.Test;

public class QuantileFunctionTest {
  private static final int DRAWS = 20_000;

  /**
   * The 1% critical value of the one-sample KS statistic for 20,000 draws is 1.63 / sqrt(n) =
   * 0.0115.
   */
  private static final double KS_LIMIT = 0.0115;

  @Test
  public void engineDrawsReproduceAPiecewiseUniformDistribution() {
    // Thirds of the mass on [0,10), [10,20) and [20,100]: the quantile function is exactly linear.
    List<Double> quantiles = List.of(0.0, 10.0, 20.0, 100.0);
    DoubleUnaryOperator cdf =
        x -> x < 10 ? x / 30 : x < 20 ? 1.0 / 3 + (x - 10) / 30 : 2.0 / 3 + (x - 20) / 240;
    assertThat(ksDistance(engineDraws(quantiles), cdf), lessThan(KS_LIMIT));
  }

  @Test
  public void engineDrawsReproduceASmoothDistributionFromItsQuantiles() {
    // Beta(2, 2): F(x) = 3x^2 - 2x^3, quantiles at 101 evenly spaced probabilities.
    DoubleUnaryOperator cdf = x -> x <= 0 ? 0 : x >= 1 ? 1 : 3 * x * x - 2 * x * x * x;
    List<Double> quantiles = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      quantiles.add(inverse(cdf, i / 100.0));
    }
    assertThat(ksDistance(engineDraws(quantiles), cdf), lessThan(KS_LIMIT));
  }

  @Test
  public void rangeDrawsFollowTheConditionalDistribution() {
    QuantileFunction q = QuantileFunction.of("x", List.of(0.0, 10.0, 20.0, 100.0));
    SplittableRandom random = new SplittableRandom(3);
    double[] draws = new double[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      draws[i] = q.sampleWithin(5, 40, random);
      assertTrue(draws[i] >= 5 && draws[i] <= 40);
    }
    // Conditional CDF on [5, 40): mass 5/30 + 10/30 + 20/240 = 7/12 in total.
    double total = 7.0 / 12;
    DoubleUnaryOperator cdf =
        x ->
            x < 10
                ? (x - 5) / 30 / total
                : x < 20
                    ? (5.0 / 30 + (x - 10) / 30) / total
                    : (15.0 / 30 + (x - 20) / 240) / total;
    assertThat(ksDistance(draws, cdf), lessThan(KS_LIMIT));
  }

  @Test
  public void cdfInvertsTheQuantileFunctionAndKeepsPointMasses() {
    QuantileFunction q = QuantileFunction.of("x", List.of(0.0, 0.0, 0.0, 5.0, 10.0));
    assertEquals(0, q.valueAt(0.3), 0);
    assertEquals(7.5, q.valueAt(0.875), 1e-12);
    assertEquals(0.875, q.cdf(7.5), 1e-12);
    assertEquals("no mass below the point mass", 0, q.cdf(0), 0);
    assertEquals(0.5, q.cdf(1e-9), 1e-6);
    assertEquals(1, q.cdf(11), 0);
    assertEquals(0, q.spacingAt(0), 0);
    assertEquals(5, q.spacingAt(6), 0);
  }

  @Test
  public void cdfThroughCountsThePointMassAtItsArgument() {
    QuantileFunction q = QuantileFunction.of("x", List.of(0.0, 0.0, 0.0, 5.0, 5.0, 10.0, 20.0));
    // Knots at p = i/6: mass 2/6 at 0, 1/6 at 5, the rest spread over (0,5), (5,10), (10,20).
    assertEquals(0, q.cdf(0), 0);
    assertEquals(2.0 / 6, q.cdfThrough(0), 1e-12);
    assertEquals(3.0 / 6, q.cdf(5), 1e-12);
    assertEquals(4.0 / 6, q.cdfThrough(5), 1e-12);
    assertEquals("between knots both agree", q.cdf(15), q.cdfThrough(15), 0);
    assertEquals(5.5 / 6, q.cdfThrough(15), 1e-12);
    assertEquals(0, q.cdfThrough(-1), 0);
    assertEquals(1, q.cdfThrough(20), 0);
    assertEquals(1, q.cdf(20.5), 0);
  }

  @Test
  public void ofSortedKeepsFewValuesAsKnotsAndInterpolatesQuantilesOfMany() {
    double[] few = {1, 2, 2, 7};
    QuantileFunction small = QuantileFunction.ofSorted("x", few, 65);
    assertEquals(2, small.valueAt(1.0 / 3), 0);
    assertEquals(2, small.valueAt(2.0 / 3), 0);
    assertEquals(7, small.max(), 0);
    double[] many = new double[1001];
    for (int i = 0; i < many.length; i++) {
      many[i] = i * i;
    }
    QuantileFunction large = QuantileFunction.ofSorted("x", many, 65);
    assertEquals(0, large.min(), 0);
    assertEquals(1_000_000, large.max(), 0);
    // The knot at p = 1/2 is the median of 0, 1, 4, ..., 1000^2: 500^2.
    assertEquals(250_000, large.valueAt(0.5), 0);
    assertEquals(0.5, large.cdf(250_000), 1e-12);
  }

  @Test
  public void aRangeWithoutMassIsDrawnUniformly() {
    QuantileFunction q = QuantileFunction.of("x", List.of(0.0, 1.0));
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      double x = q.sampleWithin(50, 60, random);
      assertTrue(x >= 50 && x < 60);
    }
  }

  @Test
  public void decreasingQuantilesAreRejectedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> QuantileFunction.of("price", List.of(1.0, 3.0, 2.0)));
    assertThat(e.getMessage(), containsString("field 'price' quantiles must not decrease"));
  }

  private static double[] engineDraws(List<Double> quantiles) {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(),
            List.of(field("x", FieldType.DOUBLE, null, 0, quantiles, null, null)));
    EmbeddedEngine engine = new EmbeddedEngine(spec, List.of(), FingerprintSet.empty());
    double[] draws = new double[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      draws[i] = (Double) engine.draft(plan(i, Map.of()), 1).get("x");
    }
    return draws;
  }

  static double ksDistance(double[] draws, DoubleUnaryOperator cdf) {
    double[] sorted = draws.clone();
    Arrays.sort(sorted);
    double distance = 0;
    for (int i = 0; i < sorted.length; i++) {
      double f = cdf.applyAsDouble(sorted[i]);
      distance =
          Math.max(
              distance,
              Math.max(f - i / (double) sorted.length, (i + 1) / (double) sorted.length - f));
    }
    return distance;
  }

  private static double inverse(DoubleUnaryOperator cdf, double p) {
    double low = 0;
    double high = 1;
    for (int i = 0; i < 60; i++) {
      double mid = (low + high) / 2;
      if (cdf.applyAsDouble(mid) < p) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }
}
