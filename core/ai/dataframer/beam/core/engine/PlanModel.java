package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
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

  /**
   * A bound field of the plan, in plan order: its value as text (the cache key) and the test of seed
   * values against it.
   */
  record BoundMatcher(RecordField field, String planValue, Predicate<Object> test) {}

  private final Map<String, FieldSampler> samplers = new LinkedHashMap<>();

  private PlanModel() {}

  /**
   * @param groups the seed rows matching each leading run of the plan's bound values
   * @param matchers the bound fields in plan order
   * @param samplerCache samplers shared between plan keys: a field's sampler depends only on the
   *     leading bound values its seed rows were matched on, so plan keys that differ further down reuse
   *     it instead of training again (a run has many plan keys, but few distinct matched groups)
   */
  static PlanModel build(
      SeedModels global, MatchedGroups groups, List<BoundMatcher> matchers,
      Map<List<String>, FieldSampler> samplerCache) {
    List<MatchedGroups.Group> chain = groups.chain(matchers);
    List<RecordField> unbound = groups.unboundFields();
    PlanModel model = new PlanModel();
    for (int f = 0; f < unbound.size(); f++) {
      RecordField field = unbound.get(f);
      int level = matchLevel(field, f, chain);
      List<String> key = samplerKey(field, matchers, level);
      FieldSampler sampler = samplerCache.get(key);
      if (sampler == null) {
        List<Map<String, Object>> matching =
            level == 0 ? List.of() : groups.rowsOf(chain.get(level));
        sampler = sampler(field, global, matching);
        samplerCache.put(key, sampler);
      }
      model.samplers.put(field.name(), sampler);
    }
    return model;
  }

  /** A non-null value for the unbound field {@code field}. */
  Object draw(RecordField field, SplittableRandom random) {
    return samplers.get(field.name()).draw(random);
  }

  /**
   * The longest run of leading bound values whose matching seed rows leave enough usable values of
   * the field at position {@code f}; 0 when even the first bound value leaves too few (the field then
   * uses all seeds).
   */
  private static int matchLevel(RecordField field, int f, List<MatchedGroups.Group> chain) {
    int needed = field.text() == null ? MIN_MATCHING_ROWS : MIN_MATCHING_TEXTS;
    for (int k = chain.size() - 1; k >= 1; k--) {
      if (chain.get(k).usableByField()[f] >= needed) {
        return k;
      }
    }
    return 0;
  }

  /** The field and the bound values its rows match at {@code level}: equal keys, equal rows. */
  private static List<String> samplerKey(RecordField field, List<BoundMatcher> matchers, int level) {
    List<String> key = new ArrayList<>(level + 1);
    key.add(field.name());
    for (int k = 0; k < level; k++) {
      key.add(matchers.get(k).field().name() + "=" + matchers.get(k).planValue());
    }
    return key;
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
