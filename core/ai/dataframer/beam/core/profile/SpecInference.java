package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.ConditionalDistribution;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TextProfile;
import ai.dataframer.beam.core.spec.TimestampUnit;
import ai.dataframer.beam.core.spec.TypeRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded analyst: turns column profiles and pairwise property counts into a {@link Spec}.
 *
 * <ul>
 *   <li>Categorical columns ({@link Discretisation#isCategorical}) become properties bound to their
 *       field, with empirical distributions; nulls are the value "null".
 *   <li>Ordered columns get {@value #QUANTILE_COUNT} evenly spaced quantiles. Their band property
 *       ({@code <column>_band}, quantile bins) is kept, and the field bound to it, only when its
 *       strongest dependency on another property has a normalized mutual information of at least
 *       {@value #BAND_MIN_NMI} (and is significant): otherwise the field is drawn from its
 *       quantiles alone. For a Gaussian pair cut into five equal-mass bins, 0.03 is reached near
 *       |correlation| = 0.3, the usual boundary between a weak and a moderate association; below it
 *       the band would add a property and conditional tables that barely change the generated data.
 *   <li>Strings of many distinct values are free text ({@link TextProfile}) when they read as
 *       prose: a median of at least {@value #FREE_TEXT_MIN_WORDS} words, and either a median of at
 *       least {@value #PROSE_MIN_WORDS} words or at least a quarter of the values ending like a
 *       sentence. Shorter unpunctuated values (names, titles, codes) are plain unbound fields that
 *       the engine draws from a model of their words or characters.
 *   <li>Precision and grain: FLOAT and DOUBLE fields get the {@code decimals} every seed value fits
 *       in, DECIMAL fields their {@code precision}, TIMESTAMP fields the coarsest {@code unit}
 *       dividing every value ({@link ColumnProfile#decimals}, {@link ColumnProfile#precision},
 *       {@link ColumnProfile#timestampUnit}); their quantiles are written in that grain.
 *   <li>Columns of unique values in a learnable format are keys ({@link ColumnProfile#key()}):
 *       never properties, generated unique and never a seed value.
 *   <li>Conditionals: a Chow-Liu tree over mutual information between properties gives at most one
 *       parent each. Edges that fail a G-test at the 0.001 level, or whose normalized mutual
 *       information is below {@value #EDGE_MIN_NMI}, are negligible and dropped. Each child |
 *       parent row is smoothed with {@value #SMOOTHING_PSEUDO_COUNT} pseudo-rows spread as the
 *       child's base distribution: a parent value seen n times gets weight n / (n + 5) on its own
 *       counts, so rare parent values lean on the base distribution and no row is all zeros, while
 *       common ones keep their own shape.
 *   <li>Constraints ({@link ConstraintLearning}) that held in every seed row are written to the
 *       spec, and shape the properties so that plans can keep them ({@link ConstraintLinks}).
 *   <li>{@code extrapolate_values} widens the first and last quantile and the outer band labels by
 *       {@value #EXTRAPOLATION_SHARE} of the seed range (whole units for integral types), never
 *       below 0 for columns whose seed minimum is >= 0. New categories would need an LLM analyst:
 *       categories are left as seen.
 * </ul>
 */
public final class SpecInference {
  public static final int QUANTILE_COUNT = 33;
  public static final double BAND_MIN_NMI = 0.03;
  public static final double EDGE_MIN_NMI = 0.01;
  public static final double SMOOTHING_PSEUDO_COUNT = 5;
  public static final double EXTRAPOLATION_SHARE = 0.05;
  public static final int FREE_TEXT_MIN_WORDS = 3;
  public static final int PROSE_MIN_WORDS = 8;
  public static final double PROSE_MIN_SENTENCE_END_SHARE = 0.25;

  private SpecInference() {}

  /** Both passes in memory, for seeds small enough to iterate twice in one process. */
  public static Spec fromRecords(
      Map<String, FieldType> columns,
      Iterable<Map<String, Object>> records,
      InferenceSettings settings) {
    TableProfile profile = TableProfile.empty(columns);
    records.forEach(profile::add);
    Discretisation discretisation = Discretisation.decide(profile, settings);
    JointCounts counts = new JointCounts();
    records.forEach(record -> counts.add(discretisation.encode(record)));
    return infer(profile, discretisation, counts, settings);
  }

  /**
   * The spec learned from a profile, its discretisation, and the joint counts of its candidates.
   */
  public static Spec infer(
      TableProfile profile,
      Discretisation discretisation,
      JointCounts counts,
      InferenceSettings settings) {
    if (profile.rowCount() == 0) {
      throw new IllegalArgumentException(
          "the seed has no rows; a spec is learned from at least one row");
    }
    if (counts.rows() != profile.rowCount()) {
      throw new IllegalArgumentException(
          "the property counts saw "
              + counts.rows()
              + " rows but the profile "
              + profile.rowCount());
    }
    List<PropertyCandidate> candidates = discretisation.candidates();
    int n = candidates.size();
    double[][] mi = new double[n][n];
    boolean[][] usable = new boolean[n][n];
    double[] strongest = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        long[][] table =
            counts.table(i, j, candidates.get(i).cardinality(), candidates.get(j).cardinality());
        mi[i][j] = mi[j][i] = Dependence.mutualInformation(table);
        double nmi = Dependence.normalizedMutualInformation(table);
        boolean significant = Dependence.isSignificant(table);
        usable[i][j] = usable[j][i] = significant && nmi >= EDGE_MIN_NMI;
        if (significant) {
          strongest[i] = Math.max(strongest[i], nmi);
          strongest[j] = Math.max(strongest[j], nmi);
        }
      }
    }
    List<Constraint> constraints = ConstraintLearning.learn(profile);
    ConstraintLinks links = ConstraintLinks.of(constraints, candidates);
    boolean[] kept = new boolean[n];
    for (int i = 0; i < n; i++) {
      kept[i] =
          !links.isDerived(i) && (!candidates.get(i).isBand() || strongest[i] >= BAND_MIN_NMI);
      for (int j = 0; j < i; j++) {
        usable[i][j] = usable[j][i] = usable[i][j] && kept[i] && kept[j];
      }
    }
    int[] parents = linkedParents(mi, usable, kept, links, settings);

    Map<String, Double> margins = new LinkedHashMap<>();
    for (ColumnProfile column : profile.columns()) {
      margins.put(column.name(), settings.extrapolateValues() ? extrapolationMargin(column) : 0);
    }
    List<PropertyVariation> properties = new ArrayList<>();
    Map<String, String> boundProperty = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      if (kept[i]) {
        PropertyCandidate candidate = candidates.get(i);
        properties.add(property(i, candidates, parents, counts, margins, settings, links));
        boundProperty.put(candidate.column(), candidate.name());
      }
    }
    List<RecordField> fields = new ArrayList<>();
    for (ColumnProfile column : profile.columns()) {
      fields.add(field(column, boundProperty.get(column.name()), margins.get(column.name())));
    }
    String description =
        settings.description() == null || settings.description().isBlank()
            ? SpecText.description(profile)
            : settings.description();
    return new Spec(
        description,
        SpecText.requirements(profile, properties, fields, settings),
        properties,
        fields,
        constraints);
  }

  /**
   * The Chow-Liu parents, with the edges the constraints force ({@link ConstraintLinks}); a
   * determines pair that cannot be parent and child (conditionals off, or a forced edge closing a
   * cycle) loses its {@code to} property, which the engine then sets from {@code from}.
   */
  private static int[] linkedParents(
      double[][] mi,
      boolean[][] usable,
      boolean[] kept,
      ConstraintLinks links,
      InferenceSettings settings) {
    while (true) {
      int[] parents =
          settings.conditionalsEnabled()
              ? ChowLiuTree.parents(mi, usable, links.forcedEdges(kept))
              : noParents(kept.length);
      int unlinked = links.unlinkedDetermined(kept, parents);
      if (unlinked < 0) {
        return parents;
      }
      kept[unlinked] = false;
      for (int j = 0; j < kept.length; j++) {
        usable[unlinked][j] = usable[j][unlinked] = false;
      }
    }
  }

  private static PropertyVariation property(
      int i,
      List<PropertyCandidate> candidates,
      int[] parents,
      JointCounts counts,
      Map<String, Double> margins,
      InferenceSettings settings,
      ConstraintLinks links) {
    PropertyCandidate candidate = candidates.get(i);
    List<String> values = candidate.values(margins.get(candidate.column()));
    long[] marginal = counts.marginal(i, candidate.cardinality());
    double[] base =
        settings.generateDistributions()
            ? Percentages.of(toDoubles(marginal))
            : Percentages.uniform(values.size());
    ConditionalDistribution conditional = null;
    if (parents[i] >= 0) {
      conditional =
          conditional(
              candidates.get(parents[i]), parents[i], i, values, marginal, counts, margins, links);
    }
    return new PropertyVariation(candidate.name(), values, asMap(values, base), conditional);
  }

  private static ConditionalDistribution conditional(
      PropertyCandidate parent,
      int parentIndex,
      int childIndex,
      List<String> childValues,
      long[] childMarginal,
      JointCounts counts,
      Map<String, Double> margins,
      ConstraintLinks links) {
    List<String> parentValues = parent.values(margins.get(parent.column()));
    long[][] table = counts.table(parentIndex, childIndex, parentValues.size(), childValues.size());
    double total = Arrays.stream(childMarginal).sum();
    double pseudoCount = links.isUnsmoothed(parentIndex, childIndex) ? 0 : SMOOTHING_PSEUDO_COUNT;
    Map<String, Map<String, Double>> byParentValue = new LinkedHashMap<>();
    for (int a = 0; a < parentValues.size(); a++) {
      double[] weights = new double[childValues.size()];
      double[] possible = new double[childValues.size()];
      for (int c = 0; c < weights.length; c++) {
        boolean canHold =
            links.canHold(parentIndex, parentValues.get(a), childIndex, childValues.get(c));
        possible[c] = canHold ? childMarginal[c] : 0;
        weights[c] = table[a][c] + pseudoCount * possible[c] / total;
      }
      // A parent value the seed never showed (an empty band) falls back on the child's base.
      if (Arrays.stream(weights).sum() == 0) {
        weights = Arrays.stream(possible).sum() > 0 ? possible : toDoubles(childMarginal);
      }
      byParentValue.put(parentValues.get(a), asMap(childValues, Percentages.of(weights)));
    }
    return new ConditionalDistribution(parent.name(), byParentValue);
  }

  private static RecordField field(ColumnProfile column, String property, double margin) {
    double nullablePercent = Math.round(10_000.0 * column.nulls() / column.count()) / 100.0;
    List<Double> quantiles = List.of();
    TextProfile text = null;
    if (column.type().isOrdered() && column.nonNull() > 0) {
      quantiles = quantiles(column, margin);
    } else if (column.type() == FieldType.STRING
        && property == null
        && column.key() == null
        && isProse(column)) {
      text =
          new TextProfile(
              (int) column.min(), (int) Math.round(column.quantile(0.5)), (int) column.max());
    }
    Integer scale = column.type() == FieldType.DECIMAL ? column.maxScale() : null;
    return new RecordField(
        column.name(),
        column.type(),
        property,
        nullablePercent,
        quantiles,
        text,
        scale,
        column.precision(),
        column.decimals(),
        column.timestampUnit(),
        property == null ? column.key() : null);
  }

  /** Free text rather than a name, title or code: see the class comment. */
  static boolean isProse(ColumnProfile column) {
    if (column.type() != FieldType.STRING || column.nonNull() == 0) {
      return false;
    }
    double medianWords = column.quantile(0.5);
    return medianWords >= FREE_TEXT_MIN_WORDS
        && (medianWords >= PROSE_MIN_WORDS
            || column.sentenceEndShare() >= PROSE_MIN_SENTENCE_END_SHARE);
  }

  private static List<Double> quantiles(ColumnProfile column, double margin) {
    BigDecimal grain = grain(column);
    List<Double> quantiles = new ArrayList<>();
    for (int i = 0; i < QUANTILE_COUNT; i++) {
      quantiles.add(
          inGrain(column.quantile((double) i / (QUANTILE_COUNT - 1)), grain, RoundingMode.HALF_UP));
    }
    if (margin > 0) {
      FieldType type = column.type();
      double low = TypeRange.clamp(type, column.min() - margin);
      low = inGrain(column.min() >= 0 ? Math.max(0, low) : low, grain, RoundingMode.CEILING);
      double high =
          inGrain(TypeRange.clamp(type, column.max() + margin), grain, RoundingMode.FLOOR);
      double widest = widestDecimal(column);
      low = Math.max(low, -widest);
      high = Math.min(high, widest);
      quantiles.set(0, Math.min(low, quantiles.get(1)));
      quantiles.set(QUANTILE_COUNT - 1, Math.max(high, quantiles.get(QUANTILE_COUNT - 2)));
    }
    return quantiles;
  }

  /**
   * The largest magnitude a DECIMAL column's learned precision and scale hold (999.99 for 5 and 2),
   * which extrapolation stays within as generated values do; unlimited for other columns.
   */
  private static double widestDecimal(ColumnProfile column) {
    Integer precision = column.precision();
    if (precision == null) {
      return Double.MAX_VALUE;
    }
    int scale = column.maxScale();
    return BigDecimal.ONE
        .scaleByPowerOfTen(precision - scale)
        .subtract(BigDecimal.ONE.scaleByPowerOfTen(-scale))
        .doubleValue();
  }

  /**
   * The step generated values of the column are written in, in its numeric space, when coarser than
   * what a double shows anyway: 10^-decimals for floats and doubles, 10^-scale for decimals, the
   * unit for timestamps; null for other columns.
   */
  static BigDecimal grain(ColumnProfile column) {
    switch (column.type()) {
      case FLOAT:
      case DOUBLE:
        Integer decimals = column.decimals();
        return decimals == null ? null : BigDecimal.ONE.scaleByPowerOfTen(-decimals);
      case DECIMAL:
        return BigDecimal.ONE.scaleByPowerOfTen(-column.maxScale());
      case TIMESTAMP:
        TimestampUnit unit = column.timestampUnit();
        return unit == null ? null : BigDecimal.valueOf(unit.millis());
      default:
        return null;
    }
  }

  /**
   * {@code x} rounded to a multiple of the grain; the outer quantiles round inwards (ceiling at the
   * low end, floor at the high end) so that they stay inside the type's range and the seed's
   * widened one.
   */
  private static double inGrain(double x, BigDecimal grain, RoundingMode mode) {
    return grain == null ? x : Bands.round(x, grain, mode).doubleValue();
  }

  /** How far extrapolation widens an ordered column's range on each side; 0 for other columns. */
  static double extrapolationMargin(ColumnProfile column) {
    if (!column.type().isOrdered() || column.nonNull() == 0) {
      return 0;
    }
    double margin = EXTRAPOLATION_SHARE * (column.max() / 2 - column.min() / 2) * 2;
    return column.type().isIntegral() ? Math.ceil(margin) : margin;
  }

  private static int[] noParents(int n) {
    int[] parents = new int[n];
    Arrays.fill(parents, -1);
    return parents;
  }

  private static Map<String, Double> asMap(List<String> values, double[] percents) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int k = 0; k < values.size(); k++) {
      map.put(values.get(k), percents[k]);
    }
    return map;
  }

  private static double[] toDoubles(long[] counts) {
    return Arrays.stream(counts).asDoubleStream().toArray();
  }
}
