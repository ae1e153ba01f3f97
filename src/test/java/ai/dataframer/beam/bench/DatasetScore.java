package ai.dataframer.beam.bench;

import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.eval.FidelityReport.ColumnShape;
import ai.dataframer.beam.core.eval.RealismReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the bench measured on one dataset: the synthetic records and the column-shuffled seed, each
 * scored against the seed, and which acceptance thresholds the synthetic records miss.
 *
 * @param notes what the spec got differently from the dataset's design (a type, a key, a
 *     constraint), for reading the failures; not thresholds themselves
 */
record DatasetScore(
    Dataset dataset,
    int samplesRequested,
    double generateSeconds,
    double scoreSeconds,
    Side synthetic,
    Side shuffledSeed,
    List<String> notes) {

  /** The acceptance of issue 10, per dataset. */
  static final double MIN_MEAN_COLUMN_SHAPE = 0.95;

  static final double MIN_MEAN_PAIR_TREND = 0.90;
  static final double MAX_NULL_RATE_DIFFERENCE_POINTS = 2.0;

  /** One set of records scored against the seed. */
  record Side(FidelityReport fidelity, RealismReport realism) {
    double minColumnShape() {
      return fidelity.columnShapes().stream().mapToDouble(ColumnShape::score).min().orElse(1.0);
    }
  }

  int seedRows() {
    return dataset.rows().size();
  }

  /**
   * Each acceptance threshold the synthetic records miss, as a line saying by how much. Key shape
   * (hex ids that stay hex, UUIDs that stay UUIDs) is one of the symptoms rather than a
   * listed threshold, and fails here too.
   */
  List<String> failures() {
    List<String> failures = new ArrayList<>();
    FidelityReport fidelity = synthetic.fidelity();
    RealismReport realism = synthetic.realism();
    if (!(fidelity.meanColumnShape() >= MIN_MEAN_COLUMN_SHAPE)) {
      failures.add(
          String.format(
              Locale.ROOT,
              "column shapes %.3f < %.2f (weakest: %s)",
              fidelity.meanColumnShape(),
              MIN_MEAN_COLUMN_SHAPE,
              weakestShapes(3)));
    }
    double baseline = shuffledSeed.fidelity().meanPairTrend();
    if (!(fidelity.meanPairTrend() >= MIN_MEAN_PAIR_TREND)) {
      failures.add(
          String.format(
              Locale.ROOT,
              "pair trends %.3f < %.2f",
              fidelity.meanPairTrend(),
              MIN_MEAN_PAIR_TREND));
    }
    if (!(fidelity.meanPairTrend() > baseline)) {
      failures.add(
          String.format(
              Locale.ROOT,
              "pair trends %.3f not above the shuffled seed's %.3f",
              fidelity.meanPairTrend(),
              baseline));
    }
    int rejected = samplesRequested - (int) fidelity.syntheticRecords();
    if (rejected > 0) {
      // A run that drops samples reports fewer than asked: a nightly job would notice at once.
      failures.add(
          rejected + " of " + samplesRequested + " samples rejected (see the run's failures file)");
    }
    if (fidelity.exactCopies() > 0) {
      failures.add(fidelity.exactCopies() + " exact copies of seed rows");
    }
    realism.keys().stream()
        .filter(key -> key.duplicates() > 0 || key.seedCopies() > 0)
        .forEach(
            key ->
                failures.add(
                    String.format(
                        Locale.ROOT,
                        "key %s (%s): %d duplicates, %d copied from the seed, of %d",
                        key.column(),
                        key.reason(),
                        key.duplicates(),
                        key.seedCopies(),
                        key.values())));
    realism.keys().stream()
        .filter(key -> key.shapeMismatches() > 0)
        .forEach(
            key ->
                failures.add(
                    String.format(
                        Locale.ROOT,
                        "key %s: %d of %d unlike the seed's characters or lengths (e.g. %s)",
                        key.column(),
                        key.shapeMismatches(),
                        key.values(),
                        key.shapeExample())));
    realism.precision().stream()
        .filter(column -> column.mismatches() > 0)
        .forEach(
            column ->
                failures.add(
                    String.format(
                        Locale.ROOT,
                        "precision %s: %d of %d finer than the seed's %s (e.g. %s)",
                        column.column(),
                        column.mismatches(),
                        column.values(),
                        column.seedPrecision(),
                        column.example())));
    realism.constraints().stream()
        .filter(constraint -> constraint.violations() > 0)
        .forEach(
            constraint ->
                failures.add(
                    String.format(
                        Locale.ROOT,
                        "constraint %s: %d of %d broken (e.g. %s)",
                        constraint.constraint(),
                        constraint.violations(),
                        constraint.checked(),
                        constraint.example())));
    realism.nullRates().stream()
        .filter(rate -> rate.differencePoints() > MAX_NULL_RATE_DIFFERENCE_POINTS)
        .forEach(
            rate ->
                failures.add(
                    String.format(
                        Locale.ROOT,
                        "nulls %s: %.1f%% in the seed, %.1f%% synthetic",
                        rate.column(),
                        rate.seedPercent(),
                        rate.syntheticPercent())));
    return failures;
  }

  private String weakestShapes(int count) {
    return synthetic.fidelity().columnShapes().stream()
        .sorted(Comparator.comparingDouble(ColumnShape::score))
        .limit(count)
        .map(shape -> String.format(Locale.ROOT, "%s %.3f", shape.column(), shape.score()))
        .collect(Collectors.joining(", "));
  }
}
