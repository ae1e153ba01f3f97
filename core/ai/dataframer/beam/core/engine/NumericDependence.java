package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TypeRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Draws a record's ordered fields jointly, so that correlations between numbers survive while each
 * bound field stays inside the plan's band (docs/ARCHITECTURE.md section 6, "Per sample"). Drawn
 * one at a time, three dimensions of one object with r > 0.95 come out barely related inside their
 * bands; here they share one {@link GaussianCopula}.
 *
 * <p>The model is learned from the seed rows at engine construction rather than written into the
 * spec: it needs the rows anyway for the per-context ranks below, and a k x k matrix per context
 * would make the spec YAML unreadable. It covers the ordered fields (numbers, decimals, dates,
 * timestamps; bound and unbound) except keys and fields with fewer than {@link #MIN_FIELD_VALUES}
 * finite seed values, and only when there are two or more of them.
 *
 * <p>Values and ranks: every value is read from the field's quantile function in the spec (all seed
 * values when it has none) at some rank in (0, 1), so the spec decides each field's shape, an
 * edited {@code quantiles} list included; the seed teaches only where records sit in those ranks. A
 * seed value's rank is its mid-rank among all seed values of the field; when the spec was learned
 * from the same seed, reading the spec at that rank gives the value back.
 *
 * <p>Contexts: a numeric field depends on the plan's categorical values (a laptop order has laptop
 * quantities), so the copula and the rank distributions are learned per context, the seed rows
 * showing the leading run of the plan's bound non-ordered values (strings, booleans) in plan order,
 * as deep as at least {@link FieldSamplers#MIN_MATCHING_ROWS} rows match. Bands and exact values of
 * ordered fields are not part of the context: they become intervals of the latent coordinates,
 * which keeps contexts large and lets the copula carry the within-band dependence. A context's
 * correlation is shrunk toward its parent's as far as its sampling error explains the difference
 * ({@link GaussianCopula#blendedWith}). A field's ranks in a context are its rows' seed ranks when
 * it has enough of them, else the parent's; at the root they are uniform. An unbound field's rank
 * comes from its context; a bound field's latent interval too (so it conditions the others on the
 * context's scale), but its value from its relative place in the band, see {@link Coordinate}.
 */
final class NumericDependence {
  /** A field with fewer non-null seed values than this is drawn on its own. */
  static final int MIN_FIELD_VALUES = 10;

  /** Knots of a context's marginal quantile function: a quantile every 1/64. */
  static final int MARGINAL_KNOTS = 65;

  /** Plan values whose coordinates a context remembers, per field; a spec lists far fewer. */
  private static final int MAX_CACHED_VALUES = 4096;

  private final List<Map<String, Object>> seeds;
  private final FieldBindings bindings;
  private final List<RecordField> fields;

  /** Per coordinate: the position of its field in the spec's fields. Bound fields come first. */
  private final int[] fieldAt;

  /** Per spec field position: true when its plan value selects the context. */
  private final boolean[] selectsContext;

  /** How many leading coordinates are bound fields, which a plan may hold in intervals. */
  private final int heldCount;

  /**
   * Per coordinate, the field's values by rank: the spec's quantile function, else all seed values.
   * Every drawn value is read from it, so the spec decides each field's shape (an edited {@code
   * quantiles} list included) and the seed only the dependence.
   */
  private final QuantileFunction[] values;

  /**
   * Per coordinate, the finite seed values, sorted: a seed value's rank is its place among them.
   */
  private final double[][] seedSorted;

  private final Context root;

  /** One context: seed rows sharing a run of plan values, and what is learned from them. */
  private static final class Context {
    private final int[] rows;

    /** Per coordinate, the distribution of the context rows' seed ranks. */
    private final QuantileFunction[] ranks;

    private final GaussianCopula copula;

    /** Child contexts by the position of the field whose plan value selects them, then value. */
    private final Map<Integer, Map<String, Context>> children = new HashMap<>();

    /** Per coordinate, what a plan value makes of it here: computed once per value. */
    private final List<Map<String, Coordinate>> coordinatesByValue = new ArrayList<>();

    private Context(int[] rows, QuantileFunction[] ranks, GaussianCopula copula) {
      this.rows = rows;
      this.ranks = ranks;
      this.copula = copula;
      for (int c = 0; ranks != null && c < ranks.length; c++) {
        coordinatesByValue.add(new HashMap<>());
      }
    }
  }

  /** Stands for a context with too few rows: the run stops at its parent. */
  private static final Context TOO_SMALL = new Context(new int[0], null, null);

  NumericDependence(
      Spec spec, List<Map<String, Object>> seeds, FieldBindings bindings, SeedModels global) {
    this.seeds = seeds;
    this.bindings = bindings;
    this.fields = spec.recordFields();
    this.selectsContext = new boolean[fields.size()];
    List<Integer> bound = new ArrayList<>();
    List<Integer> unbound = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      RecordField field = fields.get(i);
      selectsContext[i] = field.isBound() && !field.type().isOrdered();
      if (isModelled(field, global)) {
        (field.isBound() ? bound : unbound).add(i);
      }
    }
    List<Integer> coordinates = new ArrayList<>(bound);
    coordinates.addAll(unbound);
    this.fieldAt =
        coordinates.size() < 2 ? new int[0] : coordinates.stream().mapToInt(i -> i).toArray();
    this.heldCount = fieldAt.length == 0 ? 0 : bound.size();
    int[] all = new int[seeds.size()];
    Arrays.setAll(all, i -> i);
    this.values = new QuantileFunction[fieldAt.length];
    this.seedSorted = new double[fieldAt.length][];
    this.root = fieldAt.length == 0 ? null : rootContext(all, global);
  }

  private static boolean isModelled(RecordField field, SeedModels global) {
    return field.type().isOrdered()
        && !field.isKey()
        && field.text() == null
        && global.values(field).stream()
                .filter(value -> Double.isFinite(PropertyValues.toNumber(value)))
                .count()
            >= MIN_FIELD_VALUES;
  }

  /** True when no field is drawn here: every field keeps its own sampler. */
  boolean isEmpty() {
    return fieldAt.length == 0;
  }

  /**
   * What the records of one plan are drawn from.
   *
   * @param boundInPlanOrder positions of the bound fields, parents' properties first
   * @param planValues the plan's value of each bound field, by field position
   * @param parsed the parsed plan values, by field position
   */
  PlanDraw forPlan(int[] boundInPlanOrder, String[] planValues, PropertyValues.Parsed[] parsed) {
    if (isEmpty()) {
      return new PlanDraw(fieldAt, fields.size(), null, null);
    }
    Context context = root;
    for (int position : boundInPlanOrder) {
      if (!selectsContext[position]) {
        continue;
      }
      Context child = child(context, position, planValues[position], parsed[position]);
      if (child == null) {
        break;
      }
      context = child;
    }
    int k = fieldAt.length;
    Coordinate[] coordinates = new Coordinate[k];
    for (int c = 0; c < k; c++) {
      int position = fieldAt[c];
      // Unbound fields have no plan value; null stands for "free" in the cache.
      String value = planValues[position];
      Map<String, Coordinate> cache = context.coordinatesByValue.get(c);
      Coordinate coordinate = cache.get(value);
      if (coordinate == null) {
        coordinate = coordinate(context, c, parsed[position]);
        if (cache.size() < MAX_CACHED_VALUES) {
          cache.put(value, coordinate);
        }
      }
      coordinates[c] = coordinate;
    }
    return new PlanDraw(fieldAt, fields.size(), context.copula, coordinates);
  }

  /** How a coordinate's latent value is used. */
  private enum Role {
    /** An unbound field: the value is drawn here. */
    FREE,
    /** A field bound to a range: held in the range's interval, the value is drawn here. */
    RANGE,
    /** Held at an exact value: it conditions the others; the engine writes the value. */
    EXACT,
    /** Bound to null, or to a value no marginal gives mass: not held, and not drawn here. */
    IGNORED
  }

  /**
   * A coordinate for one plan. The latent is held in [lowZ, highZ], the normal scores of the
   * interval [latentLowU, latentHighU] that the plan's value covers in the context's ranks, so it
   * conditions the others on the context's own scale. A range's value is then read at the same
   * relative position inside the range from the root marginal's [lowU, highU]: inside its band a
   * bound field keeps following the spec's quantile function, as without the copula, and an edited
   * {@code quantiles} list still decides its shape.
   */
  private record Coordinate(
      RecordField field,
      Role role,
      double latentLowU,
      double latentHighU,
      QuantileFunction ranks,
      QuantileFunction marginal,
      double lowU,
      double highU,
      double[] window,
      BoundRange range,
      double lowZ,
      double highZ) {

    /** A free field: its rank from the context's seed ranks, its value at that rank. */
    static Coordinate free(RecordField field, QuantileFunction ranks, QuantileFunction marginal) {
      return new Coordinate(
          field,
          Role.FREE,
          0,
          1,
          ranks,
          marginal,
          0,
          1,
          null,
          null,
          Double.NEGATIVE_INFINITY,
          Double.POSITIVE_INFINITY);
    }

    static Coordinate held(
        RecordField field,
        Role role,
        double latentLowU,
        double latentHighU,
        QuantileFunction marginal,
        double lowU,
        double highU,
        double[] window,
        BoundRange range) {
      return new Coordinate(
          field,
          role,
          latentLowU,
          latentHighU,
          null,
          marginal,
          lowU,
          highU,
          window,
          range,
          StandardNormal.inverseCdf(latentLowU),
          StandardNormal.inverseCdf(latentHighU));
    }

    /** The field value at latent position z, or null when the engine writes it. */
    Object value(double z) {
      if (role == Role.FREE) {
        double x = marginal.valueAt(ranks.valueAt(StandardNormal.cdf(z)));
        return PropertyValues.fromNumber(x, field.type(), field.scale());
      }
      if (role != Role.RANGE) {
        return null;
      }
      double width = latentHighU - latentLowU;
      double t =
          width > 0 ? Math.max(0, Math.min(1, (StandardNormal.cdf(z) - latentLowU) / width)) : 0.5;
      double x =
          marginal == null
              ? TypeRange.between(window[0], window[1], t)
              : marginal.valueAt(TypeRange.between(lowU, highU, t));
      return range.valueWithin(Math.max(window[0], Math.min(window[1], x)), field);
    }
  }

  private Coordinate coordinate(Context context, int c, PropertyValues.Parsed parsed) {
    RecordField field = fields.get(fieldAt[c]);
    if (!field.isBound()) {
      return Coordinate.free(field, context.ranks[c], values[c]);
    }
    if (parsed instanceof PropertyValues.Null) {
      return Coordinate.held(field, Role.IGNORED, 0, 1, null, 0, 1, null, null);
    }
    double[] window;
    BoundRange range = null;
    Role role;
    if (parsed instanceof PropertyValues.Range r) {
      range = bindings.range(field, r);
      window = range.drawWindow(field);
      role = Role.RANGE;
      if (!range.closed()) {
        // The window's upper end is excluded: a point mass there belongs to the next range.
        window[1] = Math.nextDown(window[1]);
      }
    } else {
      double x = PropertyValues.toNumber(((PropertyValues.Exact) parsed).value());
      double half = Granularity.of(field).step() / 2;
      window = new double[] {x - half, x + half};
      role = Role.EXACT;
    }
    // The window's ranks among the values, then where the context's seed rows hold those ranks.
    double[] rootU = massIn(values[c], window);
    double[] latentU = rootU == null ? null : massIn(context.ranks[c], rootU);
    if (latentU == null) {
      // The context never shows this value: condition on the root's ranks instead.
      latentU = rootU;
    }
    if (latentU == null) {
      // No marginal reaches the window (a band past the seed's range): it conditions nothing,
      // and a range is uniform inside, as without the copula.
      return Coordinate.held(
          field, role == Role.RANGE ? role : Role.IGNORED, 0, 1, null, 0, 1, window, range);
    }
    QuantileFunction valueMarginal = rootU == null ? null : values[c];
    double lowU = rootU == null ? 0 : rootU[0];
    double highU = rootU == null ? 1 : rootU[1];
    return Coordinate.held(
        field, role, latentU[0], latentU[1], valueMarginal, lowU, highU, window, range);
  }

  /**
   * The interval of probabilities whose quantiles lie in the window, or null when it holds no mass
   * (a point inside (0, 1) counts: a continuous marginal's exact value).
   */
  private static double[] massIn(QuantileFunction marginal, double[] window) {
    double lowU = marginal.cdf(window[0]);
    double highU = marginal.cdfThrough(window[1]);
    boolean hasMass = highU > lowU || (highU == lowU && lowU > 0 && lowU < 1);
    return hasMass ? new double[] {lowU, highU} : null;
  }

  /**
   * The latent intervals of one plan and how each coordinate's latent value becomes a field value.
   */
  static final class PlanDraw {
    private final int[] fieldAt;
    private final int fieldCount;
    private final GaussianCopula copula;
    private final Coordinate[] coordinates;

    private PlanDraw(
        int[] fieldAt, int fieldCount, GaussianCopula copula, Coordinate[] coordinates) {
      this.fieldAt = fieldAt;
      this.fieldCount = fieldCount;
      this.copula = copula;
      this.coordinates = coordinates;
    }

    /**
     * One joint draw: the values of the fields drawn here by field position, null for the fields
     * the engine draws itself (not modelled, bound to an exact value or null).
     */
    Object[] draw(SplittableRandom random) {
      Object[] values = new Object[fieldCount];
      if (fieldAt.length == 0) {
        return values;
      }
      int k = fieldAt.length;
      double[] lower = new double[k];
      double[] upper = new double[k];
      for (int c = 0; c < k; c++) {
        lower[c] = coordinates[c].lowZ;
        upper[c] = coordinates[c].highZ;
      }
      double[] z = new double[k];
      copula.draw(lower, upper, random, z);
      for (int c = 0; c < z.length; c++) {
        values[fieldAt[c]] = coordinates[c].value(z[c]);
      }
      return values;
    }
  }

  /**
   * The context below {@code parent} whose rows also show the plan's value of the field at {@code
   * position}, or null when too few rows do.
   */
  private Context child(
      Context parent, int position, String planValue, PropertyValues.Parsed parsed) {
    RecordField field = fields.get(position);
    Map<String, Context> byValue = parent.children.computeIfAbsent(position, p -> new HashMap<>());
    Context child = byValue.get(planValue);
    if (child == null) {
      child = narrowed(parent, field, bindings.matcher(field, parsed));
      byValue.put(planValue, child);
    }
    return child == TOO_SMALL ? null : child;
  }

  private Context narrowed(Context parent, RecordField field, Predicate<Object> matcher) {
    int[] kept = new int[parent.rows.length];
    int n = 0;
    for (int row : parent.rows) {
      if (matcher.test(seeds.get(row).get(field.name()))) {
        kept[n++] = row;
      }
    }
    if (n < FieldSamplers.MIN_MATCHING_ROWS) {
      return TOO_SMALL;
    }
    int[] rows = Arrays.copyOf(kept, n);
    double[][] columns = columns(rows);
    QuantileFunction[] ranks = new QuantileFunction[fieldAt.length];
    for (int c = 0; c < ranks.length; c++) {
      double[] sorted = seedRanks(c, columns[c]);
      ranks[c] =
          sorted.length >= FieldSamplers.MIN_MATCHING_ROWS
              ? QuantileFunction.ofSorted(fields.get(fieldAt[c]).name(), sorted, MARGINAL_KNOTS)
              : parent.ranks[c];
    }
    GaussianCopula copula = GaussianCopula.fit(columns, heldCount).blendedWith(parent.copula, n);
    return new Context(rows, ranks, copula);
  }

  private Context rootContext(int[] rows, SeedModels global) {
    double[][] columns = columns(rows);
    QuantileFunction[] ranks = new QuantileFunction[fieldAt.length];
    for (int c = 0; c < ranks.length; c++) {
      RecordField field = fields.get(fieldAt[c]);
      QuantileFunction specQuantiles = global.quantiles(field);
      seedSorted[c] = present(columns[c]);
      values[c] =
          specQuantiles != null
              ? specQuantiles
              : QuantileFunction.ofSorted(field.name(), seedSorted[c], MARGINAL_KNOTS);
      ranks[c] = QuantileFunction.of(field.name(), List.of(0.0, 1.0));
    }
    return new Context(rows, ranks, GaussianCopula.fit(columns, heldCount));
  }

  /**
   * Each present value's mid-rank among all seed values of coordinate c, in (0, 1), sorted: ties
   * share the middle of their run, as {@link GaussianCopula#normalScores} does.
   */
  private double[] seedRanks(int c, double[] column) {
    double[] sorted = seedSorted[c];
    double n = sorted.length;
    double[] out = present(column);
    for (int i = 0; i < out.length; i++) {
      int below = firstAtOrAbove(sorted, out[i]);
      int through = firstAtOrAbove(sorted, Math.nextUp(out[i]));
      out[i] = (below + through) / (2 * n);
    }
    return out;
  }

  /** The first index of a sorted array whose value is at or above x; the length when none is. */
  private static int firstAtOrAbove(double[] sorted, double x) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] >= x) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /**
   * Per coordinate, the numeric positions of its field's values in the rows, NaN for null and for
   * the infinities a double column may hold, which have no rank to learn from.
   */
  private double[][] columns(int[] rows) {
    double[][] columns = new double[fieldAt.length][rows.length];
    for (int c = 0; c < columns.length; c++) {
      String name = fields.get(fieldAt[c]).name();
      for (int r = 0; r < rows.length; r++) {
        Object value = seeds.get(rows[r]).get(name);
        double x = value == null ? Double.NaN : PropertyValues.toNumber(value);
        columns[c][r] = Double.isFinite(x) ? x : Double.NaN;
      }
    }
    return columns;
  }

  /** The non-NaN values, sorted. */
  private static double[] present(double[] column) {
    return Arrays.stream(column).filter(v -> !Double.isNaN(v)).sorted().toArray();
  }
}
