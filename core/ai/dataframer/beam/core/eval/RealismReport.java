package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.eval.ConstraintCheck.ConstraintViolations;
import ai.dataframer.beam.core.eval.KeyCheck.KeyColumn;
import ai.dataframer.beam.core.eval.NullRates.NullRate;
import ai.dataframer.beam.core.eval.PrecisionCheck.ColumnPrecision;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a data engineer checks first in a synthetic table, beside its distributions
 * (docs/ARCHITECTURE.md section 9): keys that repeat, copy the seed or lose its shape, values finer
 * than the seed, broken constraints, and null shares that moved. The totals are sums over columns
 * and constraints; the lists say where.
 */
public record RealismReport(
    List<KeyColumn> keys,
    List<ColumnPrecision> precision,
    List<ConstraintViolations> constraints,
    List<NullRate> nullRates,
    long duplicateKeys,
    long copiedKeys,
    long keyShapeMismatches,
    long precisionMismatches,
    long constraintViolations,
    double maxNullRateDifference) {

  /**
   * Null shifts below this many points are left out of the summary: at 2,000 records the standard
   * error of a 20% share is already 0.9 points.
   */
  private static final double NULL_SHIFT_IN_SUMMARY_POINTS = 1.0;

  private static final ObjectWriter JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .writerWithDefaultPrettyPrinter();

  public RealismReport {
    keys = List.copyOf(keys);
    precision = List.copyOf(precision);
    constraints = List.copyOf(constraints);
    nullRates = List.copyOf(nullRates);
  }

  /**
   * Runs every check.
   *
   * @param types the columns and their types, as in {@link Fidelity#evaluate}
   * @param keyColumns key column -> why it is one (see {@link KeyCheck#keyColumns})
   * @param constraints the rules the records must keep (see {@link ConstraintCheck})
   */
  public static RealismReport evaluate(
      Map<String, FieldType> types,
      Map<String, String> keyColumns,
      List<Constraint> constraints,
      List<Map<String, Object>> seed,
      List<Map<String, Object>> synthetic) {
    List<KeyColumn> keys = new ArrayList<>();
    keyColumns.forEach(
        (column, reason) -> keys.add(KeyCheck.check(column, reason, seed, synthetic)));
    List<ColumnPrecision> precision = PrecisionCheck.check(types, seed, synthetic);
    List<ConstraintViolations> violations = ConstraintCheck.check(constraints, seed, synthetic);
    List<NullRate> nullRates = NullRates.compare(types.keySet(), seed, synthetic);
    return new RealismReport(
        keys,
        precision,
        violations,
        nullRates,
        keys.stream().mapToLong(KeyColumn::duplicates).sum(),
        keys.stream().mapToLong(KeyColumn::seedCopies).sum(),
        keys.stream().mapToLong(KeyColumn::shapeMismatches).sum(),
        precision.stream().mapToLong(ColumnPrecision::mismatches).sum(),
        violations.stream().mapToLong(ConstraintViolations::violations).sum(),
        nullRates.stream().mapToDouble(NullRate::differencePoints).max().orElse(0.0));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the realism report as JSON", e);
    }
  }

  /**
   * One line per problem found (a key, a column, a constraint, a null share moved by a point or
   * more), or a line saying there is none.
   */
  public String summary() {
    List<String> lines = new ArrayList<>();
    for (KeyColumn key : keys) {
      if (key.duplicates() > 0 || key.seedCopies() > 0) {
        lines.add(
            String.format(
                Locale.ROOT,
                "key %s (%s): %d duplicates, %d seed values copied, of %d",
                key.column(),
                key.reason(),
                key.duplicates(),
                key.seedCopies(),
                key.values()));
      }
      if (key.shapeMismatches() > 0) {
        lines.add(
            String.format(
                Locale.ROOT,
                "key %s: %d of %d values unlike the seed's characters or lengths, e.g. %s",
                key.column(),
                key.shapeMismatches(),
                key.values(),
                key.shapeExample()));
      }
    }
    for (ColumnPrecision column : precision) {
      if (column.mismatches() > 0) {
        lines.add(
            String.format(
                Locale.ROOT,
                "precision %s: %d of %d values finer than the seed's %s, e.g. %s",
                column.column(),
                column.mismatches(),
                column.values(),
                column.seedPrecision(),
                column.example()));
      }
    }
    for (ConstraintViolations constraint : constraints) {
      if (constraint.violations() > 0) {
        lines.add(
            String.format(
                Locale.ROOT,
                "constraint %s: broken by %d of %d records, e.g. %s",
                constraint.constraint(),
                constraint.violations(),
                constraint.checked(),
                constraint.example()));
      }
    }
    for (NullRate rate : nullRates) {
      if (rate.differencePoints() >= NULL_SHIFT_IN_SUMMARY_POINTS) {
        lines.add(
            String.format(
                Locale.ROOT,
                "nulls %s: %.1f%% in the seed, %.1f%% synthetic",
                rate.column(),
                rate.seedPercent(),
                rate.syntheticPercent()));
      }
    }
    if (lines.isEmpty()) {
      lines.add("no duplicate or copied key, precision mismatch, broken constraint or null shift");
    }
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }
}
