package ai.dataframer.beam.core.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The dependence of k ordered fields as a Gaussian copula: each field's values become normal scores
 * of their ranks, and the scores' correlation matrix is the whole model. A record is a latent
 * normal vector with that correlation, mapped back through each field's quantile function by {@link
 * NumericDependence}.
 *
 * <p>Drawing conditions on intervals: the leading {@code held} coordinates can each be kept inside
 * [lower, upper] (a plan's band or exact value in latent terms), and the others follow. The held
 * block starts from a sequential draw through its Cholesky factor, each coordinate from its
 * conditional given the ones before it, truncated to its interval. That pass ignores the intervals
 * of later coordinates, so a coordinate drawn early does not heed a band drawn later, and
 * near-deterministic relations come out loosened; {@link #GIBBS_SWEEPS} Gibbs sweeps, each
 * coordinate again from its truncated conditional given all the others, pull the block toward the
 * truncated joint distribution. The free coordinates are then drawn from their exact conditional
 * given the held ones. O(k^2) per record, no rejection.
 */
final class GaussianCopula {
  /** Fewer rows with both fields present and a pair's correlation is taken as zero. */
  static final int MIN_PAIR_ROWS = 10;

  /**
   * Gibbs sweeps over the held block after the sequential pass. Measured on three dimensions with r
   * = 0.99, all bound to bands: pair trends 0.97-0.99 with none, 0.993-0.997 with one, 0.996-0.998
   * with two, no better with three; each sweep costs about 5% of the engine's throughput.
   */
  static final int GIBBS_SWEEPS = 2;

  /** Correlations are bounded by this before their Fisher transform, which is infinite at 1. */
  private static final double MAX_FISHER_R = 1 - 1e-9;

  /** A Cholesky pivot at or below this means the matrix is (numerically) not positive definite. */
  private static final double MIN_PIVOT = 1e-10;

  /**
   * Shrinkage toward the identity tried in turn when pairwise correlations (rows missing in some
   * fields) do not form a positive definite matrix; 1 always does.
   */
  private static final double[] SHRINKAGE = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1};

  private final int size;

  /** The leading coordinates that may be held in intervals. */
  private final int held;

  /** The correlation matrix, row-major. */
  private final double[] correlation;

  /** Its lower-triangular Cholesky factor L (R = L L^T), row-major. */
  private final double[] cholesky;

  /**
   * For each held coordinate i, the weights of the other held coordinates in its conditional mean
   * given them (row i, held x held, zero diagonal), and its conditional standard deviation: from
   * the inverse of the held block of the correlation.
   */
  private final double[] conditionalWeights;

  private final double[] conditionalDeviations;

  private GaussianCopula(int size, int held, double[] correlation, double[] cholesky) {
    this.size = size;
    this.held = held;
    this.correlation = correlation;
    this.cholesky = cholesky;
    double[] precision = heldPrecision(size, held, cholesky);
    this.conditionalWeights = new double[held * held];
    this.conditionalDeviations = new double[held];
    for (int i = 0; i < held; i++) {
      double diagonal = precision[i * held + i];
      conditionalDeviations[i] = 1 / Math.sqrt(diagonal);
      for (int j = 0; j < held; j++) {
        conditionalWeights[i * held + j] = j == i ? 0 : -precision[i * held + j] / diagonal;
      }
    }
  }

  /**
   * The copula of fields given as columns of values (NaN where a row has none): normal scores of
   * each column's mid-ranks, their pairwise correlations over rows where both are present, shrunk
   * toward the identity as little as makes the matrix positive definite.
   *
   * @param held how many leading coordinates {@link #draw} may hold in intervals
   */
  static GaussianCopula fit(double[][] columns, int held) {
    int size = columns.length;
    double[][] scores = new double[size][];
    for (int f = 0; f < size; f++) {
      scores[f] = normalScores(columns[f]);
    }
    double[] matrix = new double[size * size];
    for (int i = 0; i < size; i++) {
      matrix[i * size + i] = 1;
      for (int j = 0; j < i; j++) {
        double r = pairwiseCorrelation(scores[i], scores[j]);
        matrix[i * size + j] = r;
        matrix[j * size + i] = r;
      }
    }
    return positiveDefinite(size, held, matrix);
  }

  /**
   * This copula's correlations, fitted on {@code rows} rows, pulled toward {@code fallback}'s as
   * far as their sampling error explains the difference. Both are compared as Fisher transforms
   * atanh(r), whose sampling variance is about 1 / (rows - 3) whatever r; each pair keeps the
   * positive-part James-Stein weight 1 - variance / difference^2 of its own value. A fixed weight
   * loosened near-deterministic relations: 200 rows at r = 0.998 under a parent at 0.75 kept 0.996
   * at weight 0.87, twice the residual variance, and one record in 25 left its kind's
   * width-to-length ratio by more than 0.08. A small context whose correlations differ from the
   * parent's by no more than noise takes the parent's. The blend is repaired like a fit when it is
   * not positive definite.
   */
  GaussianCopula blendedWith(GaussianCopula fallback, int rows) {
    double variance = 1.0 / Math.max(1, rows - 3);
    double[] matrix = new double[size * size];
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        int at = i * size + j;
        if (i == j) {
          matrix[at] = 1;
          continue;
        }
        double own = fisher(correlation[at]);
        double other = fisher(fallback.correlation[at]);
        double difference = (own - other) * (own - other);
        double weight = difference <= variance ? 0 : 1 - variance / difference;
        matrix[at] = Math.tanh(weight * own + (1 - weight) * other);
      }
    }
    return positiveDefinite(size, held, matrix);
  }

  /** atanh(r), finite at r = +-1. */
  private static double fisher(double r) {
    double bounded = Math.max(-MAX_FISHER_R, Math.min(MAX_FISHER_R, r));
    return 0.5 * Math.log((1 + bounded) / (1 - bounded));
  }

  int size() {
    return size;
  }

  /** The correlation of coordinates i and j, after any repair. */
  double correlation(int i, int j) {
    return correlation[i * size + j];
  }

  /**
   * Fills {@code z} with a latent draw whose held coordinate i lies in [lower[i], upper[i]]
   * (infinite ends leave it free, equal ends hold it at a point); the bounds of the free
   * coordinates are ignored.
   */
  void draw(double[] lower, double[] upper, SplittableRandom random, double[] z) {
    double[] e = new double[size];
    for (int i = 0; i < held; i++) {
      double mean = meanFromEarlier(i, e);
      double scale = cholesky[i * size + i];
      double low = lower[i] == Double.NEGATIVE_INFINITY ? lower[i] : (lower[i] - mean) / scale;
      double high = upper[i] == Double.POSITIVE_INFINITY ? upper[i] : (upper[i] - mean) / scale;
      e[i] = StandardNormal.truncated(low, high, random);
      z[i] = mean + scale * e[i];
    }
    if (held > 1) {
      for (int sweep = 0; sweep < GIBBS_SWEEPS; sweep++) {
        gibbsSweep(lower, upper, random, z);
      }
      // The free coordinates below condition on the swept values: e of the held block again.
      for (int i = 0; i < held; i++) {
        e[i] = (z[i] - meanFromEarlier(i, e)) / cholesky[i * size + i];
      }
    }
    for (int i = held; i < size; i++) {
      e[i] = StandardNormal.truncated(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, random);
      z[i] = meanFromEarlier(i, e) + cholesky[i * size + i] * e[i];
    }
  }

  /** Each held coordinate from its conditional given all other held ones, truncated. */
  private void gibbsSweep(double[] lower, double[] upper, SplittableRandom random, double[] z) {
    for (int i = 0; i < held; i++) {
      double mean = 0;
      for (int j = 0; j < held; j++) {
        mean += conditionalWeights[i * held + j] * z[j];
      }
      double deviation = conditionalDeviations[i];
      double low = (lower[i] - mean) / deviation;
      double high = (upper[i] - mean) / deviation;
      z[i] = mean + deviation * StandardNormal.truncated(low, high, random);
    }
  }

  /** sum over j < i of L_ij e_j: coordinate i's conditional mean given the earlier ones. */
  private double meanFromEarlier(int i, double[] e) {
    double mean = 0;
    int row = i * size;
    for (int j = 0; j < i; j++) {
      mean += cholesky[row + j] * e[j];
    }
    return mean;
  }

  /**
   * Normal scores of mid-ranks: value of mid-rank r among n present values scores {@code
   * inverseCdf(r / (n + 1))}, ties share one score. NaN stays NaN.
   */
  static double[] normalScores(double[] values) {
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        n++;
      }
    }
    Integer[] order = new Integer[n];
    int k = 0;
    for (int row = 0; row < values.length; row++) {
      if (!Double.isNaN(values[row])) {
        order[k++] = row;
      }
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] scores = new double[values.length];
    Arrays.fill(scores, Double.NaN);
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      // Ranks start + 1 .. end + 1 share their mean.
      double midRank = (start + end + 2) / 2.0;
      double score = StandardNormal.inverseCdf(midRank / (n + 1));
      for (int i = start; i <= end; i++) {
        scores[order[i]] = score;
      }
      start = end + 1;
    }
    return scores;
  }

  /** Pearson correlation over rows where both are present; 0 without enough rows or spread. */
  static double pairwiseCorrelation(double[] x, double[] y) {
    int n = 0;
    double sumX = 0;
    double sumY = 0;
    for (int row = 0; row < x.length; row++) {
      if (!Double.isNaN(x[row]) && !Double.isNaN(y[row])) {
        n++;
        sumX += x[row];
        sumY += y[row];
      }
    }
    if (n < MIN_PAIR_ROWS) {
      return 0;
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int row = 0; row < x.length; row++) {
      if (!Double.isNaN(x[row]) && !Double.isNaN(y[row])) {
        double dx = x[row] - meanX;
        double dy = y[row] - meanY;
        xy += dx * dy;
        xx += dx * dx;
        yy += dy * dy;
      }
    }
    if (xx <= 0 || yy <= 0) {
      return 0;
    }
    return Math.max(-1, Math.min(1, xy / Math.sqrt(xx * yy)));
  }

  private static GaussianCopula positiveDefinite(int size, int held, double[] matrix) {
    double[] factor = cholesky(size, matrix);
    if (factor != null) {
      return new GaussianCopula(size, held, matrix, factor);
    }
    for (double shrinkage : SHRINKAGE) {
      double[] shrunk = new double[matrix.length];
      for (int i = 0; i < size; i++) {
        for (int j = 0; j < size; j++) {
          shrunk[i * size + j] = i == j ? 1 : (1 - shrinkage) * matrix[i * size + j];
        }
      }
      factor = cholesky(size, shrunk);
      if (factor != null) {
        return new GaussianCopula(size, held, shrunk, factor);
      }
    }
    throw new IllegalStateException("the identity matrix has a Cholesky factor");
  }

  /** L with L L^T = matrix, or null when a pivot is not clearly positive. */
  private static double[] cholesky(int size, double[] matrix) {
    double[] factor = new double[size * size];
    for (int i = 0; i < size; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = matrix[i * size + j];
        for (int k = 0; k < j; k++) {
          sum -= factor[i * size + k] * factor[j * size + k];
        }
        if (i == j) {
          if (!(sum > MIN_PIVOT)) {
            return null;
          }
          factor[i * size + i] = Math.sqrt(sum);
        } else {
          factor[i * size + j] = sum / factor[j * size + j];
        }
      }
    }
    return factor;
  }

  /**
   * The inverse of the leading held x held block of the correlation, from that block's Cholesky
   * factor (the leading block of L): (L_h L_h^T)^-1 = L_h^-T L_h^-1.
   */
  private static double[] heldPrecision(int size, int held, double[] cholesky) {
    double[] inverse = new double[held * held];
    for (int i = 0; i < held; i++) {
      inverse[i * held + i] = 1 / cholesky[i * size + i];
      for (int j = 0; j < i; j++) {
        double sum = 0;
        for (int k = j; k < i; k++) {
          sum += cholesky[i * size + k] * inverse[k * held + j];
        }
        inverse[i * held + j] = -sum / cholesky[i * size + i];
      }
    }
    double[] precision = new double[held * held];
    for (int i = 0; i < held; i++) {
      for (int j = 0; j < held; j++) {
        double sum = 0;
        for (int k = Math.max(i, j); k < held; k++) {
          sum += inverse[k * held + i] * inverse[k * held + j];
        }
        precision[i * held + j] = sum;
      }
    }
    return precision;
  }
}
