package ai.dataframer.beam.core.engine;

import java.util.SplittableRandom;

/**
 * The standard normal distribution's CDF, its inverse and truncated draws, for {@link
 * GaussianCopula}. No library on the classpath offers them (commons-math3 is not a dependency), so
 * they are the published approximations: the CDF is Hart's algorithm 5666 as given by West (2005),
 * "Better approximations to cumulative normal functions", absolute error below 1e-15 and relative
 * error below 1e-8 in the lower tail; the inverse is Wichura's AS241 (PPND16, Applied Statistics
 * 37, 1988), relative error about 1e-16.
 */
final class StandardNormal {
  private static final double SQRT_TWO_PI = 2.506628274631;

  /** Past this the CDF's tail is below the smallest double. */
  private static final double UNDERFLOW = 37;

  /** Where West switches from the rational approximation to the continued fraction. */
  private static final double CONTINUED_FRACTION_FROM = 7.07106781186547;

  // AS241's coefficients, highest power first: |p - 0.5| <= 0.425, then the tails with
  // r = sqrt(-log(min(p, 1 - p))) <= 5 and beyond.
  private static final double[] CENTRAL_NUMERATOR = {
    2.5090809287301226727e+3, 3.3430575583588128105e+4, 6.7265770927008700853e+4,
    4.5921953931549871457e+4, 1.3731693765509461125e+4, 1.9715909503065514427e+3,
    1.3314166789178437745e+2, 3.3871328727963666080e+0
  };
  private static final double[] CENTRAL_DENOMINATOR = {
    5.2264952788528545610e+3, 2.8729085735721942674e+4, 3.9307895800092710610e+4,
    2.1213794301586595867e+4, 5.3941960214247511077e+3, 6.8718700749205790830e+2,
    4.2313330701600911252e+1, 1.0
  };
  private static final double[] NEAR_NUMERATOR = {
    7.74545014278341407640e-4, 2.27238449892691845833e-2, 2.41780725177450611770e-1,
    1.27045825245236838258e+0, 3.64784832476320460504e+0, 5.76949722146069140550e+0,
    4.63033784615654529590e+0, 1.42343711074968357734e+0
  };
  private static final double[] NEAR_DENOMINATOR = {
    1.05075007164441684324e-9, 5.47593808499534494600e-4, 1.51986665636164571966e-2,
    1.48103976427480074590e-1, 6.89767334985100004550e-1, 1.67638483018380384940e+0,
    2.05319162663775882187e+0, 1.0
  };
  private static final double[] FAR_NUMERATOR = {
    2.01033439929228813265e-7, 2.71155556874348757815e-5, 1.24266094738807843860e-3,
    2.65321895265761230930e-2, 2.96560571828504891230e-1, 1.78482653991729133580e+0,
    5.46378491116411436990e+0, 6.65790464350110377720e+0
  };
  private static final double[] FAR_DENOMINATOR = {
    2.04426310338993978564e-15, 1.42151175831644588870e-7, 1.84631831751005468180e-5,
    7.86869131145613259100e-4, 1.48753612908506148525e-2, 1.36929880922735805310e-1,
    5.99832206555887937690e-1, 1.0
  };

  private StandardNormal() {}

  /** P(Z <= x). */
  static double cdf(double x) {
    double lowerTail = lowerTail(Math.abs(x));
    return x > 0 ? 1 - lowerTail : lowerTail;
  }

  /** P(Z <= -|x|), accurate in relative terms far into the tail. */
  private static double lowerTail(double a) {
    if (a > UNDERFLOW) {
      return 0;
    }
    double exponential = Math.exp(-a * a / 2);
    if (a < CONTINUED_FRACTION_FROM) {
      double numerator = 3.52624965998911e-02 * a + 0.700383064443688;
      numerator = numerator * a + 6.37396220353165;
      numerator = numerator * a + 33.912866078383;
      numerator = numerator * a + 112.079291497871;
      numerator = numerator * a + 221.213596169931;
      numerator = numerator * a + 220.206867912376;
      double denominator = 8.83883476483184e-02 * a + 1.75566716318264;
      denominator = denominator * a + 16.064177579207;
      denominator = denominator * a + 86.7807322029461;
      denominator = denominator * a + 296.564248779674;
      denominator = denominator * a + 637.333633378831;
      denominator = denominator * a + 793.826512519948;
      denominator = denominator * a + 440.413735824752;
      return exponential * numerator / denominator;
    }
    double fraction = a + 0.65;
    fraction = a + 4 / fraction;
    fraction = a + 3 / fraction;
    fraction = a + 2 / fraction;
    fraction = a + 1 / fraction;
    return exponential / fraction / SQRT_TWO_PI;
  }

  /**
   * The z with P(Z <= z) = p, for p in (0, 1); -infinity at 0 and +infinity at 1.
   *
   * @throws IllegalArgumentException for p outside [0, 1] or NaN
   */
  static double inverseCdf(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability is in [0, 1], but was " + p);
    }
    if (p == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p == 1) {
      return Double.POSITIVE_INFINITY;
    }
    double q = p - 0.5;
    if (Math.abs(q) <= 0.425) {
      double r = 0.180625 - q * q;
      return q * polynomial(CENTRAL_NUMERATOR, r) / polynomial(CENTRAL_DENOMINATOR, r);
    }
    double r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
    double z =
        r <= 5
            ? polynomial(NEAR_NUMERATOR, r - 1.6) / polynomial(NEAR_DENOMINATOR, r - 1.6)
            : polynomial(FAR_NUMERATOR, r - 5) / polynomial(FAR_DENOMINATOR, r - 5);
    return q < 0 ? -z : z;
  }

  /** Horner's rule; coefficients from the highest power down to the constant. */
  private static double polynomial(double[] coefficients, double x) {
    double sum = coefficients[0];
    for (int i = 1; i < coefficients.length; i++) {
      sum = sum * x + coefficients[i];
    }
    return sum;
  }

  /**
   * A standard normal draw restricted to [low, high] (either end may be infinite), by inverse CDF.
   * Intervals in the upper tail are mirrored into the lower one, where the CDF keeps its relative
   * accuracy, so a band far out (say [6, 7]) still gets a draw inside it; past the CDF's underflow
   * the draw is the end nearer the centre. Always finite.
   */
  static double truncated(double low, double high, SplittableRandom random) {
    if (!(low < high)) {
      return low;
    }
    if (low > 0) {
      return -truncated(-high, -low, random);
    }
    double from = cdf(low);
    double to = cdf(high);
    if (!(to > from)) {
      return high;
    }
    double z = inverseCdf(from + random.nextDouble() * (to - from));
    z = Math.max(low, Math.min(high, z));
    // A uniform of exactly 0 (or rounding to 1) would give an infinite draw, which poisons any sum
    // it enters; the CDF's own range ends at +-37.
    return Double.isInfinite(z) ? Math.copySign(UNDERFLOW, z) : z;
  }
}
