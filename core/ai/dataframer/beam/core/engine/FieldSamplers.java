package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.TextProfile;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How an unbound field is drawn from the seed rows that match a plan (their bound fields show the
 * plan's values), so e.g. a laptop ticket gets laptop-like quantities and words; with no matching
 * rows, from the model of all seeds (the global quantile function for ordered fields). {@link
 * MatchedGroups} decides which rows match.
 */
final class FieldSamplers {
  /** Fewer matching values than this and a field is not conditioned on that run of bound values. */
  static final int MIN_MATCHING_ROWS = 5;

  /**
   * An order-2 chain trained on a handful of texts mostly replays them; free text needs more
   * matching texts before it is conditioned on the plan.
   */
  static final int MIN_MATCHING_TEXTS = 20;

  /**
   * Jitter around an empirical value: up to a quarter of the quantile segment around it each way.
   */
  private static final double JITTER_SHARE = 0.5;

  /** Draws one non-null value of a field. */
  interface FieldSampler {
    Object draw(SplittableRandom random);
  }

  private FieldSamplers() {}

  /** Matching values a field needs before it is conditioned on them. */
  static int needed(RecordField field) {
    return field.text() == null ? MIN_MATCHING_ROWS : MIN_MATCHING_TEXTS;
  }

  /** Whether a seed value can teach a field something: non-null, and non-blank for free text. */
  static boolean isUsable(RecordField field, Object value) {
    return field.text() == null ? value != null : value instanceof String text && !text.isBlank();
  }

  /**
   * @param matching the seed rows matching the plan; empty for the model of all seeds
   */
  static FieldSampler of(RecordField field, SeedModels global, List<Map<String, Object>> matching) {
    if (field.text() != null) {
      return textSampler(field, global, matching);
    }
    if (field.type().isOrdered()) {
      return orderedSampler(field, global, matching);
    }
    List<Object> local = SeedModels.nonNullValues(matching, field);
    boolean isLocal = local.size() >= MIN_MATCHING_ROWS;
    List<Object> pool = isLocal ? local : global.values(field);
    if (field.type() == FieldType.BOOLEAN) {
      // With no seed value at all there is nothing to learn a rate from: a fair coin.
      return pool.isEmpty() ? SplittableRandom::nextBoolean : random -> pick(pool, random);
    }
    if (field.isKey()) {
      // A key's values must all be new, which replaying repeated seed values would break.
      StringShape shape = global.shape(field);
      return shape::generate;
    }
    return global.strings(field).sampler(pool, isLocal);
  }

  private static FieldSampler orderedSampler(
      RecordField field, SeedModels global, List<Map<String, Object>> matching) {
    QuantileFunction quantiles = global.quantiles(field);
    double[] local = positions(SeedModels.nonNullValues(matching, field));
    if (local.length >= MIN_MATCHING_ROWS || (quantiles == null && local.length > 0)) {
      return random -> jittered(field, local, quantiles, random);
    }
    if (quantiles != null) {
      return random ->
          PropertyValues.fromNumber(quantiles.sample(random), field.type(), field.scale());
    }
    double[] all = positions(global.values(field));
    if (all.length == 0) {
      throw new IllegalArgumentException(
          "field '" + field.name() + "' has neither quantiles nor seed values to draw from");
    }
    return random -> jittered(field, all, null, random);
  }

  /**
   * A seed value moved by a small jitter within the local quantile spacing, clamped to the model's
   * support: new values with the matching rows' shape. Without quantiles the seed value is kept.
   */
  private static Object jittered(
      RecordField field, double[] values, QuantileFunction quantiles, SplittableRandom random) {
    double x = values[random.nextInt(values.length)];
    if (quantiles != null) {
      double spacing = quantiles.spacingAt(x) * JITTER_SHARE;
      x += (random.nextDouble() - 0.5) * spacing;
      x = Math.max(quantiles.min(), Math.min(quantiles.max(), x));
    }
    return PropertyValues.fromNumber(x, field.type(), field.scale());
  }

  private static FieldSampler textSampler(
      RecordField field, SeedModels global, List<Map<String, Object>> matching) {
    List<String> texts = SeedModels.texts(matching, field);
    boolean local = texts.size() >= MIN_MATCHING_TEXTS;
    MarkovText model = local ? MarkovText.train(field.name(), texts) : global.text(field);
    int[] lengths =
        local ? texts.stream().mapToInt(t -> MarkovText.words(t).length).toArray() : new int[0];
    TextProfile profile = field.text();
    int min = Math.max(1, profile.minWords());
    int max = Math.max(min, profile.maxWords());
    int median = Math.max(min, Math.min(max, profile.medianWords()));
    return random -> {
      int length =
          lengths.length > 0
              ? lengths[random.nextInt(lengths.length)]
              : profileLength(min, median, max, random);
      return model.generate(Math.max(min, Math.min(max, length)), random);
    };
  }

  /** Uniform below the median half the time and above it otherwise: the median stays the median. */
  private static int profileLength(int min, int median, int max, SplittableRandom random) {
    return random.nextBoolean()
        ? min + random.nextInt(median - min + 1)
        : median + random.nextInt(max - median + 1);
  }

  private static double[] positions(List<Object> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = PropertyValues.toNumber(values.get(i));
    }
    Arrays.sort(out);
    return out;
  }

  private static Object pick(List<Object> pool, SplittableRandom random) {
    return pool.get(random.nextInt(pool.size()));
  }
}
