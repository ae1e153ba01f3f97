package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.eval.FidelityReport.ClosestRecordDistance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Privacy side of fidelity: synthetic records that copy a seed record, and how far each synthetic
 * record is from its nearest seed record. Works on every column, included or excluded from shapes.
 */
final class ClosestRecords {
  private final List<Column> columns;
  private final int seedCount;
  private final int syntheticCount;
  private final double[] seedRanges;

  ClosestRecords(List<Column> columns) {
    this.columns = List.copyOf(columns);
    this.seedCount = columns.get(0).seedKeys.size();
    this.syntheticCount = columns.get(0).syntheticKeys.size();
    this.seedRanges = columns.stream().mapToDouble(ClosestRecords::seedRange).toArray();
  }

  /** Synthetic records equal to some seed record on every column (nulls equal nulls). */
  long exactCopies() {
    Set<List<Object>> seedRows = new HashSet<>();
    for (int i = 0; i < seedCount; i++) {
      seedRows.add(row(i, true));
    }
    long copies = 0;
    for (int i = 0; i < syntheticCount; i++) {
      if (seedRows.contains(row(i, false))) {
        copies++;
      }
    }
    return copies;
  }

  /**
   * Median and 5th percentile of the distance to the closest seed record. The search is quadratic,
   * so at most {@code maxRecords} synthetic records are measured, evenly spaced over the input
   * order.
   */
  ClosestRecordDistance distanceToClosestRecord(int maxRecords) {
    int evaluated = Math.min(maxRecords, syntheticCount);
    double[] distances = new double[evaluated];
    for (int k = 0; k < evaluated; k++) {
      int synthetic = (int) ((long) k * syntheticCount / evaluated);
      double closest = Double.POSITIVE_INFINITY;
      for (int seed = 0; seed < seedCount && closest > 0.0; seed++) {
        closest = Math.min(closest, distance(false, synthetic, seed));
      }
      distances[k] = closest;
    }
    return summary(distances, seedCount);
  }

  /**
   * The same measure from the seed's even-numbered records to its odd-numbered ones: how close two
   * independent draws of the seed's own population come, the reference a synthetic set's distance
   * is read against (closer than this suggests memorised records). Null under 2 seed records.
   */
  ClosestRecordDistance seedHalfToHalfDistance(int maxRecords) {
    int queries = (seedCount + 1) / 2;
    int references = seedCount / 2;
    if (references == 0) {
      return null;
    }
    int evaluated = Math.min(maxRecords, queries);
    double[] distances = new double[evaluated];
    for (int k = 0; k < evaluated; k++) {
      int query = 2 * (int) ((long) k * queries / evaluated);
      double closest = Double.POSITIVE_INFINITY;
      for (int reference = 1; reference < seedCount && closest > 0.0; reference += 2) {
        closest = Math.min(closest, distance(true, query, reference));
      }
      distances[k] = closest;
    }
    return summary(distances, references);
  }

  private static ClosestRecordDistance summary(double[] distances, int references) {
    Arrays.sort(distances);
    return new ClosestRecordDistance(
        distances.length,
        references,
        Statistics.quantile(distances, 0.5),
        Statistics.quantile(distances, 0.05));
  }

  /**
   * Mean over columns of: for ordered columns |a - b| / seed range capped at 1; otherwise 0 when
   * equal and 1 when not. Null against null is 0, null against a value is 1. Record {@code a} is a
   * seed record when {@code aIsSeed}, else a synthetic one.
   */
  private double distance(boolean aIsSeed, int a, int seed) {
    double sum = 0.0;
    for (int c = 0; c < columns.size(); c++) {
      Column column = columns.get(c);
      Object first = (aIsSeed ? column.seedKeys : column.syntheticKeys).get(a);
      Object second = column.seedKeys.get(seed);
      if (first == null || second == null || !column.isOrdered()) {
        sum += Objects.equals(first, second) ? 0.0 : 1.0;
      } else if (seedRanges[c] == 0.0) {
        sum += first.equals(second) ? 0.0 : 1.0;
      } else {
        sum += Math.min(1.0, Math.abs((Double) first - (Double) second) / seedRanges[c]);
      }
    }
    return sum / columns.size();
  }

  private List<Object> row(int index, boolean seed) {
    List<Object> row = new ArrayList<>(columns.size());
    for (Column column : columns) {
      row.add((seed ? column.seedKeys : column.syntheticKeys).get(index));
    }
    return row;
  }

  private static double seedRange(Column column) {
    if (!column.isOrdered()) {
      return 0.0;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double value : column.seedNumbers) {
      if (!Double.isNaN(value)) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    return max > min ? max - min : 0.0;
  }
}
