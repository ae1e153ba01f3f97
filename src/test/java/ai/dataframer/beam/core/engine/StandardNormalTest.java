package ai.dataframer.beam.core.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * The published approximations are as accurate as their papers say. Reference values are the
 * standard normal CDF and quantiles to double precision (as tabulated by, e.g., scipy.special.ndtr
 * and ndtri).
 */
public class StandardNormalTest {
  private static final double[][] CDF = {
    {-20, 2.7536241186061556e-89},
    {-10, 7.61985302416047e-24},
    {-8, 6.22096057427174e-16},
    {-7.5, 3.1908916729108844e-14},
    {-6, 9.865876450376946e-10},
    {-5, 2.866515718791933e-07},
    {-3, 0.0013498980316300933},
    {-1.96, 0.024997895148220435},
    {-1, 0.15865525393145707},
    {-0.5, 0.3085375387259869},
    {0, 0.5},
    {0.3, 0.6179114221889526},
    {1.5, 0.9331927987311419},
    {2.5, 0.9937903346742238},
    {4, 0.9999683287581669},
  };

  private static final double[][] QUANTILES = {
    {1e-300, -37.0470962993612},
    {1e-100, -21.273453560965322},
    {1e-20, -9.262340089798409},
    {1e-10, -6.361340902404056},
    {1e-05, -4.264890793922825},
    {0.001, -3.090232306167813},
    {0.025, -1.9599639845400545},
    {0.1, -1.2815515655446004},
    {0.3, -0.5244005127080409},
    {0.5, 0.0},
    {0.7, 0.5244005127080407},
    {0.975, 1.959963984540054},
    {0.999, 3.090232306167813},
  };

  @Test
  public void cdfIsAccurateInAbsoluteTermsAndInRelativeTermsInTheLowerTail() {
    for (double[] point : CDF) {
      double x = point[0];
      double expected = point[1];
      double actual = StandardNormal.cdf(x);
      assertEquals("cdf(" + x + ")", expected, actual, 1e-15);
      if (x < 0) {
        assertEquals("relative error of cdf(" + x + ")", 0, (actual - expected) / expected, 1e-8);
      }
    }
    assertEquals("past the underflow", 0, StandardNormal.cdf(-38), 0);
    assertEquals(1, StandardNormal.cdf(38), 0);
  }

  @Test
  public void cdfIsSymmetric() {
    for (double x = -9; x <= 9; x += 0.37) {
      assertEquals(1, StandardNormal.cdf(x) + StandardNormal.cdf(-x), 1e-15);
    }
  }

  @Test
  public void inverseCdfIsAccurateToAboutTheLastDigit() {
    for (double[] point : QUANTILES) {
      double expected = point[1];
      double actual = StandardNormal.inverseCdf(point[0]);
      assertEquals(
          "inverseCdf(" + point[0] + ")", expected, actual, 1e-14 * (1 + Math.abs(expected)));
    }
  }

  @Test
  public void inverseCdfUndoesTheCdf() {
    for (double p : new double[] {1e-15, 1e-9, 1e-4, 0.02, 0.2, 0.425, 0.5, 0.6, 0.925, 0.9999}) {
      double z = StandardNormal.inverseCdf(p);
      assertEquals("cdf(inverseCdf(" + p + "))", 0, (StandardNormal.cdf(z) - p) / p, 1e-8);
    }
  }

  @Test
  public void inverseCdfHasInfiniteEndsAndRejectsNonProbabilities() {
    assertEquals(Double.NEGATIVE_INFINITY, StandardNormal.inverseCdf(0), 0);
    assertEquals(Double.POSITIVE_INFINITY, StandardNormal.inverseCdf(1), 0);
    for (double p : new double[] {-0.1, 1.1, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> StandardNormal.inverseCdf(p));
      assertEquals("a probability is in [0, 1], but was " + p, e.getMessage());
    }
  }

  @Test
  public void truncatedDrawsFollowTheTruncatedDistribution() {
    double low = 0.5;
    double high = 2;
    double mass = StandardNormal.cdf(high) - StandardNormal.cdf(low);
    SplittableRandom random = new SplittableRandom(5);
    double[] draws = new double[20_000];
    for (int i = 0; i < draws.length; i++) {
      draws[i] = StandardNormal.truncated(low, high, random);
      assertTrue(draws[i] >= low && draws[i] <= high);
    }
    Arrays.sort(draws);
    double ks = 0;
    for (int i = 0; i < draws.length; i++) {
      double cdf = (StandardNormal.cdf(draws[i]) - StandardNormal.cdf(low)) / mass;
      ks =
          Math.max(
              ks,
              Math.max(
                  Math.abs(cdf - i / (double) draws.length),
                  Math.abs(cdf - (i + 1) / (double) draws.length)));
    }
    // The 1% critical value of the KS statistic for 20,000 draws.
    assertThat(ks, lessThan(0.0115));
  }

  @Test
  public void truncatedDrawsStayInsideFarTailIntervalsAndAreFinite() {
    SplittableRandom random = new SplittableRandom(9);
    double[][] intervals = {
      {6, 7},
      {-7, -6},
      {30, Double.POSITIVE_INFINITY},
      {Double.NEGATIVE_INFINITY, -30},
      {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
      {-1e-9, 1e-9}
    };
    for (double[] interval : intervals) {
      for (int i = 0; i < 1000; i++) {
        double z = StandardNormal.truncated(interval[0], interval[1], random);
        assertTrue(Arrays.toString(interval) + " gave " + z, z >= interval[0] && z <= interval[1]);
        assertTrue(Double.isFinite(z));
      }
    }
    assertEquals(
        "past the underflow: the end nearer the centre",
        -39,
        StandardNormal.truncated(-40, -39, random),
        0);
    assertEquals(39, StandardNormal.truncated(39, 40, random), 0);
    assertEquals("a point", 1.5, StandardNormal.truncated(1.5, 1.5, random), 0);
  }
}
