package ai.dataframer.beam.core.profile;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Mutual information, significance, the Chow-Liu forest and percentage rounding. */
public class DependenceTest {
  @Test
  public void mutualInformationOfIndependentAndIdenticalVariables() {
    long[][] independent = {{25, 25}, {25, 25}};
    long[][] identical = {{50, 0}, {0, 50}};
    assertEquals(0, Dependence.mutualInformation(independent), 1e-12);
    assertEquals(Math.log(2), Dependence.mutualInformation(identical), 1e-12);
    assertEquals(1, Dependence.normalizedMutualInformation(identical), 1e-12);
    assertFalse(Dependence.isSignificant(independent));
    assertTrue(Dependence.isSignificant(identical));
  }

  @Test
  public void smallSpuriousDependenciesAreNotSignificant() {
    // 55/45 against 45/55 in 100 rows: chi-square about 2, far from the 0.001 critical value 10.8.
    assertFalse(Dependence.isSignificant(new long[][] {{28, 22}, {22, 28}}));
  }

  @Test
  public void chiSquareCriticalValuesMatchTables() {
    assertEquals(10.828, Dependence.chiSquareCritical(1), 0.01);
    assertEquals(13.816, Dependence.chiSquareCritical(2), 0.01);
    assertEquals(16.266, Dependence.chiSquareCritical(3), 0.02 * 16.266);
    assertEquals(29.588, Dependence.chiSquareCritical(10), 0.01 * 29.588);
  }

  @Test
  public void chowLiuKeepsTheStrongestTreeAndRootsAtTheFirstNode() {
    double[][] weight = {{0, 0.5, 0.2, 0}, {0.5, 0, 0.4, 0}, {0.2, 0.4, 0, 0}, {0, 0, 0, 0}};
    boolean[][] usable = new boolean[4][4];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        usable[i][j] = i != j;
      }
    }
    assertArrayEquals(new int[] {-1, 0, 1, -1}, ChowLiuTree.parents(weight, usable));
  }

  @Test
  public void percentagesSumToExactlyOneHundred() {
    double[] thirds = Percentages.of(new double[] {1, 1, 1});
    assertArrayEquals(new double[] {33.34, 33.33, 33.33}, thirds, 1e-9);
    assertArrayEquals(new double[] {50, 50}, Percentages.of(new double[] {0, 0}), 1e-9);
    double[] skewed = Percentages.of(new double[] {1, 1000, 3, 7});
    double total = 0;
    for (double p : skewed) {
      total += p;
    }
    assertEquals(100, total, 1e-9);
    assertEquals(0.1, skewed[0], 1e-9);
  }
}
