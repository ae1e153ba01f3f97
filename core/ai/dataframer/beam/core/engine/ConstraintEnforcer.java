package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.ConstraintValues;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TypeRange;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Makes a drafted record keep the spec's constraints (docs/ARCHITECTURE.md, "Constraints"),
 * changing as little as it can and only fields the plan leaves free: a field bound to an exact
 * value (or null) is never changed, one bound to a range only within it.
 *
 * <ol>
 *   <li>determines, {@code from} before {@code to} along chains: {@code to} takes the value the
 *       seed maps {@code from} to; when {@code to} cannot change, {@code from} is drawn among the
 *       seed values that map to {@code to}. Fields so set are not changed again.
 *   <li>orders and sums, parts before their totals, other fields in spec order: a field whose value
 *       breaks an order with a field already settled (or with the range a later field is bound to)
 *       is redrawn from its quantile model restricted to the side that holds; a total is its parts
 *       added exactly and put on its grain. A total the plan fixes or bounds gets there by moving
 *       its last free part.
 * </ol>
 *
 * What it cannot mend (say, two fixed fields out of order) is left for {@link ConstraintFilter} to
 * reject. Draws use only the record's random generator, and only when a change is needed.
 */
final class ConstraintEnforcer {
  private final List<RecordField> fields;
  private final FieldBindings bindings;
  private final Rule[] determines;
  private final int[] numericOrder;
  private final Bound[][] boundsByField;
  private final SumRule[] sumByTotal;
  private final QuantileFunction[] quantiles;
  private final Granularity[] grains;

  /** A determines rule between two field positions, with its seed mapping. */
  private record Rule(int from, int to, SeedMapping mapping) {}

  /**
   * The field must be above (or below) the partner's value: {@code field >= partner}, say; {@code
   * gaps} are field - partner in the seed rows showing both, sorted, for dates and timestamps whose
   * durations are about independent of the partner's value; empty otherwise.
   */
  private record Bound(int partner, boolean lower, boolean strict, double[] gaps) {}

  /** Fewer seed gaps than this and a field is drawn from its own model, mended only if broken. */
  static final int MIN_SEED_GAPS = 20;

  private record SumRule(int total, int[] parts) {}

  /**
   * @param seeds the seed rows, in a fixed order, the determines mappings are read from
   * @throws IllegalArgumentException when a constraint names a field the spec does not have
   */
  ConstraintEnforcer(
      Spec spec, List<Map<String, Object>> seeds, FieldBindings bindings, SeedModels global) {
    this.fields = spec.recordFields();
    this.bindings = bindings;
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      positions.put(fields.get(i).name(), i);
    }
    int n = fields.size();
    List<Rule> rules = new ArrayList<>();
    List<List<Bound>> bounds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bounds.add(new ArrayList<>());
    }
    this.sumByTotal = new SumRule[n];
    boolean[] numeric = new boolean[n];
    for (Constraint constraint : spec.constraints()) {
      for (String name : constraint.fields()) {
        if (!positions.containsKey(name)) {
          throw new IllegalArgumentException(
              "constraint " + constraint.kind() + " names '" + name + "', which is not a field");
        }
      }
      if (constraint instanceof Constraint.Determines rule) {
        rules.add(
            new Rule(
                positions.get(rule.from()),
                positions.get(rule.to()),
                new SeedMapping(rule, seeds)));
      } else if (constraint instanceof Constraint.Order order) {
        int left = positions.get(order.left());
        int right = positions.get(order.right());
        boolean leftAbove = order.op().startsWith(">");
        boolean strict = !order.op().endsWith("=");
        bounds.get(left).add(bound(right, leftAbove, strict, seeds, order.left(), order.right()));
        bounds.get(right).add(bound(left, !leftAbove, strict, seeds, order.right(), order.left()));
        numeric[left] = numeric[right] = true;
      } else if (constraint instanceof Constraint.Sum sum) {
        int total = positions.get(sum.total());
        int[] parts = sum.parts().stream().mapToInt(positions::get).toArray();
        sumByTotal[total] = new SumRule(total, parts);
        numeric[total] = true;
        for (int part : parts) {
          numeric[part] = true;
        }
      }
    }
    this.determines = chained(rules, n);
    this.numericOrder = partsFirst(numeric, sumByTotal);
    this.boundsByField = new Bound[n][];
    this.quantiles = new QuantileFunction[n];
    this.grains = new Granularity[n];
    for (int i = 0; i < n; i++) {
      boundsByField[i] = bounds.get(i).toArray(new Bound[0]);
      if (numeric[i]) {
        quantiles[i] = global.quantiles(fields.get(i));
        grains[i] = Granularity.of(fields.get(i));
      }
    }
  }

  boolean isEmpty() {
    return determines.length == 0 && numericOrder.length == 0;
  }

  /**
   * Changes {@code record} in place to keep the constraints.
   *
   * @param bound the plan's parsed value per field position, null for unbound fields
   */
  void enforce(Map<String, Object> record, PropertyValues.Parsed[] bound, SplittableRandom random) {
    if (isEmpty()) {
      return;
    }
    Draft draft = new Draft(record, bound);
    for (Rule rule : determines) {
      keepDetermined(rule, draft, random, determines);
    }
    for (int field : numericOrder) {
      if (sumByTotal[field] != null) {
        addUp(sumByTotal[field], draft, random);
      } else if (!draft.settled[field]) {
        keepOrders(field, draft, random);
      }
      draft.settled[field] = true;
    }
  }

  /**
   * The record being mended: which fields are fixed (by the plan or a determines rule), which are
   * settled (fixed, or already mended), and the ranges bound fields must keep.
   */
  private final class Draft {
    final Map<String, Object> record;
    final boolean[] fixed = new boolean[fields.size()];
    final boolean[] settled = new boolean[fields.size()];
    final BoundRange[] ranges = new BoundRange[fields.size()];

    Draft(Map<String, Object> record, PropertyValues.Parsed[] bound) {
      this.record = record;
      for (int i = 0; i < settled.length; i++) {
        PropertyValues.Parsed parsed = bound[i];
        if (parsed instanceof PropertyValues.Range range) {
          ranges[i] = bindings.range(fields.get(i), range);
        } else {
          fixed[i] = settled[i] = parsed != null;
        }
      }
    }

    Object get(int field) {
      return record.get(fields.get(field).name());
    }

    void set(int field, Object value) {
      record.put(fields.get(field).name(), value);
    }

    /** Whether the field may take {@code value}: not settled, and inside its bound range. */
    boolean canTake(int field, Object value) {
      return !settled[field]
          && (ranges[field] == null || ranges[field].contains(PropertyValues.toNumber(value)));
    }
  }

  private static void keepDetermined(
      Rule rule, Draft draft, SplittableRandom random, Rule[] allRules) {
    Object from = draft.get(rule.from());
    Object to = draft.get(rule.to());
    if (from == null || to == null) {
      return;
    }
    Object mapped = rule.mapping().mapped(from);
    if (mapped == null) {
      return;
    }
    boolean kept = ConstraintValues.key(mapped).equals(ConstraintValues.key(to));
    // A from value that keeps this rule may still break a sibling rule whose to is fixed (the
    // product has the planned brand but another category): then it is drawn again.
    boolean siblingsKept =
        draft.settled[rule.from()] || agreesWithSiblings(rule, from, draft, allRules);
    if (!kept || !siblingsKept) {
      if (!kept && draft.canTake(rule.to(), mapped)) {
        draft.set(rule.to(), mapped);
      } else if (!draft.settled[rule.from()]) {
        // A product name fixed by its category must also keep the brand the plan fixes: the value
        // drawn for from has to agree with every rule from the same field.
        Object drawn =
            rule.mapping()
                .drawFrom(
                    to,
                    value ->
                        draft.canTake(rule.from(), value)
                            && agreesWithSiblings(rule, value, draft, allRules),
                    random);
        if (drawn == null) {
          return;
        }
        draft.set(rule.from(), drawn);
      } else {
        return;
      }
    }
    draft.fixed[rule.from()] = draft.settled[rule.from()] = true;
    draft.fixed[rule.to()] = draft.settled[rule.to()] = true;
  }

  /**
   * Whether {@code from}, put in {@code rule.from()}, can keep every other rule reading that field:
   * its mapped value is the record's, or the record's may still change to it.
   */
  private static boolean agreesWithSiblings(Rule rule, Object from, Draft draft, Rule[] allRules) {
    for (Rule other : allRules) {
      if (other == rule || other.from() != rule.from()) {
        continue;
      }
      Object mapped = other.mapping().mapped(from);
      Object current = draft.get(other.to());
      if (mapped != null
          && current != null
          && !ConstraintValues.key(mapped).equals(ConstraintValues.key(current))
          && !draft.canTake(other.to(), mapped)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where a field may lie given its bound range and its orders with settled fields (and with the
   * range a field decided later is bound to).
   */
  private Interval allowed(int field, Draft draft) {
    return allowed(field, draft, -1);
  }

  /** As {@link #allowed(int, Draft)}, leaving out the orders with {@code ignored}. */
  private Interval allowed(int field, Draft draft, int ignored) {
    Interval allowed = new Interval();
    for (Bound bound : boundsByField[field]) {
      if (bound.partner() == ignored) {
        continue;
      }
      Object partner = draft.get(bound.partner());
      double at;
      boolean strict = bound.strict();
      if (draft.settled[bound.partner()]) {
        if (partner == null) {
          continue;
        }
        at = PropertyValues.toNumber(partner);
      } else if (draft.ranges[bound.partner()] != null) {
        // The partner is decided later inside its range: stay on the near side of its far end,
        // the last value on its grain below an open end.
        BoundRange range = draft.ranges[bound.partner()];
        double step = grains[bound.partner()].step();
        at = bound.lower() ? range.low() : range.high();
        if (!bound.lower() && !range.closed()) {
          at = step > 0 ? at - step : at;
          strict = bound.strict() || step == 0;
        }
      } else {
        continue;
      }
      if (bound.lower()) {
        allowed.atLeast(at, strict);
      } else {
        allowed.atMost(at, strict);
      }
    }
    BoundRange own = draft.ranges[field];
    if (own != null) {
      allowed.atLeast(own.low(), false);
      allowed.atMost(own.high(), !own.closed());
    }
    return allowed;
  }

  /** Redraws a field that breaks an order with a settled field, or a bound range's far end. */
  private void keepOrders(int field, Draft draft, SplittableRandom random) {
    Object value = draft.get(field);
    if (value == null || boundsByField[field].length == 0) {
      return;
    }
    Interval allowed = allowed(field, draft);
    if (followSeedGap(field, draft, allowed, random)) {
      return;
    }
    if (allowed.contains(PropertyValues.toNumber(value)) || allowed.isEmpty()) {
      return;
    }
    Object drawn = drawWithin(field, allowed, random);
    if (drawn != null) {
      draft.set(field, drawn);
    }
  }

  /**
   * A free date or timestamp (or one bound to a band) ordered after a settled partner (a ticket
   * resolved after its first response) is the partner plus the duration of a random seed row: drawn
   * on its own and mended only when out of order, the two come out nearly independent, and the
   * mended values pile up at the partner's side (docs/ARCHITECTURE.md "Constraints").
   *
   * @return whether the field was set so
   */
  private boolean followSeedGap(int field, Draft draft, Interval allowed, SplittableRandom random) {
    if (draft.fixed[field] || allowed.isEmpty()) {
      return false;
    }
    for (Bound bound : boundsByField[field]) {
      Object partner = draft.get(bound.partner());
      if (!draft.settled[bound.partner()]
          || partner == null
          || bound.gaps().length < MIN_SEED_GAPS) {
        continue;
      }
      // A field bound to a band keeps its band: a few gaps are tried for one that lands in it.
      for (int attempt = 0; attempt < GAP_ATTEMPTS; attempt++) {
        double x =
            PropertyValues.toNumber(partner) + bound.gaps()[random.nextInt(bound.gaps().length)];
        Object placed =
            grains[field].within(
                x, allowed.low, allowed.lowStrict, allowed.high, allowed.highStrict);
        if (placed != null && draft.canTake(field, placed)) {
          draft.set(field, placed);
          return true;
        }
      }
      return false;
    }
    return false;
  }

  /** Gaps tried for a field bound to a band before it falls back to its own model. */
  private static final int GAP_ATTEMPTS = 8;

  /**
   * The bound of {@code field} against {@code partner}, with the seed's durations between them for
   * dates and timestamps ({@link SeedDurations}).
   */
  private static Bound bound(
      int partner,
      boolean lower,
      boolean strict,
      List<Map<String, Object>> seeds,
      String field,
      String partnerName) {
    return new Bound(partner, lower, strict, SeedDurations.between(seeds, field, partnerName));
  }

  /**
   * A value drawn from the field's quantile model restricted to the interval (an open side reaching
   * to the model's end), put on the field's grain; null when none fits.
   */
  private Object drawWithin(int field, Interval allowed, SplittableRandom random) {
    QuantileFunction model = quantiles[field];
    double from = allowed.low;
    double to = allowed.high;
    if (Double.isInfinite(from)) {
      from = model == null ? to : Math.min(model.min(), to);
    }
    if (Double.isInfinite(to)) {
      to = model == null ? from : Math.max(model.max(), from);
    }
    double x =
        model == null
            ? TypeRange.between(from, to, random.nextDouble())
            : model.sampleWithin(from, to, random);
    return grains[field].within(
        x, allowed.low, allowed.lowStrict, allowed.high, allowed.highStrict);
  }

  /**
   * Sets a total to its parts added exactly; when that breaks the total's bound range or its orders
   * with settled fields, or the plan fixes the total, moves the last free part so the parts add up
   * to a total that fits.
   */
  private void addUp(SumRule sum, Draft draft, SplittableRandom random) {
    List<Object> parts = new ArrayList<>(sum.parts().length);
    for (int part : sum.parts()) {
      parts.add(draft.get(part));
    }
    Object current = draft.get(sum.total());
    if (parts.contains(null) || current == null) {
      if (!draft.settled[sum.total()]) {
        keepOrders(sum.total(), draft, random);
      }
      return;
    }
    boolean fixed = draft.fixed[sum.total()];
    int movable = movablePart(sum, draft);
    // The part about to move says nothing yet about where the total may go.
    Interval allowed = allowed(sum.total(), draft, movable < 0 ? -1 : sum.parts()[movable]);
    if (fixed) {
      allowed = new Interval();
      allowed.atLeast(PropertyValues.toNumber(current), false);
      allowed.atMost(PropertyValues.toNumber(current), false);
    }
    Object total = sumOnGrain(sum.total(), parts);
    if (total != null && allowed.contains(PropertyValues.toNumber(total))) {
      if (!fixed) {
        draft.set(sum.total(), total);
      }
      return;
    }
    if (movable >= 0) {
      // The totals the movable part reaches while staying inside its own model.
      int part = sum.parts()[movable];
      BigDecimal others =
          ConstraintValues.sum(parts).subtract(ConstraintValues.exact(parts.get(movable)));
      QuantileFunction model = quantiles[part];
      if (model != null) {
        allowed.atLeast(others.doubleValue() + model.min(), false);
        allowed.atMost(others.doubleValue() + model.max(), false);
      }
      Object target =
          allowed.isEmpty() ? null : fixed ? current : drawWithin(sum.total(), allowed, random);
      Object moved =
          target == null
              ? null
              : grains[part].ofDecimal(ConstraintValues.exact(target).subtract(others));
      if (moved != null
          && (model == null
              || (PropertyValues.toNumber(moved) >= model.min()
                  && PropertyValues.toNumber(moved) <= model.max()))) {
        draft.set(part, moved);
        parts.set(movable, moved);
        total = sumOnGrain(sum.total(), parts);
      }
    }
    if (!fixed && total != null && draft.canTake(sum.total(), total)) {
      draft.set(sum.total(), total);
    }
  }

  /**
   * The parts added up on the total's grain, of its class; null when outside its type. Whole
   * numbers add as longs, the common case that needs no decimal arithmetic.
   */
  private Object sumOnGrain(int total, List<Object> parts) {
    FieldType type = fields.get(total).type();
    if (type == FieldType.INT || type == FieldType.LONG) {
      long added = 0;
      boolean whole = true;
      for (Object part : parts) {
        if (!(part instanceof Integer || part instanceof Long)) {
          whole = false;
          break;
        }
        long value = ((Number) part).longValue();
        long next = added + value;
        // Overflow only when both have the sign the sum lacks.
        if (((added ^ next) & (value ^ next)) < 0) {
          return null;
        }
        added = next;
      }
      if (whole) {
        boolean fits = type == FieldType.LONG || added == (int) added;
        return !fits ? null : type == FieldType.INT ? (Object) (int) added : (Object) added;
      }
    }
    return grains[total].ofDecimal(ConstraintValues.sum(parts));
  }

  /**
   * The position among the sum's parts of the last one that may move: not fixed, not bound to a
   * range, not itself a total; -1 when none may.
   */
  private int movablePart(SumRule sum, Draft draft) {
    for (int k = sum.parts().length - 1; k >= 0; k--) {
      int part = sum.parts()[k];
      if (draft.ranges[part] == null && !draft.fixed[part] && sumByTotal[part] == null) {
        return k;
      }
    }
    return -1;
  }

  /** Determines rules in chain order: a rule reading a field comes after the rules setting it. */
  private static Rule[] chained(List<Rule> rules, int fieldCount) {
    int[] incoming = new int[fieldCount];
    rules.forEach(r -> incoming[r.to()]++);
    List<Rule> ordered = new ArrayList<>();
    List<Rule> left = new ArrayList<>(rules);
    while (!left.isEmpty()) {
      Rule next = null;
      for (Rule rule : left) {
        if (incoming[rule.from()] == 0) {
          next = rule;
          break;
        }
      }
      // A cycle (a user's rules can make one): take the rules in their given order.
      next = next == null ? left.get(0) : next;
      left.remove(next);
      ordered.add(next);
      incoming[next.to()]--;
    }
    return ordered.toArray(new Rule[0]);
  }

  /** The fields of orders and sums, parts before their totals, otherwise in spec order. */
  private static int[] partsFirst(boolean[] numeric, SumRule[] sumByTotal) {
    int n = numeric.length;
    int[] waiting = new int[n];
    List<List<Integer>> totalsOf = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      totalsOf.add(new ArrayList<>());
    }
    for (SumRule sum : sumByTotal) {
      if (sum != null) {
        for (int part : sum.parts()) {
          totalsOf.get(part).add(sum.total());
          waiting[sum.total()]++;
        }
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < n; i++) {
      if (numeric[i] && waiting[i] == 0) {
        ready.add(i);
      }
    }
    List<Integer> order = new ArrayList<>();
    boolean[] placed = new boolean[n];
    while (!ready.isEmpty()) {
      int next = ready.poll();
      order.add(next);
      placed[next] = true;
      for (int total : totalsOf.get(next)) {
        if (--waiting[total] == 0) {
          ready.add(total);
        }
      }
    }
    // Sums in a cycle (only a user's edit can make one) come last, in spec order.
    for (int i = 0; i < n; i++) {
      if (numeric[i] && !placed[i]) {
        order.add(i);
      }
    }
    return order.stream().mapToInt(Integer::intValue).toArray();
  }
}
