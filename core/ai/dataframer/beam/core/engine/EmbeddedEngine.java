package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.Seeds;
import ai.dataframer.beam.core.record.RecordFingerprint;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TypeRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
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
 * mimicking the seed ids' shape. Which unbound fields are null is drawn jointly, as the null
 * pattern of a matching seed row ({@link NullMasks}), and every value is put on its field's grain
 * ({@link Granularity}). Key fields take their plan's key ({@link KeyFields}): unique in the run
 * and never a seed value. A draft that is an exact copy of a seed record is redrawn up to {@link
 * #MAX_COPY_REDRAWS} times with the same null pattern, so that redraws do not favour records with
 * fewer nulls. The spec's constraints are kept last ({@link ConstraintEnforcer}).
 *
 * <p>Built once per worker (training is per plan key and cached), then used for many plans; draws
 * use only {@code Seeds.random(plan.seed(), plan.index(), "draft", attempt)}, so the same plan and
 * attempt give the same record anywhere. Seed rows are put in fingerprint order first, so the order
 * in which a runner delivers them does not matter either.
 */
public final class EmbeddedEngine implements SampleDrafter {
  public static final String MODEL_NAME = "embedded";
  public static final int MAX_COPY_REDRAWS = 16;

  private final Spec spec;
  private final List<Map<String, Object>> seeds;
  private final LongPredicate isSeedFingerprint;
  private final boolean keysRuleOutCopies;
  private final Runnable onCopyRedraw;
  private final FieldBindings bindings;
  private final SeedModels global;
  private final List<RecordField> fields;
  private final MatchedGroups groups;
  private final KeyFields keys;
  private final ConstraintEnforcer constraints;
  private final NumericDependence dependence;
  private final NullMasks nullMasks;

  /** The grain of each field, by position in {@link #fields}. */
  private final Granularity[] grains;

  /** Positions in {@link #fields} of the unbound fields, in {@link MatchedGroups}' order. */
  private final int[] unboundPositions;

  /** Positions of the bound fields in the order of the last plan's properties, and that order. */
  private List<String> lastPropertyOrder = List.of();

  private int[] lastBoundPositions = new int[0];

  /**
   * @param seedExamples seed rows to learn from (core records), possibly empty
   * @param isSeedFingerprint true for the {@link RecordFingerprint} of any seed record
   * @param seedKeys the key values of every seed row, which keys never equal
   * @param onCopyRedraw called once per redraw of an exact copy (for metrics)
   * @throws IllegalArgumentException when the spec has no record fields or a field's model is
   *     invalid
   */
  public EmbeddedEngine(
      Spec spec,
      List<Map<String, Object>> seedExamples,
      LongPredicate isSeedFingerprint,
      SeedKeyPositions seedKeys,
      Runnable onCopyRedraw) {
    this(spec, seedExamples, isSeedFingerprint, seedKeys, false, onCopyRedraw);
  }

  /**
   * @param keysRuleOutCopies true when {@code seedKeys} holds the keys of every seed row {@code
   *     isSeedFingerprint} knows: a record holding its plan's key then needs no fingerprint to know
   *     it copies no seed row ({@link #holdsPlanKey})
   */
  public EmbeddedEngine(
      Spec spec,
      List<Map<String, Object>> seedExamples,
      LongPredicate isSeedFingerprint,
      SeedKeyPositions seedKeys,
      boolean keysRuleOutCopies,
      Runnable onCopyRedraw) {
    if (!spec.isRecordSpec()) {
      throw new IllegalArgumentException(
          "the embedded engine generates records, but the spec has no record_fields");
    }
    this.spec = spec;
    this.seeds = inFingerprintOrder(seedExamples);
    this.isSeedFingerprint = isSeedFingerprint;
    this.keysRuleOutCopies = keysRuleOutCopies;
    this.onCopyRedraw = onCopyRedraw;
    this.bindings = new FieldBindings(spec);
    this.global = new SeedModels(spec, seeds);
    this.fields = spec.recordFields();
    this.groups = new MatchedGroups(spec, seeds, global);
    this.unboundPositions = groups.unboundFields().stream().mapToInt(fields::indexOf).toArray();
    this.nullMasks = new NullMasks(fields, unboundPositions, seeds);
    this.grains = fields.stream().map(Granularity::of).toArray(Granularity[]::new);
    this.keys = new KeyFields(fields, seedKeys);
    this.constraints = new ConstraintEnforcer(spec, seeds, bindings, global);
    this.dependence = new NumericDependence(spec, seeds, bindings, global);
  }

  /** An engine whose keys avoid the key values of the seed examples (all seeds when they are). */
  public EmbeddedEngine(
      Spec spec,
      List<Map<String, Object>> seedExamples,
      LongPredicate isSeedFingerprint,
      Runnable onCopyRedraw) {
    this(
        spec,
        seedExamples,
        isSeedFingerprint,
        SeedKeyPositions.of(spec, seedExamples),
        onCopyRedraw);
  }

  public EmbeddedEngine(
      Spec spec, List<Map<String, Object>> seedExamples, LongPredicate isSeedFingerprint) {
    this(spec, seedExamples, isSeedFingerprint, () -> {});
  }

  @Override
  public Map<String, Object> draft(SamplePlan plan, int attempt) {
    PlanDraw draw = drawFor(plan);
    SplittableRandom random = Seeds.random(plan.seed(), plan.index(), "draft", attempt);
    boolean[] nulls = nullMasks.draw(draw.nullPatternRows(), random);
    Map<String, Object> record = drawRecord(draw, nulls, random);
    for (int redraw = 0;
        redraw < MAX_COPY_REDRAWS
            && !holdsKey(draw.keys(), record)
            && isSeedFingerprint.test(RecordFingerprint.of(record));
        redraw++) {
      onCopyRedraw.run();
      record = drawRecord(draw, nulls, random);
    }
    return record;
  }

  /**
   * Whether the record holds one of the plan's keys, which no seed row holds ({@link KeyFields}):
   * then it cannot copy a seed row, and its fingerprint (a quarter of the engine's time, measured
   * with scripts/bench-engine) is not needed to know.
   */
  private boolean holdsKey(Object[] planKeys, Map<String, Object> record) {
    if (!keysRuleOutCopies) {
      return false;
    }
    for (int i = 0; i < planKeys.length; i++) {
      if (planKeys[i] != null && planKeys[i].equals(record.get(fields.get(i).name()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code record} holds one of {@code plan}'s keys, so cannot copy a seed row; false when
   * the engine was not told its seed keys cover the seed fingerprints.
   */
  public boolean holdsPlanKey(SamplePlan plan, Map<String, Object> record) {
    return holdsKey(keys.values(plan), record);
  }

  /**
   * What a plan's record is drawn from: the parsed value of each bound field, the sampler of each
   * unbound one and the key of each key field, by position in the spec's record fields (null where
   * another kind is), the seed rows whose null patterns the record's nulls are drawn from, and the
   * joint draw of the ordered fields.
   */
  private record PlanDraw(
      PropertyValues.Parsed[] bound,
      FieldSamplers.FieldSampler[] samplers,
      Object[] keys,
      int[] nullPatternRows,
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
      PropertyValues.Parsed parsed = bindings.parse(field, value);
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
    return new PlanDraw(
        bound,
        samplers,
        keys.values(plan),
        nullPatternRows(chain),
        dependence.forPlan(boundPositions, planValues, bound));
  }

  /** The rows of the deepest matching group large enough to give null patterns, else all. */
  private static int[] nullPatternRows(List<MatchedGroups.Node> chain) {
    for (int k = chain.size() - 1; k > 0; k--) {
      if (chain.get(k).rows().length >= NullMasks.MIN_MASK_ROWS) {
        return chain.get(k).rows();
      }
    }
    return chain.get(0).rows();
  }

  /** Compared in place: a copy of every plan's property names was a list per sample. */
  private static boolean sameOrder(Collection<String> names, List<String> order) {
    if (names.size() != order.size()) {
      return false;
    }
    Iterator<String> expected = order.iterator();
    for (String name : names) {
      if (!name.equals(expected.next())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Bound fields ordered like the plan's properties (parents before children, roots first), since
   * matching backs off along that order. Plans of one run share it, so it is sorted once.
   */
  private int[] boundInPlanOrder(SamplePlan plan) {
    if (!sameOrder(plan.propertyValues().keySet(), lastPropertyOrder)) {
      List<String> order = List.copyOf(plan.propertyValues().keySet());
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

  /**
   * @param nulls which unbound fields are null, by position in {@link #fields}
   */
  private Map<String, Object> drawRecord(PlanDraw draw, boolean[] nulls, SplittableRandom random) {
    Map<String, Object> record = new LinkedHashMap<>();
    // Ordered fields drawn jointly, by position; null where a field's own sampler draws it.
    Object[] joint = draw.ordered().draw(random);
    for (int i = 0; i < fields.size(); i++) {
      RecordField field = fields.get(i);
      Object value;
      if (field.isKey()) {
        // The key is the plan's alone; its nulls come with the record's null pattern.
        value = nulls[i] ? null : draw.keys()[i];
      } else if (field.isBound()) {
        value =
            joint[i] != null
                ? grains[i].apply(joint[i])
                : boundValue(field, grains[i], draw.bound()[i], random);
      } else if (nulls[i]) {
        value = null;
      } else {
        value = grains[i].apply(joint[i] != null ? joint[i] : draw.samplers()[i].draw(random));
      }
      record.put(field.name(), value);
    }
    // The one point where the spec's constraints are kept, after every field is drawn.
    constraints.enforce(record, draw.bound(), random);
    return record;
  }

  private Object boundValue(
      RecordField field, Granularity grain, PropertyValues.Parsed parsed, SplittableRandom random) {
    if (parsed instanceof PropertyValues.Null) {
      return null;
    }
    if (parsed instanceof PropertyValues.Exact exact) {
      return grain.apply(exact.value());
    }
    BoundRange range = bindings.range(field, (PropertyValues.Range) parsed);
    double[] window = range.drawWindow(grain);
    QuantileFunction quantiles = global.quantiles(field);
    double x =
        quantiles == null
            ? TypeRange.between(window[0], window[1], random.nextDouble())
            : quantiles.sampleWithin(window[0], window[1], random);
    return range.valueWithin(x, grain);
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
