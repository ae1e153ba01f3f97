package ai.dataframer.beam.core.eval;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class StatisticsTest {
  private static final double EPS = 1e-12;

  @Test
  public void ksIsTheLargestGapBetweenEmpiricalCdfs() {
    // CDFs at 1..6: a = .25 .5 .75 1 1 1, b = 0 0 .25 .5 .75 1; the largest gap is .5 at 2 and at
    // 4.
    assertEquals(
        0.5, Statistics.ksStatistic(new double[] {4, 1, 3, 2}, new double[] {6, 3, 5, 4}), EPS);
  }

  @Test
  public void ksStepsOverTiesTogether() {
    // At 1: 2/3 against 1/3; at 2 both CDFs reach 1. Stepping one tied value at a time would see
    // 2/3.
    assertEquals(
        1.0 / 3, Statistics.ksStatistic(new double[] {1, 1, 2}, new double[] {1, 2, 2}), EPS);
  }

  @Test
  public void ksIsZeroForEqualSamplesAndOneForDisjointOnes() {
    assertEquals(0.0, Statistics.ksStatistic(new double[] {3, 1, 2}, new double[] {1, 2, 3}), EPS);
    assertEquals(1.0, Statistics.ksStatistic(new double[] {1, 2}, new double[] {3, 4, 5}), EPS);
  }

  @Test
  public void ksRejectsAnEmptySample() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Statistics.ksStatistic(new double[] {1}, new double[0]));
    assertEquals("KS statistic needs two non-empty samples, but had 1 and 0", e.getMessage());
  }

  @Test
  public void totalVariationIsHalfTheSumOfShareDifferences() {
    // Shares a: x .5, y .25, z .25; b: x .25, y .75. Differences .25 + .5 + .25 = 1, halved.
    assertEquals(
        0.5,
        Statistics.totalVariation(List.of("x", "x", "y", "z"), List.of("x", "y", "y", "y")),
        EPS);
    assertEquals(
        0.0, Statistics.totalVariation(List.of("a", "b"), List.of("b", "a", "b", "a")), EPS);
    assertEquals(1.0, Statistics.totalVariation(List.of("a"), List.of("b", "c")), EPS);
  }

  @Test
  public void totalVariationCountsNullAsACategory() {
    assertEquals(0.5, Statistics.totalVariation(Arrays.asList(null, "a"), List.of("a", "a")), EPS);
  }

  @Test
  public void pearsonOfPerfectlyCorrelatedAndAntiCorrelatedData() {
    double[] x = {1, 2, 3, 4, 5};
    assertEquals(1.0, Statistics.pearson(x, new double[] {10, 20, 30, 40, 50}), EPS);
    assertEquals(-1.0, Statistics.pearson(x, new double[] {5, 3, 1, -1, -3}), EPS);
  }

  @Test
  public void pearsonUsesPairwiseCompleteRows() {
    // Without the NaN rows the points lie on y = 2x; the outliers in the incomplete rows must not
    // count.
    double[] x = {1, 2, Double.NaN, 3, 100};
    double[] y = {2, 4, -50, 6, Double.NaN};
    assertEquals(1.0, Statistics.pearson(x, y), EPS);
  }

  @Test
  public void pearsonIsUndefinedForConstantOrTooShortData() {
    assertTrue(Double.isNaN(Statistics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    assertTrue(Double.isNaN(Statistics.pearson(new double[] {1, Double.NaN}, new double[] {1, 2})));
  }

  @Test
  public void quantileInterpolatesBetweenOrderStatistics() {
    double[] sorted = {10, 20, 30, 40, 50};
    assertEquals(30.0, Statistics.quantile(sorted, 0.5), EPS);
    assertEquals(12.0, Statistics.quantile(sorted, 0.05), EPS);
    assertEquals(50.0, Statistics.quantile(sorted, 1.0), EPS);
  }

  @Test
  public void quantileCutsMergeTiesSoNoBinIsEmpty() {
    double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Double.NaN};
    assertArrayEquals(new double[] {2, 4, 6, 8}, Statistics.quantileCuts(values, 5), EPS);
    // Mostly ones: the 20%, 40% and 60% cuts are all 1 and collapse into one; bins {1}, {2}, {3,
    // 4}.
    double[] ratings = {1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    assertArrayEquals(new double[] {1, 2}, Statistics.quantileCuts(ratings, 5), EPS);
  }

  @Test
  public void binCountsTheCutsBelowTheValue() {
    double[] cuts = {1.0, 2.0, 3.5};
    assertEquals(0, Statistics.bin(1.0, cuts));
    assertEquals(1, Statistics.bin(2.0, cuts));
    assertEquals(2, Statistics.bin(2.1, cuts));
    assertEquals(3, Statistics.bin(4.0, cuts));
    assertEquals(0, Statistics.bin(-100.0, cuts));
  }
}
