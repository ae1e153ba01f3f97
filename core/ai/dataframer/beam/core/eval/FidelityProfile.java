package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.eval.FidelityReport.ClosestRecordDistance;
import ai.dataframer.beam.core.eval.FidelityReport.ColumnHistogram;
import ai.dataframer.beam.core.eval.FidelityReport.ColumnShape;
import ai.dataframer.beam.core.eval.FidelityReport.ExcludedColumn;
import ai.dataframer.beam.core.eval.FidelityReport.Metric;
import ai.dataframer.beam.core.eval.FidelityReport.PairTrend;
import ai.dataframer.beam.core.spec.FieldNames;
import ai.dataframer.beam.core.spec.FieldType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed side of a fidelity evaluation, fixed once (docs/ARCHITECTURE.md section 9): which
 * columns are scored and how ({@link ScoredColumn}), the pairs and their seed joint tables and
 * correlations, the seed's rows for exact copies, and the seed records for the closest-record
 * search. Synthetic records are then counted into {@link FidelityCounts} one at a time, anywhere,
 * and {@link #report} turns the merged counts into a {@link FidelityReport}. Serializable, so a
 * pipeline can hand it to its workers as a side input.
 *
 * <p>Which columns are scored: ordered types (numbers, dates, timestamps, decimals) as NUMERIC,
 * except int and long columns of all-distinct values (ids, excluded); booleans, and strings with at
 * most {@code maxCategories} distinct non-null seed values, as CATEGORICAL; strings with more
 * distinct values that repeat, {@value #NAMES_MIN_MEAN_REPEATS} times or more on average (product
 * names, cities), as NAMES, for their shape only. Other strings (ids, free text, long tails) are
 * excluded from shapes and pair trends and listed in the report with the reason; they still count
 * for exact copies and closest-record distance.
 *
 * <p>Nulls: a cell of their own for CATEGORICAL columns and in contingency tables (numbers then get
 * a null bin); set aside for KS and correlation, so a change in a numeric column's null rate shows
 * only in pair trends with a categorical partner, not in its shape.
 */
public final class FidelityProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * A string column whose values repeat this often on average is a vocabulary (names, cities) whose
   * shares can be compared; below it, values are mostly one-offs (ids, text, long tails).
   */
  public static final int NAMES_MIN_MEAN_REPEATS = 3;

  private static final double FREE_TEXT_MEAN_WORDS = 3.0;

  private static final String ID_LIKE = "id-like";

  /** Fewer distinct integers than this are too few to call a column of ids. */
  private static final int MIN_ID_VALUES = 20;

  private final LinkedHashMap<String, FieldType> columnTypes;
  private final ArrayList<Map<String, Object>> seedRecords;
  private final ArrayList<ScoredColumn> scored;
  private final ArrayList<ExcludedColumn> excluded;

  /** Per pair: its two indexes into {@link #scored}. */
  private final int[][] pairs;

  private final long[][] seedJoints;

  /** Per pair: the seed's correlation when both are numbers, else NaN. */
  private final double[] seedCorrelations;

  private final HashSet<List<Object>> seedRows;

  /** Key columns (all-distinct seed values, excluded as id-like) and their seed values. */
  private final ArrayList<String> keyColumns;

  private final ArrayList<HashSet<Object>> seedKeyValues;
  private final ClosestRecordDistance seedHalfToHalf;
  private final int maxClosestRecordChecks;

  private FidelityProfile(
      Map<String, FieldType> columnTypes,
      List<Map<String, Object>> seed,
      int maxCategories,
      int bins,
      int maxClosestRecordChecks) {
    this.columnTypes = new LinkedHashMap<>(columnTypes);
    this.seedRecords = new ArrayList<>(seed);
    this.maxClosestRecordChecks = maxClosestRecordChecks;
    List<Column> all = new ArrayList<>();
    columnTypes.forEach((name, type) -> all.add(Column.read(name, type, seed, List.of())));
    this.scored = new ArrayList<>();
    this.excluded = new ArrayList<>();
    this.keyColumns = new ArrayList<>();
    this.seedKeyValues = new ArrayList<>();
    List<Column> pairable = new ArrayList<>();
    for (Column column : all) {
      String reason = exclusionReason(column, maxCategories);
      if (reason != null) {
        excluded.add(new ExcludedColumn(column.name, reason));
        // Free text is all distinct by nature; a copied text is an exact-copy matter, not a key.
        if (reason.startsWith(ID_LIKE) && meanWords(column) < FREE_TEXT_MEAN_WORDS) {
          keyColumns.add(column.name);
          HashSet<Object> values = new HashSet<>(column.seedKeys);
          values.remove(null);
          seedKeyValues.add(values);
        }
        continue;
      }
      ColumnKind kind = kind(column, maxCategories);
      scored.add(new ScoredColumn(column, kind, maxCategories, bins));
      // Joint tables of hundreds of names against every other column would be mostly sampling
      // noise, so names have a shape but no pair trends.
      pairable.add(kind == ColumnKind.NAMES ? null : column);
    }
    List<int[]> pairList = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      for (int j = i + 1; j < scored.size(); j++) {
        if (pairable.get(i) != null && pairable.get(j) != null) {
          pairList.add(new int[] {i, j});
        }
      }
    }
    this.pairs = pairList.toArray(new int[0][]);
    this.seedJoints = new long[pairs.length][];
    this.seedCorrelations = new double[pairs.length];
    for (int p = 0; p < pairs.length; p++) {
      ScoredColumn left = scored.get(pairs[p][0]);
      ScoredColumn right = scored.get(pairs[p][1]);
      Column leftColumn = pairable.get(pairs[p][0]);
      Column rightColumn = pairable.get(pairs[p][1]);
      seedJoints[p] = new long[left.cells() * right.cells()];
      for (int r = 0; r < seed.size(); r++) {
        int cell = left.cell(leftColumn.seedKeys.get(r)) * right.cells();
        seedJoints[p][cell + right.cell(rightColumn.seedKeys.get(r))]++;
      }
      seedCorrelations[p] =
          left.kind == ColumnKind.NUMERIC && right.kind == ColumnKind.NUMERIC
              ? Statistics.pearson(leftColumn.seedNumbers, rightColumn.seedNumbers)
              : Double.NaN;
    }
    this.seedRows = new HashSet<>();
    for (int r = 0; r < seed.size(); r++) {
      List<Object> row = new ArrayList<>(all.size());
      for (Column column : all) {
        row.add(column.seedKeys.get(r));
      }
      seedRows.add(row);
    }
    this.seedHalfToHalf = new ClosestRecords(all).seedHalfToHalfDistance(maxClosestRecordChecks);
  }

  /**
   * The profile of {@code seed} on the columns of {@code columnTypes}. Every seed record must hold
   * every column, with a value of the column type's Java class or null.
   */
  public static FidelityProfile of(
      Map<String, FieldType> columnTypes,
      List<Map<String, Object>> seed,
      int maxCategories,
      int bins,
      int maxClosestRecordChecks) {
    checkArgument(!columnTypes.isEmpty(), "columnTypes must name at least one column");
    checkArgument(!seed.isEmpty(), "seed records must not be empty");
    checkArgument(maxCategories >= 1, "maxCategories must be >= 1, but was %s", maxCategories);
    checkArgument(bins >= 2, "bins must be >= 2, but was %s", bins);
    checkArgument(
        maxClosestRecordChecks >= 1,
        "maxClosestRecordChecks must be >= 1, but was %s",
        maxClosestRecordChecks);
    return new FidelityProfile(columnTypes, seed, maxCategories, bins, maxClosestRecordChecks);
  }

  public Map<String, FieldType> columnTypes() {
    return Collections.unmodifiableMap(columnTypes);
  }

  public int seedRecords() {
    return seedRecords.size();
  }

  /** The most synthetic records {@link #report} searches against every seed record. */
  public int maxClosestRecordChecks() {
    return maxClosestRecordChecks;
  }

  public FidelityCounts newCounts() {
    int[] cellSizes = scored.stream().mapToInt(ScoredColumn::cells).toArray();
    int[] ksSizes =
        scored.stream()
            .mapToInt(column -> column.kind == ColumnKind.NUMERIC ? column.ksBins() : 0)
            .toArray();
    int[] histogramSizes =
        scored.stream()
            .mapToInt(column -> column.kind == ColumnKind.NUMERIC ? column.seedHistogram.length : 0)
            .toArray();
    int[] jointSizes = Arrays.stream(seedJoints).mapToInt(joint -> joint.length).toArray();
    return new FidelityCounts(cellSizes, ksSizes, histogramSizes, jointSizes, keyColumns.size());
  }

  /**
   * Counts one synthetic record; {@code index} names it in the error when a value has the wrong
   * class for its column. Every column of the profile must be present.
   */
  public void add(FidelityCounts counts, Map<String, Object> record, long index) {
    List<Object> row = new ArrayList<>(columnTypes.size());
    Map<String, Object> keys = new HashMap<>();
    for (Map.Entry<String, FieldType> column : columnTypes.entrySet()) {
      String name = column.getKey();
      if (!record.containsKey(name)) {
        throw new IllegalArgumentException(
            "synthetic record "
                + index
                + " has no column '"
                + name
                + "'; it has "
                + record.keySet());
      }
      Object key =
          Column.key(
              record.get(name),
              column.getValue(),
              () -> "synthetic record " + index + ", column '" + name + "'");
      row.add(key);
      keys.put(name, key);
    }
    counts.records++;
    if (seedRows.contains(row)) {
      counts.exactCopies++;
    }
    for (int k = 0; k < keyColumns.size(); k++) {
      Object key = keys.get(keyColumns.get(k));
      if (key != null) {
        counts.keyValues[k]++;
        counts.keyCopies[k] += seedKeyValues.get(k).contains(key) ? 1 : 0;
      }
    }
    int[] cells = new int[scored.size()];
    for (int c = 0; c < scored.size(); c++) {
      ScoredColumn column = scored.get(c);
      Object key = keys.get(column.name);
      cells[c] = column.cell(key);
      counts.cells[c][cells[c]]++;
      if (column.kind == ColumnKind.NUMERIC) {
        counts.histograms[c][column.histogramBin(key)]++;
        if (key != null) {
          counts.ksBins[c][column.ksBin((Double) key)]++;
        }
      }
    }
    for (int p = 0; p < pairs.length; p++) {
      ScoredColumn left = scored.get(pairs[p][0]);
      ScoredColumn right = scored.get(pairs[p][1]);
      counts.joints[p][cells[pairs[p][0]] * right.cells() + cells[pairs[p][1]]]++;
      if (left.kind == ColumnKind.NUMERIC && right.kind == ColumnKind.NUMERIC) {
        Object x = keys.get(left.name);
        Object y = keys.get(right.name);
        if (x != null && y != null) {
          FidelityCounts.addMoment(counts.moments[p], (Double) x, (Double) y);
        }
      }
    }
  }

  /**
   * The report of merged {@code counts}. The closest-record distance is measured on {@code
   * closestRecordSample} (at most {@link #maxClosestRecordChecks()} synthetic records, chosen by
   * the caller) against every seed record.
   */
  public FidelityReport report(
      FidelityCounts counts, List<Map<String, Object>> closestRecordSample) {
    checkArgument(counts.records > 0, "synthetic records must not be empty");
    checkArgument(
        counts.cells.length == scored.size() && counts.joints.length == pairs.length,
        "the counts are not of this profile: %s columns and %s pairs, not %s and %s",
        counts.cells.length,
        counts.joints.length,
        scored.size(),
        pairs.length);
    checkArgument(!closestRecordSample.isEmpty(), "the closest-record sample must not be empty");
    checkArgument(
        closestRecordSample.size() <= maxClosestRecordChecks,
        "the closest-record sample has %s records, more than the %s to check",
        closestRecordSample.size(),
        maxClosestRecordChecks);
    List<ColumnShape> shapes = new ArrayList<>();
    List<ColumnHistogram> histograms = new ArrayList<>();
    for (int c = 0; c < scored.size(); c++) {
      ScoredColumn column = scored.get(c);
      shapes.add(shape(column, counts, c));
      histograms.add(column.histogram(counts.cells[c], counts.histograms[c]));
    }
    List<PairTrend> trends = new ArrayList<>();
    for (int p = 0; p < pairs.length; p++) {
      trends.add(pairTrend(p, counts));
    }
    List<Column> columns = new ArrayList<>();
    columnTypes.forEach(
        (name, type) -> columns.add(Column.read(name, type, seedRecords, closestRecordSample)));
    ClosestRecordDistance closest =
        new ClosestRecords(columns).distanceToClosestRecord(maxClosestRecordChecks);
    return new FidelityReport(
        seedRecords.size(),
        counts.records,
        shapes,
        trends,
        shapes.stream().mapToDouble(ColumnShape::score).average().orElse(Double.NaN),
        trends.stream().mapToDouble(PairTrend::score).average().orElse(Double.NaN),
        excluded,
        counts.exactCopies,
        (double) counts.exactCopies / counts.records,
        closest,
        seedHalfToHalf,
        histograms,
        copiedKeys(counts));
  }

  private List<FidelityReport.CopiedKeys> copiedKeys(FidelityCounts counts) {
    List<FidelityReport.CopiedKeys> copied = new ArrayList<>();
    for (int k = 0; k < keyColumns.size(); k++) {
      long values = counts.keyValues[k];
      copied.add(
          new FidelityReport.CopiedKeys(
              keyColumns.get(k),
              values,
              counts.keyCopies[k],
              values == 0 ? 0.0 : (double) counts.keyCopies[k] / values));
    }
    return copied;
  }

  private static ColumnShape shape(ScoredColumn column, FidelityCounts counts, int c) {
    switch (column.kind) {
      case NUMERIC:
        return new ColumnShape(
            column.name, column.kind, Metric.KS_COMPLEMENT, column.ksComplement(counts.ksBins[c]));
      case NAMES:
        // Rounding can take a distance of 1 a hair above it; a score is never below 0.
        return new ColumnShape(
            column.name,
            column.kind,
            Metric.TOP_VALUES_TV_COMPLEMENT,
            Math.max(0.0, 1.0 - totalVariation(column.seedCells, counts.cells[c])));
      default:
        return new ColumnShape(
            column.name,
            column.kind,
            Metric.TV_COMPLEMENT,
            1.0 - totalVariation(column.seedCells, counts.cells[c]));
    }
  }

  private PairTrend pairTrend(int p, FidelityCounts counts) {
    String left = scored.get(pairs[p][0]).name;
    String right = scored.get(pairs[p][1]).name;
    double seedCorrelation = seedCorrelations[p];
    double syntheticCorrelation = FidelityCounts.pearson(counts.moments[p]);
    // An undefined correlation (a constant side) says nothing; the binned joint distribution still
    // does.
    if (!Double.isNaN(seedCorrelation) && !Double.isNaN(syntheticCorrelation)) {
      return new PairTrend(
          left,
          right,
          Metric.CORRELATION_SIMILARITY,
          1.0 - Math.abs(seedCorrelation - syntheticCorrelation) / 2.0,
          seedCorrelation,
          syntheticCorrelation);
    }
    double score = 1.0 - totalVariation(seedJoints[p], counts.joints[p]);
    return new PairTrend(left, right, Metric.CONTINGENCY_SIMILARITY, score, null, null);
  }

  /** Half the L1 distance between the shares of two count vectors over the same cells. */
  static double totalVariation(long[] a, long[] b) {
    long totalA = Arrays.stream(a).sum();
    long totalB = Arrays.stream(b).sum();
    if (totalA == 0 || totalB == 0) {
      return totalA == totalB ? 0.0 : 1.0;
    }
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((double) a[i] / totalA - (double) b[i] / totalB);
    }
    return sum / 2.0;
  }

  private static ColumnKind kind(Column column, int maxCategories) {
    if (column.isOrdered()) {
      return ColumnKind.NUMERIC;
    }
    if (column.type == FieldType.BOOLEAN || column.seedDistinct() <= maxCategories) {
      return ColumnKind.CATEGORICAL;
    }
    return ColumnKind.NAMES;
  }

  private static String exclusionReason(Column column, int maxCategories) {
    if (column.isOrdered()) {
      if (column.seedNonNull() == 0) {
        return "no values in the seed";
      }
      // Integer ids are keys: generated ones continue past the seed's range on purpose, so their
      // shape says nothing about fidelity (KeyCheck scores them instead).
      boolean integral = column.type == FieldType.INT || column.type == FieldType.LONG;
      long nonNull = column.seedNonNull();
      boolean ids =
          integral
              && column.seedDistinct() == nonNull
              && (nonNull >= MIN_ID_VALUES
                  || FieldNames.isNamedIdColumn(column.name, nonNull, column.seedDistinct()));
      return ids ? ID_LIKE + ": all " + nonNull + " seed values distinct" : null;
    }
    if (column.type == FieldType.BOOLEAN) {
      return null;
    }
    int distinct = column.seedDistinct();
    if (column.seedNonNull() < MIN_ID_VALUES
        && FieldNames.isNamedIdColumn(column.name, column.seedNonNull(), distinct)) {
      // A small seed's id, learned as a key from few values (FieldNames): scored as one, not as
      // a category.
      return ID_LIKE + ": all " + distinct + " seed values distinct";
    }
    if (distinct <= maxCategories) {
      return null;
    }
    if (distinct == column.seedNonNull()) {
      return ID_LIKE + ": all " + distinct + " seed values distinct";
    }
    if (column.seedNonNull() >= (long) NAMES_MIN_MEAN_REPEATS * distinct) {
      return null;
    }
    double meanWords = meanWords(column);
    if (meanWords >= FREE_TEXT_MEAN_WORDS) {
      return String.format(Locale.ROOT, "free text: %.1f words per value on average", meanWords);
    }
    return "high cardinality: " + distinct + " distinct seed values, more than " + maxCategories;
  }

  /** Words per non-null seed value on average; 0 for a column that is not strings. */
  static double meanWords(Column column) {
    if (column.type != FieldType.STRING) {
      return 0.0;
    }
    return column.seedKeys.stream()
        .filter(value -> value != null)
        .mapToInt(value -> ((String) value).trim().split("\\s+").length)
        .average()
        .orElse(0.0);
  }

  private static void checkArgument(boolean condition, String message, Object... values) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, message, values));
    }
  }
}
