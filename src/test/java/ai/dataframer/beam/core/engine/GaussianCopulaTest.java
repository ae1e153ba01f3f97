package ai.dataframer.beam.core.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.Test;

public class GaussianCopulaTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  public void normalScoresUseMidRanksForTiesAndKeepMissingValuesMissing() {
    double[] scores = GaussianCopula.normalScores(new double[] {3, 1, 3, Double.NaN, 2});
    // Four present values: ranks 1 (the 1), 2 (the 2) and 3.5 (both 3s), over n + 1 = 5.
    double[] expected = {
      StandardNormal.inverseCdf(3.5 / 5),
      StandardNormal.inverseCdf(1 / 5.0),
      StandardNormal.inverseCdf(3.5 / 5),
      Double.NaN,
      StandardNormal.inverseCdf(2 / 5.0)
    };
    assertArrayEquals(expected, scores, 1e-15);
  }

  @Test
  public void pairwiseCorrelationNeedsEnoughRowsWithBothValuesAndSomeSpread() {
    double[] x = new double[GaussianCopula.MIN_PAIR_ROWS];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
      y[i] = -2 * i;
    }
    assertEquals(-1, GaussianCopula.pairwiseCorrelation(x, y), 1e-12);
    y[0] = Double.NaN;
    assertEquals("one row short", 0, GaussianCopula.pairwiseCorrelation(x, y), 0);
    double[] constant = new double[x.length];
    assertEquals("no spread", 0, GaussianCopula.pairwiseCorrelation(x, constant), 0);
  }

  @Test
  public void fitRecoversTheCorrelationWhateverTheMarginals() {
    SplittableRandom random = new SplittableRandom(1);
    int n = 5000;
    double[][] columns = new double[3][n];
    for (int i = 0; i < n; i++) {
      double a = gaussian(random);
      double b = 0.8 * a + 0.6 * gaussian(random);
      // Monotone transforms change the marginals but not the ranks.
      columns[0][i] = Math.exp(a);
      columns[1][i] = b * b * b;
      columns[2][i] = gaussian(random);
    }
    GaussianCopula copula = GaussianCopula.fit(columns, 0);
    assertEquals(3, copula.size());
    assertEquals(0.8, copula.correlation(0, 1), 0.02);
    assertEquals(0, copula.correlation(0, 2), 0.04);
    assertEquals(1, copula.correlation(2, 2), 0);
  }

  @Test
  public void pairwiseCorrelationsThatContradictEachOtherAreShrunkUntilPositiveDefinite() {
    // a ~ b = +1 on rows 0-19, b ~ c = +1 on rows 20-39, a ~ c = -1 on rows 40-59: no random
    // vector has these correlations.
    int n = 60;
    double[][] columns = new double[3][n];
    for (double[] column : columns) {
      Arrays.fill(column, Double.NaN);
    }
    for (int i = 0; i < 20; i++) {
      columns[0][i] = i;
      columns[1][i] = i;
      columns[1][20 + i] = i;
      columns[2][20 + i] = i;
      columns[0][40 + i] = i;
      columns[2][40 + i] = -i;
    }
    GaussianCopula copula = GaussianCopula.fit(columns, 0);
    assertThat(copula.correlation(0, 1), greaterThan(0.0));
    assertThat(copula.correlation(0, 1), lessThan(1.0));
    assertThat(copula.correlation(0, 2), lessThan(0.0));
    double[] z = new double[3];
    copula.draw(new double[3], new double[3], new SplittableRandom(2), z);
    assertTrue(Arrays.stream(z).allMatch(Double::isFinite));
  }

  @Test
  public void freeDrawsHaveTheFittedCorrelation() {
    GaussianCopula copula = GaussianCopula.fit(correlated(0.7, 4000, 3), 0);
    double fitted = copula.correlation(0, 1);
    double[][] draws = draws(copula, new double[] {-INF, -INF}, new double[] {INF, INF}, 20_000);
    assertEquals(fitted, pearson(draws[0], draws[1]), 0.02);
  }

  @Test
  public void aCoordinateHeldAtAPointLeavesTheOtherItsConditionalDistribution() {
    GaussianCopula copula = GaussianCopula.fit(correlated(0.9, 20_000, 4), 1);
    double r = copula.correlation(0, 1);
    double[][] draws = draws(copula, new double[] {1, -INF}, new double[] {1, INF}, 20_000);
    assertTrue(Arrays.stream(draws[0]).allMatch(z -> z == 1));
    assertEquals(r, mean(draws[1]), 0.01);
    assertEquals(1 - r * r, variance(draws[1]), 0.01);
  }

  @Test
  public void heldCoordinatesStayInTheirIntervalsAndEachHeedsTheOthers() {
    GaussianCopula copula = GaussianCopula.fit(correlated(0.95, 20_000, 5), 2);
    double r = copula.correlation(0, 1);
    // The second coordinate held above 1, the first free: E[z1 | z2 >= 1] = r * phi(1) / (1 -
    // Phi(1)) = 1.45 r. The sequential pass alone draws z1 before seeing z2's interval (mean 0);
    // the Gibbs sweeps pull it most of the way (86% with two).
    double[][] draws = draws(copula, new double[] {-INF, 1}, new double[] {INF, INF}, 20_000);
    assertTrue(Arrays.stream(draws[1]).allMatch(z -> z >= 1));
    double truth = r * Math.exp(-0.5) / Math.sqrt(2 * Math.PI) / (1 - StandardNormal.cdf(1));
    assertThat(mean(draws[0]), greaterThan(0.8 * truth));
    assertThat(mean(draws[0]), lessThan(truth + 0.05));
  }

  private static double[][] correlated(double r, int n, long randomSeed) {
    SplittableRandom random = new SplittableRandom(randomSeed);
    double[][] columns = new double[2][n];
    for (int i = 0; i < n; i++) {
      columns[0][i] = gaussian(random);
      columns[1][i] = r * columns[0][i] + Math.sqrt(1 - r * r) * gaussian(random);
    }
    return columns;
  }

  private static double[][] draws(GaussianCopula copula, double[] lower, double[] upper, int n) {
    SplittableRandom random = new SplittableRandom(11);
    double[][] out = new double[copula.size()][n];
    double[] z = new double[copula.size()];
    for (int i = 0; i < n; i++) {
      copula.draw(lower, upper, random, z);
      for (int c = 0; c < z.length; c++) {
        out[c][i] = z[c];
      }
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    return StandardNormal.truncated(Double.NEGATIVE_INFINITY, INF, random);
  }

  private static double mean(double[] x) {
    return Arrays.stream(x).average().orElseThrow();
  }

  private static double variance(double[] x) {
    double mean = mean(x);
    return Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
  }

  private static double pearson(double[] x, double[] y) {
    return GaussianCopula.pairwiseCorrelation(x, y);
  }
}
