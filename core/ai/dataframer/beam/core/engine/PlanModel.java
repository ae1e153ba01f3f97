package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TextProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * How the unbound fields are drawn for one combination of bound values (a plan key). Each field learns
 * from the seed rows that match the plan (their bound fields show the plan's values), so e.g. a laptop
 * ticket gets laptop-like quantities and words.
 *
 * <p>With many bound properties few seed rows match them all, so matching backs off: the bound fields
 * are taken in plan order (parents before children) and, per field, the longest leading run of them
 * that still leaves {@link #MIN_MATCHING_ROWS} seed values ({@link #MIN_MATCHING_TEXTS} texts) decides.
 * When not even the first one does, the field falls back to the model of all seeds (the global
 * quantile function for ordered fields).
 */
final class PlanModel {
  static final int MIN_MATCHING_ROWS = 5;
  /**
   * An order-2 chain trained on a handful of texts mostly replays them; free text needs more matching
   * texts before it is conditioned on the plan.
   */
  static final int MIN_MATCHING_TEXTS = 20;
  /** Jitter around an empirical value: up to a quarter of the quantile segment around it each way. */
  private static final double JITTER_SHARE = 0.5;

  /** Draws one non-null value of a field. */
  interface FieldSampler {
    Object draw(SplittableRandom random);
  }

  private final Map<String, FieldSampler> samplers = new LinkedHashMap<>();

  private PlanModel() {}

  /**
   * @param matchers the bound fields in plan order, each with a test of seed values against the plan
   */
  static PlanModel build(
      Spec spec, SeedModels global, List<Map<String, Object>> seeds,
      List<Map.Entry<RecordField, Predicate<Object>>> matchers) {
    int[] matchedPrefix = new int[seeds.size()];
    for (int i = 0; i < seeds.size(); i++) {
      matchedPrefix[i] = matchedPrefix(seeds.get(i), matchers);
    }
    PlanModel model = new PlanModel();
    for (RecordField field : spec.recordFields()) {
      if (!field.isBound()) {
        List<Map<String, Object>> matching =
            matchingRows(field, seeds, matchedPrefix, matchers.size());
        model.samplers.put(field.name(), sampler(field, global, matching));
      }
    }
    return model;
  }

  /** A non-null value for the unbound field {@code field}. */
  Object draw(RecordField field, SplittableRandom random) {
    return samplers.get(field.name()).draw(random);
  }

  /** How many of the leading matchers the row satisfies. */
  private static int matchedPrefix(
      Map<String, Object> row, List<Map.Entry<RecordField, Predicate<Object>>> matchers) {
    int n = 0;
    while (n < matchers.size()
        && matchers.get(n).getValue().test(row.get(matchers.get(n).getKey().name()))) {
      n++;
    }
    return n;
  }

  /**
   * The seed rows agreeing with the longest run of leading bound values that leaves enough usable
   * values of {@code field}; empty when even the first bound value leaves too few.
   */
  private static List<Map<String, Object>> matchingRows(
      RecordField field, List<Map<String, Object>> seeds, int[] matchedPrefix, int boundCount) {
    int[] usableAtLeast = new int[boundCount + 2];
    for (int i = 0; i < seeds.size(); i++) {
      if (isUsable(field, seeds.get(i).get(field.name()))) {
        usableAtLeast[matchedPrefix[i]]++;
      }
    }
    for (int k = boundCount - 1; k >= 0; k--) {
      usableAtLeast[k] += usableAtLeast[k + 1];
    }
    int needed = field.text() == null ? MIN_MATCHING_ROWS : MIN_MATCHING_TEXTS;
    for (int k = boundCount; k >= 1; k--) {
      if (usableAtLeast[k] >= needed) {
        List<Map<String, Object>> rows = new ArrayList<>(usableAtLeast[k]);
        for (int i = 0; i < seeds.size(); i++) {
          if (matchedPrefix[i] >= k) {
            rows.add(seeds.get(i));
          }
        }
        return rows;
      }
    }
    return List.of();
  }

  private static boolean isUsable(RecordField field, Object value) {
    return field.text() == null ? value != null : value instanceof String text && !text.isBlank();
  }

  private static FieldSampler sampler(
      RecordField field, SeedModels global, List<Map<String, Object>> matching) {
    if (field.text() != null) {
      return textSampler(field, global, matching);
    }
    if (field.type().isOrdered()) {
      return orderedSampler(field, global, matching);
    }
    List<Object> local = SeedModels.nonNullValues(matching, field);
    List<Object> pool = local.size() >= MIN_MATCHING_ROWS ? local : global.values(field);
    if (field.type() == FieldType.BOOLEAN) {
      // With no seed value at all there is nothing to learn a rate from: a fair coin.
      return pool.isEmpty() ? SplittableRandom::nextBoolean : random -> pick(pool, random);
    }
    if (global.isCategorical(field)) {
      return random -> pick(pool, random);
    }
    StringShape shape = global.shape(field);
    return shape::generate;
  }

  private static FieldSampler orderedSampler(
      RecordField field, SeedModels global, List<Map<String, Object>> matching) {
    QuantileFunction quantiles = global.quantiles(field);
    double[] local = positions(SeedModels.nonNullValues(matching, field));
    if (local.length >= MIN_MATCHING_ROWS || (quantiles == null && local.length > 0)) {
      return random -> jittered(field, local, quantiles, random);
    }
    if (quantiles != null) {
      return random -> PropertyValues.fromNumber(quantiles.sample(random), field.type(), field.scale());
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
