package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.Seeds;
import ai.dataframer.beam.core.record.RecordFingerprint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TypeRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * The embedded statistical engine: drafts records from the spec and the seed rows, no model calls.
 *
 * <p>Bound fields show the plan's value (exact, a quantile draw inside the range, or null). Unbound
 * fields follow the seed rows that match the plan: ordered values near matching seed values, free
 * text from a Markov chain of the matching texts, categories from the matching values, ids
 * mimicking the seed ids' shape; nulls at the field's {@code nullable_percent}. A draft that is an
 * exact copy of a seed record is redrawn up to {@link #MAX_COPY_REDRAWS} times.
 *
 * <p>Built once per worker (training is per plan key and cached), then used for many plans; draws
 * use only {@code Seeds.random(plan.seed(), plan.index(), "draft", attempt)}, so the same plan and
 * attempt give the same record anywhere. Seed rows are put in fingerprint order first, so the order
 * in which a runner delivers them does not matter either.
 */
public final class EmbeddedEngine implements SampleDrafter {
  public static final String MODEL_NAME = "embedded";
  public static final int MAX_COPY_REDRAWS = 16;

  /** Parsed plan values kept per bound field; a spec lists far fewer values than this. */
  private static final int MAX_CACHED_VALUES_PER_FIELD = 4096;

  private final Spec spec;
  private final List<Map<String, Object>> seeds;
  private final LongPredicate isSeedFingerprint;
  private final Runnable onCopyRedraw;
  private final FieldBindings bindings;
  private final SeedModels global;
  private final List<RecordField> fields;
  private final MatchedGroups groups;
  private final NumericDependence dependence;
  private final Map<String, Map<String, PropertyValues.Parsed>> parsedByField = new HashMap<>();

  /** Positions in {@link #fields} of the unbound fields, in {@link MatchedGroups}' order. */
  private final int[] unboundPositions;

  /** Positions of the bound fields in the order of the last plan's properties, and that order. */
  private List<String> lastPropertyOrder = List.of();

  private int[] lastBoundPositions = new int[0];

  /**
   * @param seedExamples seed rows to learn from (core records), possibly empty
   * @param isSeedFingerprint true for the {@link RecordFingerprint} of any seed record
   * @param onCopyRedraw called once per redraw of an exact copy (for metrics)
   * @throws IllegalArgumentException when the spec has no record fields or a field's model is
   *     invalid
   */
  public EmbeddedEngine(
      Spec spec,
      List<Map<String, Object>> seedExamples,
      LongPredicate isSeedFingerprint,
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
    this.fields = spec.recordFields();
    this.groups = new MatchedGroups(spec, seeds, global);
    this.unboundPositions = groups.unboundFields().stream().mapToInt(fields::indexOf).toArray();
    this.dependence = new NumericDependence(spec, seeds, bindings, global);
  }

  public EmbeddedEngine(
      Spec spec, List<Map<String, Object>> seedExamples, LongPredicate isSeedFingerprint) {
    this(spec, seedExamples, isSeedFingerprint, () -> {});
  }

  @Override
  public Map<String, Object> draft(SamplePlan plan, int attempt) {
    PlanDraw draw = drawFor(plan);
    SplittableRandom random = Seeds.random(plan.seed(), plan.index(), "draft", attempt);
    Map<String, Object> record = drawRecord(draw, random);
    for (int redraw = 0;
        redraw < MAX_COPY_REDRAWS && isSeedFingerprint.test(RecordFingerprint.of(record));
        redraw++) {
      onCopyRedraw.run();
      record = drawRecord(draw, random);
    }
    return record;
  }

  /**
   * What a plan's record is drawn from: the parsed value of each bound field and the sampler of
   * each unbound one, both by position in the spec's record fields (null where the other kind is),
   * and the joint draw of the ordered fields.
   */
  private record PlanDraw(
      PropertyValues.Parsed[] bound,
      FieldSamplers.FieldSampler[] samplers,
      NumericDependence.PlanDraw ordered) {}

  private synchronized PlanDraw drawFor(SamplePlan plan) {
    PropertyValues.Parsed[] bound = new PropertyValues.Parsed[fields.size()];
    String[] planValues = new String[fields.size()];
    List<MatchedGroups.Node> chain = new ArrayList<>();
    MatchedGroups.Node node = groups.root();
    chain.add(node);
    int[] boundPositions = boundInPlanOrder(plan);
    for (int position : boundPositions) {
      RecordField field = fields.get(position);
      String value = bindings.planValue(field, plan);
      PropertyValues.Parsed parsed = parsed(field, value);
      bound[position] = parsed;
      planValues[position] = value;
      if (node != null) {
        node = groups.child(node, field, value, () -> bindings.matcher(field, parsed));
        if (node != null) {
          chain.add(node);
        }
      }
    }
    FieldSamplers.FieldSampler[] unbound = groups.samplers(chain);
    FieldSamplers.FieldSampler[] samplers = new FieldSamplers.FieldSampler[fields.size()];
    for (int f = 0; f < unbound.length; f++) {
      samplers[unboundPositions[f]] = unbound[f];
    }
    return new PlanDraw(bound, samplers, dependence.forPlan(boundPositions, planValues, bound));
  }

  private PropertyValues.Parsed parsed(RecordField field, String value) {
    Map<String, PropertyValues.Parsed> values =
        parsedByField.computeIfAbsent(field.name(), name -> new HashMap<>());
    PropertyValues.Parsed parsed = values.get(value);
    if (parsed == null) {
      parsed = bindings.parse(field, value);
      if (values.size() < MAX_CACHED_VALUES_PER_FIELD) {
        values.put(value, parsed);
      }
    }
    return parsed;
  }

  /**
   * Bound fields ordered like the plan's properties (parents before children, roots first), since
   * matching backs off along that order. Plans of one run share it, so it is sorted once.
   */
  private int[] boundInPlanOrder(SamplePlan plan) {
    List<String> order = List.copyOf(plan.propertyValues().keySet());
    if (!order.equals(lastPropertyOrder)) {
      List<Integer> positions = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).isBound()) {
          positions.add(i);
        }
      }
      positions.sort(Comparator.comparingInt(i -> order.indexOf(fields.get(i).property())));
      lastPropertyOrder = order;
      lastBoundPositions = positions.stream().mapToInt(Integer::intValue).toArray();
    }
    return lastBoundPositions;
  }

  private Map<String, Object> drawRecord(PlanDraw draw, SplittableRandom random) {
    Map<String, Object> record = new LinkedHashMap<>();
    // Ordered fields drawn jointly, by position; null where a field's own sampler draws it.
    Object[] joint = draw.ordered().draw(random);
    for (int i = 0; i < fields.size(); i++) {
      RecordField field = fields.get(i);
      Object value;
      if (field.isBound()) {
        value = joint[i] != null ? joint[i] : boundValue(field, draw.bound()[i], random);
      } else {
        boolean isNull = random.nextDouble() * 100 < field.nullablePercent();
        value = isNull ? null : joint[i] != null ? joint[i] : draw.samplers()[i].draw(random);
      }
      record.put(field.name(), value);
    }
    return record;
  }

  private Object boundValue(
      RecordField field, PropertyValues.Parsed parsed, SplittableRandom random) {
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
            ? TypeRange.between(window[0], window[1], random.nextDouble())
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
