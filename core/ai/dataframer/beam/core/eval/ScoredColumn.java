package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.FieldType;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One scored column as the seed fixes it, so synthetic values can be counted one at a time and the
 * counts merged (docs/ARCHITECTURE.md section 9). Each value falls into:
 *
 * <ul>
 *   <li>a <b>cell</b>: its category (categories), its group (names: one of the seed's most frequent
 *       values, another seed value, not in the seed) or its seed-quantile bin (numbers); null is a
 *       cell of its own. Shapes of categories and names and every contingency table are totals of
 *       cells. Values not in the seed share one cell: each has seed share 0, so grouping them
 *       leaves every total variation distance exactly as it was.
 *   <li>a <b>KS bin</b> (numbers): below, at or between the seed's distinct values. Between two
 *       seed values the seed's CDF is flat, so the largest CDF gap is found at bin ends and the KS
 *       statistic from bins equals the one from the values. Over {@value #KS_GRID} distinct values,
 *       the grid is that many seed quantiles and the statistic is within 1 / {@value #KS_GRID}.
 *   <li>a <b>display bin</b> for the report's histogram (numbers: equal width over the seed's
 *       range, with bins below and above it).
 * </ul>
 */
final class ScoredColumn implements Serializable {
  static final int KS_GRID = 4096;
  static final int HISTOGRAM_BINS = 20;
  static final int HISTOGRAM_NAMES = 10;
  static final String NOT_IN_SEED = "not in the seed";
  static final String NULL = "null";

  final String name;
  final FieldType type;
  final ColumnKind kind;

  /** Categories and names: the seed's values (names: its most frequent) -> cell, by frequency. */
  private final Map<Object, Integer> valueCells;

  private final List<String> cellLabels;

  /** Names: every seed value, to tell another seed value from one not in the seed. */
  private final Set<Object> seedValues;

  /** Numbers: seed-quantile cuts of the contingency cells. */
  private final double[] cuts;

  /** Numbers: the grid of KS bins, ascending. */
  private final double[] grid;

  private final double histogramMin;
  private final double histogramWidth;

  /**
   * Numbers with at most {@value #HISTOGRAM_BINS} distinct seed values (ratings, quantities): a bin
   * per seed value, so the histogram shows values, not the empty space between them.
   */
  private final boolean histogramOfValues;

  final long[] seedCells;
  final long[] seedKsBins;
  final long[] seedHistogram;

  ScoredColumn(Column column, ColumnKind kind, int maxCategories, int bins) {
    this.name = column.name;
    this.type = column.type;
    this.kind = kind;
    if (kind == ColumnKind.NUMERIC) {
      double[] present =
          Arrays.stream(column.seedNumbers)
              .filter(value -> !Double.isNaN(value))
              .sorted()
              .toArray();
      this.valueCells = null;
      this.seedValues = null;
      this.cuts = Statistics.quantileCuts(column.seedNumbers, bins);
      this.grid = ksGrid(present);
      this.histogramMin = present[0];
      double range = present[present.length - 1] - present[0];
      this.histogramWidth = range / HISTOGRAM_BINS;
      this.histogramOfValues = grid.length <= HISTOGRAM_BINS && grid.length < present.length;
      this.cellLabels = null;
    } else {
      Map<Object, Long> counts =
          column.seedKeys.stream()
              .filter(key -> key != null)
              .collect(Collectors.groupingBy(key -> key, Collectors.counting()));
      List<Object> byFrequency =
          counts.entrySet().stream()
              .sorted(
                  Map.Entry.<Object, Long>comparingByValue()
                      .reversed()
                      .thenComparing(entry -> String.valueOf(entry.getKey())))
              .map(Map.Entry::getKey)
              .limit(kind == ColumnKind.NAMES ? maxCategories : Long.MAX_VALUE)
              .collect(Collectors.toList());
      this.valueCells = new HashMap<>();
      List<String> labels = new ArrayList<>();
      for (Object value : byFrequency) {
        valueCells.put(value, labels.size());
        labels.add(String.valueOf(value));
      }
      if (kind == ColumnKind.NAMES) {
        labels.add("other seed values");
      }
      labels.add(NOT_IN_SEED);
      labels.add(NULL);
      this.cellLabels = List.copyOf(labels);
      this.seedValues = kind == ColumnKind.NAMES ? new HashSet<>(counts.keySet()) : null;
      this.cuts = null;
      this.grid = null;
      this.histogramMin = 0.0;
      this.histogramWidth = 0.0;
      this.histogramOfValues = false;
    }
    this.seedCells = new long[cells()];
    this.seedKsBins = kind == ColumnKind.NUMERIC ? new long[ksBins()] : null;
    this.seedHistogram = kind == ColumnKind.NUMERIC ? new long[histogramBins()] : null;
    for (Object key : column.seedKeys) {
      seedCells[cell(key)]++;
      if (kind == ColumnKind.NUMERIC) {
        seedHistogram[histogramBin(key)]++;
        if (key != null) {
          seedKsBins[ksBin((Double) key)]++;
        }
      }
    }
  }

  private static double[] ksGrid(double[] sortedPresent) {
    double[] distinct = Arrays.stream(sortedPresent).distinct().toArray();
    if (distinct.length <= KS_GRID) {
      return distinct;
    }
    double[] grid = new double[KS_GRID];
    for (int k = 1; k <= KS_GRID; k++) {
      int rank = (int) Math.ceil((double) k * sortedPresent.length / KS_GRID);
      grid[k - 1] = sortedPresent[Math.max(0, rank - 1)];
    }
    return Arrays.stream(grid).distinct().toArray();
  }

  /** Cells of this column: categories or groups, or number bins, and null last. */
  int cells() {
    return kind == ColumnKind.NUMERIC ? cuts.length + 2 : cellLabels.size();
  }

  int cell(Object key) {
    int nullCell = cells() - 1;
    if (key == null) {
      return nullCell;
    }
    if (kind == ColumnKind.NUMERIC) {
      return Statistics.bin((Double) key, cuts);
    }
    Integer cell = valueCells.get(key);
    if (cell != null) {
      return cell;
    }
    if (kind == ColumnKind.NAMES && seedValues.contains(key)) {
      return nullCell - 2;
    }
    return nullCell - 1;
  }

  int ksBins() {
    return 2 * grid.length + 1;
  }

  /** Even bins lie below, between or above grid values; odd bin 2i + 1 holds grid value i. */
  int ksBin(double value) {
    int found = Arrays.binarySearch(grid, value);
    return found >= 0 ? 2 * found + 1 : 2 * (-found - 1);
  }

  /**
   * Display bins of a number: below the seed's range, the bins within it ({@value #HISTOGRAM_BINS}
   * of equal width, or one per seed value and one for values between them), above it, then null.
   */
  private int histogramBins() {
    return withinBins() + 3;
  }

  private int withinBins() {
    return histogramOfValues ? grid.length + 1 : HISTOGRAM_BINS;
  }

  int histogramBin(Object key) {
    int within = withinBins();
    if (key == null) {
      return within + 2;
    }
    double value = (Double) key;
    if (histogramOfValues) {
      if (value < grid[0]) {
        return 0;
      }
      if (value > grid[grid.length - 1]) {
        return within + 1;
      }
      int found = Arrays.binarySearch(grid, value);
      return found >= 0 ? 1 + found : within;
    }
    double max = histogramMin + histogramWidth * HISTOGRAM_BINS;
    if (value < histogramMin) {
      return 0;
    }
    if (value > max) {
      return within + 1;
    }
    if (histogramWidth == 0.0) {
      return 1;
    }
    return 1 + Math.min(HISTOGRAM_BINS - 1, (int) ((value - histogramMin) / histogramWidth));
  }

  /** Bins a reader needs only when something falls in them: outside, between, null, unseen. */
  private boolean onlyWhenUsed(int bin) {
    if (kind != ColumnKind.NUMERIC) {
      return bin >= cellLabels.size() - 2; // "not in the seed" and null
    }
    int within = withinBins();
    return bin == 0 || bin > within || (histogramOfValues && bin == within);
  }

  /** 1 - the largest gap between the seed's and the synthetic CDFs; 0 with no synthetic value. */
  double ksComplement(long[] syntheticKsBins) {
    long seedTotal = Arrays.stream(seedKsBins).sum();
    long syntheticTotal = Arrays.stream(syntheticKsBins).sum();
    if (syntheticTotal == 0) {
      return 0.0;
    }
    long seedSoFar = 0;
    long syntheticSoFar = 0;
    double max = 0.0;
    for (int bin = 0; bin < seedKsBins.length; bin++) {
      seedSoFar += seedKsBins[bin];
      syntheticSoFar += syntheticKsBins[bin];
      max =
          Math.max(
              max,
              Math.abs((double) seedSoFar / seedTotal - (double) syntheticSoFar / syntheticTotal));
    }
    return 1.0 - max;
  }

  /** The histogram's bins with a value on either side, labelled for a reader. */
  FidelityReport.ColumnHistogram histogram(long[] syntheticCells, long[] syntheticHistogram) {
    List<String> labels = new ArrayList<>();
    List<Integer> bins = new ArrayList<>();
    List<long[]> pairs = new ArrayList<>();
    if (kind == ColumnKind.NUMERIC) {
      for (int bin = 0; bin < seedHistogram.length; bin++) {
        bins.add(bin);
        labels.add(histogramLabel(bin));
        pairs.add(new long[] {seedHistogram[bin], syntheticHistogram[bin]});
      }
    } else {
      int shown = kind == ColumnKind.NAMES ? Math.min(HISTOGRAM_NAMES, valueCells.size()) : 0;
      int first = kind == ColumnKind.NAMES ? shown : 0;
      for (int cell = 0; cell < seedCells.length; cell++) {
        boolean folded = kind == ColumnKind.NAMES && cell >= shown && cell < valueCells.size();
        if (folded) {
          continue;
        }
        bins.add(cell);
        labels.add(cellLabels.get(cell));
        long[] pair = {seedCells[cell], syntheticCells[cell]};
        if (kind == ColumnKind.NAMES && cell == valueCells.size()) {
          // The seed's frequent values beyond the shown ones join "other seed values".
          for (int other = first; other < valueCells.size(); other++) {
            pair[0] += seedCells[other];
            pair[1] += syntheticCells[other];
          }
        }
        pairs.add(pair);
      }
    }
    long seedTotal = Arrays.stream(seedCells).sum();
    long syntheticTotal = Arrays.stream(syntheticCells).sum();
    List<String> keptLabels = new ArrayList<>();
    List<Double> seedShares = new ArrayList<>();
    List<Double> syntheticShares = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      long[] pair = pairs.get(i);
      if (onlyWhenUsed(bins.get(i)) && pair[0] == 0 && pair[1] == 0) {
        continue;
      }
      keptLabels.add(labels.get(i));
      seedShares.add(share(pair[0], seedTotal));
      syntheticShares.add(share(pair[1], syntheticTotal));
    }
    return new FidelityReport.ColumnHistogram(name, keptLabels, seedShares, syntheticShares);
  }

  private static double share(long count, long total) {
    return total == 0 ? 0.0 : (double) count / total;
  }

  private String histogramLabel(int bin) {
    if (histogramOfValues) {
      int within = withinBins();
      if (bin == 0) {
        return "below " + format(grid[0]);
      }
      if (bin == within) {
        return "between seed values";
      }
      if (bin == within + 1) {
        return "above " + format(grid[grid.length - 1]);
      }
      if (bin == within + 2) {
        return NULL;
      }
      return format(grid[bin - 1]);
    }
    if (bin == 0) {
      return "below " + format(histogramMin);
    }
    double max = histogramMin + histogramWidth * HISTOGRAM_BINS;
    if (bin == HISTOGRAM_BINS + 1) {
      return "above " + format(max);
    }
    if (bin == HISTOGRAM_BINS + 2) {
      return NULL;
    }
    return format(histogramMin + histogramWidth * (bin - 1));
  }

  /** A bin's lower edge in the column's own terms: a date, a time, or a number. */
  private String format(double value) {
    if (type == FieldType.DATE) {
      return LocalDate.ofEpochDay((long) Math.floor(value)).toString();
    }
    if (type == FieldType.TIMESTAMP) {
      return Instant.ofEpochMilli((long) Math.floor(value))
          .truncatedTo(ChronoUnit.MINUTES)
          .toString();
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    return String.format(Locale.ROOT, "%.4g", value);
  }

  static final Comparator<ScoredColumn> BY_NAME = Comparator.comparing(column -> column.name);
}
