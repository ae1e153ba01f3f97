package ai.dataframer.beam.core.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How closely synthetic records follow a seed: scores in [0, 1], 1 meaning indistinguishable by
 * that measure. Means are NaN when there is nothing to average (no included column, or no pair).
 */
public record FidelityReport(
    int seedRecords,
    long syntheticRecords,
    List<ColumnShape> columnShapes,
    List<PairTrend> pairTrends,
    double meanColumnShape,
    double meanPairTrend,
    List<ExcludedColumn> excludedColumns,
    long exactCopies,
    double exactCopyRate,
    ClosestRecordDistance distanceToClosestRecord,
    ClosestRecordDistance seedHalfToHalfDistance,
    List<ColumnHistogram> histograms,
    List<CopiedKeys> copiedKeys)
    implements Serializable {

  private static final ObjectWriter JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .writerWithDefaultPrettyPrinter();
  private static final int WORST_PAIRS_IN_SUMMARY = 5;

  public FidelityReport {
    columnShapes = List.copyOf(columnShapes);
    pairTrends = List.copyOf(pairTrends);
    excludedColumns = List.copyOf(excludedColumns);
    histograms = List.copyOf(histograms);
    copiedKeys = List.copyOf(copiedKeys);
  }

  /**
   * Values of a key column (all distinct in the seed: an id) that the synthetic records copy from
   * the seed: a generated key equal to a real one can join to real data.
   *
   * @param values non-null synthetic values of the column
   * @param seedCopies those equal to some seed value
   */
  public record CopiedKeys(String column, long values, long seedCopies, double rate)
      implements Serializable {}

  /**
   * Shares of a scored column's values in display bins, seed beside synthetic, for a histogram:
   * numbers in equal-width bins over the seed's range (with a bin each for values below and above
   * it), categories by value (with one for values not in the seed), names by the seed's most
   * frequent ones. A bin "null" holds missing values. Shares of one side sum to 1 (or are all 0
   * when that side has no records).
   */
  public record ColumnHistogram(
      String column, List<String> bins, List<Double> seedShares, List<Double> syntheticShares)
      implements Serializable {
    public ColumnHistogram {
      bins = List.copyOf(bins);
      seedShares = List.copyOf(seedShares);
      syntheticShares = List.copyOf(syntheticShares);
    }
  }

  /**
   * Similarity of one column's distribution: 1 - KS statistic (NUMERIC) or 1 - TV distance
   * (CATEGORICAL, NAMES).
   */
  public record ColumnShape(String column, ColumnKind kind, Metric metric, double score)
      implements Serializable {}

  /**
   * Similarity of how two columns move together. The correlations are null (and left out of the
   * JSON) unless the metric is CORRELATION_SIMILARITY.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PairTrend(
      String left,
      String right,
      Metric metric,
      double score,
      Double seedCorrelation,
      Double syntheticCorrelation)
      implements Serializable {}

  /** A column left out of shapes and pair trends, and why. */
  public record ExcludedColumn(String column, String reason) implements Serializable {}

  /**
   * Distance from synthetic records to their closest seed record, in [0, 1] (the mean over all
   * columns of per-column distances). Small values mean near-copies. Computed on {@code
   * evaluatedRecords} evenly spaced synthetic records (all of them unless capped) against every
   * seed record.
   */
  public record ClosestRecordDistance(
      int evaluatedRecords, int seedRecords, double median, double percentile5)
      implements Serializable {}

  /** Which comparison produced a score. */
  public enum Metric {
    /** 1 - two-sample Kolmogorov-Smirnov statistic, nulls set aside. */
    KS_COMPLEMENT,
    /** 1 - total variation distance of category shares, null a category. */
    TV_COMPLEMENT,
    /**
     * 1 - total variation distance of the shares of the seed's most frequent values, of its other
     * values together and of values not in the seed; null a group (NAMES columns).
     */
    TOP_VALUES_TV_COMPLEMENT,
    /** 1 - |seed correlation - synthetic correlation| / 2, Pearson on pairwise-complete rows. */
    CORRELATION_SIMILARITY,
    /** 1 - total variation distance of the joint distribution, numbers in seed-quantile bins. */
    CONTINGENCY_SIMILARITY
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the fidelity report as JSON", e);
    }
  }

  /** A few lines for a log or a terminal: every column shape, the weakest pair trends, privacy. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "fidelity of %d synthetic records against %d seed records%n",
            syntheticRecords,
            seedRecords));
    out.append(
        String.format(
            Locale.ROOT,
            "column shapes  mean %s over %d columns%n",
            score(meanColumnShape),
            columnShapes.size()));
    for (ColumnShape shape : columnShapes) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-24s %s  %s%n",
              shape.column(),
              score(shape.score()),
              shape.kind().name().toLowerCase(Locale.ROOT)));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "pair trends    mean %s over %d pairs%n",
            score(meanPairTrend),
            pairTrends.size()));
    pairTrends.stream()
        .sorted(Comparator.comparingDouble(PairTrend::score))
        .limit(WORST_PAIRS_IN_SUMMARY)
        .forEach(
            pair ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "  %-40s %s%n",
                        pair.left() + " ~ " + pair.right(),
                        score(pair.score()))));
    if (!excludedColumns.isEmpty()) {
      out.append("excluded       ")
          .append(
              excludedColumns.stream()
                  .map(excluded -> excluded.column() + " (" + excluded.reason() + ")")
                  .collect(Collectors.joining(", ")))
          .append(System.lineSeparator());
    }
    out.append(
        String.format(
            Locale.ROOT, "exact copies   %d (%.1f%%)%n", exactCopies, 100 * exactCopyRate));
    for (CopiedKeys keys : copiedKeys) {
      out.append(
          String.format(
              Locale.ROOT,
              "copied keys    %s: %d of %d values are seed values (%.1f%%)%n",
              keys.column(),
              keys.seedCopies(),
              keys.values(),
              100 * keys.rate()));
    }
    ClosestRecordDistance dcr = distanceToClosestRecord;
    out.append(
        String.format(
            Locale.ROOT,
            "closest record median %s, 5th percentile %s (%d synthetic x %d seed)%n",
            score(dcr.median()),
            score(dcr.percentile5()),
            dcr.evaluatedRecords(),
            dcr.seedRecords()));
    ClosestRecordDistance own = seedHalfToHalfDistance;
    if (own != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "seed half to half: median %s, 5th percentile %s (%d x %d seed records)%n",
              score(own.median()),
              score(own.percentile5()),
              own.evaluatedRecords(),
              own.seedRecords()));
    }
    return out.toString();
  }

  private static String score(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
  }
}
