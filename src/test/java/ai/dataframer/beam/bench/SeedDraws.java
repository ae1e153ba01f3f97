package ai.dataframer.beam.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The draws the suite's generators share, over one {@link SplittableRandom} with a fixed random
 * seed per dataset, so every run of the bench writes the same seed files.
 */
final class SeedDraws {
  static final String DIGITS = "0123456789";
  static final String HEX = "0123456789abcdef";
  static final String UPPER_HEX = "0123456789ABCDEF";
  static final String UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String MIXED_ALNUM =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final SplittableRandom random;

  SeedDraws(long randomSeed) {
    this.random = new SplittableRandom(randomSeed);
  }

  double uniform() {
    return random.nextDouble();
  }

  double uniform(double low, double high) {
    return low + (high - low) * random.nextDouble();
  }

  /** A whole number in [low, high]. */
  long between(long low, long high) {
    return random.nextLong(low, high + 1);
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  double gaussian(double mean, double sd) {
    return mean + sd * random.nextGaussian();
  }

  /** A log-normal value with the given median; {@code sigma} is the spread of its logarithm. */
  double logNormal(double median, double sigma) {
    return median * Math.exp(sigma * random.nextGaussian());
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** A value drawn with the given weights (any positive scale). */
  <T> T pick(List<T> values, double[] weights) {
    return values.get(index(weights));
  }

  /** An index drawn with the given weights (any positive scale). */
  int index(double[] weights) {
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Zipf weights 1 / rank^exponent for ranks 1..n: a few popular values and a long tail. */
  static double[] zipf(int n, double exponent) {
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      weights[i] = 1.0 / Math.pow(i + 1, exponent);
    }
    return weights;
  }

  String chars(String alphabet, int count) {
    StringBuilder text = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /** A random (version 4, RFC 9562 variant) UUID in canonical form. */
  String uuid4(boolean upperCase) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    String text = new UUID(high, low).toString();
    return upperCase ? text.toUpperCase(Locale.ROOT) : text;
  }

  /** An instant in [from, to), truncated to whole multiples of {@code unitMillis}. */
  Instant instant(Instant from, Instant to, long unitMillis) {
    long millis = random.nextLong(from.toEpochMilli(), to.toEpochMilli());
    return Instant.ofEpochMilli(Math.floorDiv(millis, unitMillis) * unitMillis);
  }

  /** {@code value} rounded half-up to {@code places} decimal places, trailing zeros kept. */
  static BigDecimal places(double value, int places) {
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
  }

  /** Money: two places. */
  static BigDecimal money(double value) {
    return places(value, 2);
  }

  /** Draws from {@code draw} until it gives a value not given before. */
  static <T> T unique(Set<T> given, Supplier<T> draw) {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      T value = draw.get();
      if (given.add(value)) {
        return value;
      }
    }
    throw new IllegalStateException("no new value in 1,000 draws; the value space is too small");
  }
}
