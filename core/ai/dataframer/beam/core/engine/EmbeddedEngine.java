package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.Seeds;
import ai.dataframer.beam.core.record.RecordFingerprint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * The embedded statistical engine: drafts records from the spec and the seed rows, no model calls.
 *
 * <p>Bound fields show the plan's value (exact, a quantile draw inside the range, or null). Unbound
 * fields follow the seed rows that match the plan: ordered values near matching seed values, free text
 * from a Markov chain of the matching texts, categories from the matching values, ids mimicking the seed
 * ids' shape; nulls at the field's {@code nullable_percent}. A draft that is an exact copy of a seed
 * record is redrawn up to {@link #MAX_COPY_REDRAWS} times.
 *
 * <p>Built once per worker (training is per plan key and cached), then used for many plans; draws use
 * only {@code Seeds.random(plan.seed(), plan.index(), "draft", attempt)}, so the same plan and attempt
 * give the same record anywhere. Seed rows are put in fingerprint order first, so the order in which a
 * runner delivers them does not matter either.
 */
public final class EmbeddedEngine implements SampleDrafter {
  public static final String MODEL_NAME = "embedded";
  public static final int MAX_COPY_REDRAWS = 16;
  /**
   * Bounds the caches below. A plan key costs one pass over the seeds; a trained sampler is shared by
   * every plan key that matches the same seed rows, so most plan keys train nothing.
   */
  private static final int MAX_CACHED_PLAN_KEYS = 16_384;
  private static final int MAX_CACHED_SAMPLERS = 16_384;

  private final Spec spec;
  private final List<Map<String, Object>> seeds;
  private final LongPredicate isSeedFingerprint;
  private final Runnable onCopyRedraw;
  private final FieldBindings bindings;
  private final SeedModels global;
  private final Set<String> boundProperties;
  private final Map<List<String>, KeyedModel> planModels = lruMap(MAX_CACHED_PLAN_KEYS);
  private final Map<List<String>, PlanModel.FieldSampler> samplers = lruMap(MAX_CACHED_SAMPLERS);
  private final MatchedGroups groups;

  /**
   * @param seedExamples seed rows to learn from (core records), possibly empty
   * @param isSeedFingerprint true for the {@link RecordFingerprint} of any seed record
   * @param onCopyRedraw called once per redraw of an exact copy (for metrics)
   * @throws IllegalArgumentException when the spec has no record fields or a field's model is invalid
   */
  public EmbeddedEngine(
      Spec spec, List<Map<String, Object>> seedExamples, LongPredicate isSeedFingerprint,
      Runnable onCopyRedraw) {
    if (!spec.isRecordSpec()) {
      throw new IllegalArgumentException(
          "the embedded engine generates records, but the spec has no record_fields");
    }
    this.spec = spec;
    this.seeds = inFingerprintOrder(seedExamples);
    this.isSeedFingerprint = isSeedFingerprint;
    this.onCopyRedraw = onCopyRedraw;
    this.bindings = new FieldBindings(spec);
    this.global = new SeedModels(spec, seeds);
    this.groups = new MatchedGroups(spec, seeds);
    this.boundProperties =
        spec.recordFields().stream()
            .filter(RecordField::isBound)
            .map(RecordField::property)
            .collect(Collectors.toUnmodifiableSet());
  }

  public EmbeddedEngine(
      Spec spec, List<Map<String, Object>> seedExamples, LongPredicate isSeedFingerprint) {
    this(spec, seedExamples, isSeedFingerprint, () -> {});
  }

  @Override
  public Map<String, Object> draft(SamplePlan plan, int attempt) {
    KeyedModel keyed = modelFor(plan);
    SplittableRandom random = Seeds.random(plan.seed(), plan.index(), "draft", attempt);
    Map<String, Object> record = drawRecord(keyed.bound(), keyed.model(), random);
    for (int redraw = 0;
        redraw < MAX_COPY_REDRAWS && isSeedFingerprint.test(RecordFingerprint.of(record));
        redraw++) {
      onCopyRedraw.run();
      record = drawRecord(keyed.bound(), keyed.model(), random);
    }
    return record;
  }

  /** What every plan with the same bound values shares: the parsed values and the trained model. */
  private record KeyedModel(Map<RecordField, PropertyValues.Parsed> bound, PlanModel model) {}

  private Map<RecordField, PropertyValues.Parsed> parseBound(SamplePlan plan) {
    Map<RecordField, PropertyValues.Parsed> bound = new LinkedHashMap<>();
    for (RecordField field : spec.recordFields()) {
      if (field.isBound()) {
        bound.put(field, bindings.parse(field, bindings.planValue(field, plan)));
      }
    }
    return bound;
  }

  private synchronized KeyedModel modelFor(SamplePlan plan) {
    // The key lists the plan's order of the bound properties too, since matching backs off along it.
    List<String> key = new ArrayList<>();
    for (String property : plan.propertyValues().keySet()) {
      if (boundProperties.contains(property)) {
        key.add(property + "=" + plan.propertyValues().get(property));
      }
    }
    KeyedModel keyed = planModels.get(key);
    if (keyed == null) {
      Map<RecordField, PropertyValues.Parsed> bound = parseBound(plan);
      List<PlanModel.BoundMatcher> matchers = new ArrayList<>();
      for (RecordField field : inPlanOrder(plan, bound.keySet())) {
        matchers.add(new PlanModel.BoundMatcher(
            field, bindings.planValue(field, plan), bindings.matcher(field, bound.get(field))));
      }
      keyed = new KeyedModel(bound, PlanModel.build(global, groups, matchers, samplers));
      planModels.put(List.copyOf(key), keyed);
    }
    return keyed;
  }

  private static <V> Map<List<String>, V> lruMap(int maxEntries) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<List<String>, V> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** Bound fields ordered like the plan's properties: parents before children, roots first. */
  private static List<RecordField> inPlanOrder(SamplePlan plan, Collection<RecordField> fields) {
    List<String> order = new ArrayList<>(plan.propertyValues().keySet());
    List<RecordField> sorted = new ArrayList<>(fields);
    sorted.sort(Comparator.comparingInt((RecordField f) -> order.indexOf(f.property())));
    return sorted;
  }

  private Map<String, Object> drawRecord(
      Map<RecordField, PropertyValues.Parsed> bound, PlanModel model, SplittableRandom random) {
    Map<String, Object> record = new LinkedHashMap<>();
    for (RecordField field : spec.recordFields()) {
      Object value;
      if (field.isBound()) {
        value = boundValue(field, bound.get(field), random);
      } else {
        boolean isNull = random.nextDouble() * 100 < field.nullablePercent();
        value = isNull ? null : model.draw(field, random);
      }
      record.put(field.name(), value);
    }
    return record;
  }

  private Object boundValue(RecordField field, PropertyValues.Parsed parsed, SplittableRandom random) {
    if (parsed instanceof PropertyValues.Null) {
      return null;
    }
    if (parsed instanceof PropertyValues.Exact exact) {
      return withScale(field, exact.value());
    }
    BoundRange range = bindings.range(field, (PropertyValues.Range) parsed);
    double[] window = range.drawWindow(field);
    QuantileFunction quantiles = global.quantiles(field);
    double x =
        quantiles == null
            ? window[0] + random.nextDouble() * (window[1] - window[0])
            : quantiles.sampleWithin(window[0], window[1], random);
    return range.valueWithin(x, field);
  }

  private static Object withScale(RecordField field, Object value) {
    if (field.type() == FieldType.DECIMAL && field.scale() != null) {
      return ((BigDecimal) value).setScale(field.scale(), RoundingMode.HALF_UP);
    }
    return value;
  }

  private static List<Map<String, Object>> inFingerprintOrder(List<Map<String, Object>> rows) {
    List<long[]> keyed = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      keyed.add(new long[] {RecordFingerprint.of(rows.get(i)), i});
    }
    keyed.sort(Comparator.comparingLong(k -> k[0]));
    List<Map<String, Object>> ordered = new ArrayList<>(rows.size());
    for (long[] k : keyed) {
      ordered.add(rows.get((int) k[1]));
    }
    return List.copyOf(ordered);
  }
}
