package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.eval.FidelityReport.ColumnShape;
import ai.dataframer.beam.core.eval.FidelityReport.ExcludedColumn;
import ai.dataframer.beam.core.eval.FidelityReport.Metric;
import ai.dataframer.beam.core.eval.FidelityReport.PairTrend;
import ai.dataframer.beam.core.spec.FieldType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The list-based fidelity computation that {@link FidelityProfile} and {@link FidelityCounts}
 * replaced, kept as the reference they are checked against: every score from all values at once (KS
 * on sorted values, total variation over value lists, two-pass Pearson), no bins, no merging.
 */
public final class ReferenceFidelity {
  public static final int DEFAULT_MAX_CATEGORIES = 30;
  public static final int DEFAULT_BINS = 5;
  public static final int DEFAULT_MAX_CLOSEST_RECORD_CHECKS = 2_000;
  private static final double FREE_TEXT_MEAN_WORDS = 3.0;

  /** Fewer distinct integers than this are too few to call a column of ids. */
  private static final int MIN_ID_VALUES = 20;

  /**
   * A string column whose values repeat this often on average is a vocabulary (names, cities) whose
   * shares can be compared; below it, values are mostly one-offs (ids, text, long tails).
   */
  public static final int NAMES_MIN_MEAN_REPEATS = 3;

  /**
   * Where a NAMES value falls when it is not one of the seed's most frequent values. A record, not
   * an enum: its hash code is the same in every process, so sums over hashed groups are too.
   */
  private record NameGroup(String label) {}

  private static final NameGroup OTHER_SEED_VALUE = new NameGroup("another seed value");
  private static final NameGroup NOT_IN_SEED = new NameGroup("not in the seed");

  private final int maxCategories;
  private final int bins;
  private final int maxClosestRecordChecks;

  private ReferenceFidelity(int maxCategories, int bins, int maxClosestRecordChecks) {
    this.maxCategories = maxCategories;
    this.bins = bins;
    this.maxClosestRecordChecks = maxClosestRecordChecks;
  }

  public static ReferenceFidelity defaults() {
    return new ReferenceFidelity(
        DEFAULT_MAX_CATEGORIES, DEFAULT_BINS, DEFAULT_MAX_CLOSEST_RECORD_CHECKS);
  }

  /** Strings with at most this many distinct non-null seed values are scored as categories. */
  ReferenceFidelity withMaxCategories(int maxCategories) {
    checkArgument(maxCategories >= 1, "maxCategories must be >= 1, but was %s", maxCategories);
    return new ReferenceFidelity(maxCategories, bins, maxClosestRecordChecks);
  }

  /** Seed-quantile bins a number falls into when paired with a categorical column. */
  ReferenceFidelity withBins(int bins) {
    checkArgument(bins >= 2, "bins must be >= 2, but was %s", bins);
    return new ReferenceFidelity(maxCategories, bins, maxClosestRecordChecks);
  }

  /**
   * At most this many synthetic records are searched against every seed record for their closest
   * one.
   */
  ReferenceFidelity withMaxClosestRecordChecks(int maxRecords) {
    checkArgument(maxRecords >= 1, "maxClosestRecordChecks must be >= 1, but was %s", maxRecords);
    return new ReferenceFidelity(maxCategories, bins, maxRecords);
  }

  /**
   * Scores {@code synthetic} against {@code seed} on the columns of {@code columnTypes}. Every
   * record must hold every column, with a value of the column type's Java class or null.
   */
  public FidelityReport evaluate(
      Map<String, FieldType> columnTypes,
      List<Map<String, Object>> seed,
      List<Map<String, Object>> synthetic) {
    checkArgument(!columnTypes.isEmpty(), "columnTypes must name at least one column");
    checkArgument(!seed.isEmpty(), "seed records must not be empty");
    checkArgument(!synthetic.isEmpty(), "synthetic records must not be empty");
    List<Column> all = new ArrayList<>();
    columnTypes.forEach((name, type) -> all.add(Column.read(name, type, seed, synthetic)));

    List<ExcludedColumn> excluded = new ArrayList<>();
    Map<Column, ColumnKind> included = classify(all, excluded);
    List<ColumnShape> shapes =
        included.entrySet().stream()
            .map(entry -> shape(entry.getKey(), entry.getValue()))
            .collect(Collectors.toList());
    // Joint tables of hundreds of names against every other column would be mostly sampling
    // noise, so names have a shape but no pair trends.
    List<PairTrend> trends =
        pairTrends(
            included.entrySet().stream()
                .filter(entry -> entry.getValue() != ColumnKind.NAMES)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList()));
    ClosestRecords closest = new ClosestRecords(all);
    long copies = closest.exactCopies();
    return new FidelityReport(
        seed.size(),
        synthetic.size(),
        shapes,
        trends,
        shapes.stream().mapToDouble(ColumnShape::score).average().orElse(Double.NaN),
        trends.stream().mapToDouble(PairTrend::score).average().orElse(Double.NaN),
        excluded,
        copies,
        (double) copies / synthetic.size(),
        closest.distanceToClosestRecord(maxClosestRecordChecks),
        closest.seedHalfToHalfDistance(maxClosestRecordChecks),
        List.of(),
        copiedKeys(all, excluded));
  }

  /** For each id-like column: its non-null synthetic values, and those that are seed values. */
  private static List<FidelityReport.CopiedKeys> copiedKeys(
      List<Column> columns, List<ExcludedColumn> excluded) {
    List<FidelityReport.CopiedKeys> copied = new ArrayList<>();
    for (ExcludedColumn column : excluded) {
      Column keys = columns.stream().filter(c -> c.name.equals(column.column())).findFirst().get();
      if (!column.reason().startsWith("id-like") || FidelityProfile.meanWords(keys) >= 3.0) {
        continue;
      }
      long values = keys.syntheticKeys.stream().filter(key -> key != null).count();
      long copies =
          keys.syntheticKeys.stream()
              .filter(key -> key != null && keys.seedKeys.contains(key))
              .count();
      copied.add(
          new FidelityReport.CopiedKeys(
              column.column(), values, copies, values == 0 ? 0.0 : (double) copies / values));
    }
    return copied;
  }

  /** The kinds of the scored columns, in input order; the others are added to {@code excluded}. */
  private Map<Column, ColumnKind> classify(List<Column> columns, List<ExcludedColumn> excluded) {
    Map<Column, ColumnKind> included = new LinkedHashMap<>();
    for (Column column : columns) {
      String reason = exclusionReason(column);
      if (reason == null) {
        included.put(column, kind(column));
      } else {
        excluded.add(new ExcludedColumn(column.name, reason));
      }
    }
    return included;
  }

  private ColumnKind kind(Column column) {
    if (column.isOrdered()) {
      return ColumnKind.NUMERIC;
    }
    if (column.type == FieldType.BOOLEAN || column.seedDistinct() <= maxCategories) {
      return ColumnKind.CATEGORICAL;
    }
    return ColumnKind.NAMES;
  }

  private String exclusionReason(Column column) {
    if (column.isOrdered()) {
      if (column.seedNonNull() == 0) {
        return "no values in the seed";
      }
      // Integer ids are keys: generated ones continue past the seed's range on purpose, so their
      // shape says nothing about fidelity (KeyCheck scores them instead).
      boolean integral = column.type == FieldType.INT || column.type == FieldType.LONG;
      long nonNull = column.seedNonNull();
      return integral && nonNull >= MIN_ID_VALUES && column.seedDistinct() == nonNull
          ? "id-like: all " + nonNull + " seed values distinct"
          : null;
    }
    if (column.type == FieldType.BOOLEAN) {
      return null;
    }
    int distinct = column.seedDistinct();
    if (distinct <= maxCategories) {
      return null;
    }
    if (distinct == column.seedNonNull()) {
      return "id-like: all " + distinct + " seed values distinct";
    }
    if (column.seedNonNull() >= (long) NAMES_MIN_MEAN_REPEATS * distinct) {
      return null;
    }
    double meanWords =
        column.seedKeys.stream()
            .filter(value -> value != null)
            .mapToInt(value -> ((String) value).trim().split("\\s+").length)
            .average()
            .orElse(0.0);
    if (meanWords >= FREE_TEXT_MEAN_WORDS) {
      return String.format(Locale.ROOT, "free text: %.1f words per value on average", meanWords);
    }
    return "high cardinality: " + distinct + " distinct seed values, more than " + maxCategories;
  }

  private ColumnShape shape(Column column, ColumnKind kind) {
    if (kind == ColumnKind.NAMES) {
      return new ColumnShape(
          column.name,
          kind,
          Metric.TOP_VALUES_TV_COMPLEMENT,
          // Rounding can take a distance of 1 a hair above it; a score is never below 0.
          Math.max(
              0.0,
              1.0
                  - Statistics.totalVariation(
                      nameGroups(column, true), nameGroups(column, false))));
    }
    if (kind == ColumnKind.CATEGORICAL) {
      return new ColumnShape(
          column.name,
          kind,
          Metric.TV_COMPLEMENT,
          1.0 - Statistics.totalVariation(column.seedKeys, column.syntheticKeys));
    }
    double[] seed = present(column.seedNumbers);
    double[] synthetic = present(column.syntheticNumbers);
    // A synthetic column with no values at all shares nothing with the seed's distribution.
    double score = synthetic.length == 0 ? 0.0 : 1.0 - Statistics.ksStatistic(seed, synthetic);
    return new ColumnShape(column.name, kind, Metric.KS_COMPLEMENT, score);
  }

  /**
   * The values of a NAMES column grouped as its shape compares them: each of the seed's {@code
   * maxCategories} most frequent values (ties broken by value) stays itself, the seed's other
   * values are one group and values the seed never has another. Shares of hundreds of single values
   * would differ by sampling alone (a perfect copy of 300 names scores about 0.85 at 2,000
   * records); the groups keep that noise small and still tell seed names from invented ones.
   */
  private List<Object> nameGroups(Column column, boolean seedSide) {
    Map<Object, Long> counts =
        column.seedKeys.stream()
            .filter(key -> key != null)
            .collect(Collectors.groupingBy(key -> key, Collectors.counting()));
    Set<Object> frequent =
        counts.entrySet().stream()
            .sorted(
                Map.Entry.<Object, Long>comparingByValue()
                    .reversed()
                    .thenComparing(entry -> (String) entry.getKey()))
            .limit(maxCategories)
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    List<Object> keys = seedSide ? column.seedKeys : column.syntheticKeys;
    List<Object> groups = new ArrayList<>(keys.size());
    for (Object key : keys) {
      if (key == null || frequent.contains(key)) {
        groups.add(key);
      } else {
        groups.add(counts.containsKey(key) ? OTHER_SEED_VALUE : NOT_IN_SEED);
      }
    }
    return groups;
  }

  private List<PairTrend> pairTrends(List<Column> columns) {
    // Bins come from the seed alone, so seed and synthetic values are cut at the same points.
    Map<Column, double[]> cuts = new HashMap<>();
    for (Column column : columns) {
      if (column.isOrdered()) {
        cuts.put(column, Statistics.quantileCuts(column.seedNumbers, bins));
      }
    }
    List<PairTrend> trends = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      for (int j = i + 1; j < columns.size(); j++) {
        trends.add(pairTrend(columns.get(i), columns.get(j), cuts));
      }
    }
    return trends;
  }

  private static PairTrend pairTrend(Column left, Column right, Map<Column, double[]> cuts) {
    if (left.isOrdered() && right.isOrdered()) {
      double seedCorrelation = Statistics.pearson(left.seedNumbers, right.seedNumbers);
      double syntheticCorrelation =
          Statistics.pearson(left.syntheticNumbers, right.syntheticNumbers);
      // An undefined correlation (a constant side) says nothing; the binned joint distribution
      // still does.
      if (!Double.isNaN(seedCorrelation) && !Double.isNaN(syntheticCorrelation)) {
        double score = 1.0 - Math.abs(seedCorrelation - syntheticCorrelation) / 2.0;
        return new PairTrend(
            left.name,
            right.name,
            Metric.CORRELATION_SIMILARITY,
            score,
            seedCorrelation,
            syntheticCorrelation);
      }
    }
    double[] leftCuts = cuts.get(left);
    double[] rightCuts = cuts.get(right);
    double score =
        1.0
            - Statistics.totalVariation(
                joint(left.seedKeys, leftCuts, right.seedKeys, rightCuts),
                joint(left.syntheticKeys, leftCuts, right.syntheticKeys, rightCuts));
    return new PairTrend(left.name, right.name, Metric.CONTINGENCY_SIMILARITY, score, null, null);
  }

  /**
   * The cells of a contingency table, one per row: category keys, bin numbers for ordered columns.
   */
  private static List<List<Object>> joint(
      List<Object> leftKeys, double[] leftCuts, List<Object> rightKeys, double[] rightCuts) {
    List<List<Object>> cells = new ArrayList<>(leftKeys.size());
    for (int i = 0; i < leftKeys.size(); i++) {
      cells.add(Arrays.asList(cell(leftKeys.get(i), leftCuts), cell(rightKeys.get(i), rightCuts)));
    }
    return cells;
  }

  private static Object cell(Object key, double[] cuts) {
    if (key == null || cuts == null) {
      return key;
    }
    return Statistics.bin((Double) key, cuts);
  }

  private static double[] present(double[] values) {
    return Arrays.stream(values).filter(value -> !Double.isNaN(value)).toArray();
  }

  private static void checkArgument(boolean condition, String message, Object... values) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, message, values));
    }
  }
}
