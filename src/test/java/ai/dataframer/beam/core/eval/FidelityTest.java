package ai.dataframer.beam.core.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.eval.FidelityReport.ColumnShape;
import ai.dataframer.beam.core.eval.FidelityReport.ExcludedColumn;
import ai.dataframer.beam.core.eval.FidelityReport.Metric;
import ai.dataframer.beam.core.eval.FidelityReport.PairTrend;
import ai.dataframer.beam.core.spec.FieldType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class FidelityTest {
  private static final double EPS = 1e-12;

  @Test
  public void correlationSimilarityIsOneForTheSameSignAndZeroForTheOpposite() {
    Map<String, FieldType> types = types("x", FieldType.DOUBLE, "y", FieldType.DOUBLE);
    List<Map<String, Object>> seed = new ArrayList<>();
    List<Map<String, Object>> same = new ArrayList<>();
    List<Map<String, Object>> opposite = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      seed.add(record("x", (double) i, "y", 3.0 * i));
      same.add(record("x", (double) i, "y", 0.5 * i + 7));
      opposite.add(record("x", (double) i, "y", -2.0 * i));
    }
    PairTrend sameTrend = onlyPair(Fidelity.defaults().evaluate(types, seed, same));
    assertEquals(Metric.CORRELATION_SIMILARITY, sameTrend.metric());
    assertEquals(1.0, sameTrend.score(), EPS);
    PairTrend oppositeTrend = onlyPair(Fidelity.defaults().evaluate(types, seed, opposite));
    assertEquals(1.0, oppositeTrend.seedCorrelation(), EPS);
    assertEquals(-1.0, oppositeTrend.syntheticCorrelation(), EPS);
    assertEquals(0.0, oppositeTrend.score(), EPS);
  }

  @Test
  public void contingencySimilarityIsOneMinusTheJointTotalVariation() {
    Map<String, FieldType> types = types("colour", FieldType.STRING, "size", FieldType.STRING);
    List<Map<String, Object>> seed =
        List.of(
            record("colour", "red", "size", "S"), record("colour", "red", "size", "S"),
            record("colour", "blue", "size", "L"), record("colour", "blue", "size", "L"));
    // Joint shares seed: red-S .5, blue-L .5; synthetic: red-S .25, red-L .25, blue-L .5: TV .25.
    List<Map<String, Object>> partly =
        List.of(
            record("colour", "red", "size", "S"), record("colour", "red", "size", "L"),
            record("colour", "blue", "size", "L"), record("colour", "blue", "size", "L"));
    PairTrend trend = onlyPair(Fidelity.defaults().evaluate(types, seed, partly));
    assertEquals(Metric.CONTINGENCY_SIMILARITY, trend.metric());
    assertEquals(0.75, trend.score(), EPS);
    assertNull(trend.seedCorrelation());

    // Same marginals, crossed pairs: perfect shapes, no shared cell.
    List<Map<String, Object>> crossed =
        List.of(
            record("colour", "red", "size", "L"), record("colour", "red", "size", "L"),
            record("colour", "blue", "size", "S"), record("colour", "blue", "size", "S"));
    FidelityReport report = Fidelity.defaults().evaluate(types, seed, crossed);
    assertEquals(1.0, report.meanColumnShape(), EPS);
    assertEquals(0.0, onlyPair(report).score(), EPS);
  }

  @Test
  public void numbersPairedWithACategoryAreBinnedAtSeedQuantiles() {
    Map<String, FieldType> types = types("amount", FieldType.INT, "tier", FieldType.STRING);
    List<Map<String, Object>> seed = new ArrayList<>();
    List<Map<String, Object>> flipped = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      seed.add(record("amount", i, "tier", i <= 5 ? "low" : "high"));
      flipped.add(record("amount", i, "tier", i <= 5 ? "high" : "low"));
    }
    // Five bins {1,2} {3,4} {5,6} {7,8} {9,10}; flipping the tiers empties every seed cell except
    // the
    // middle bin, which holds one low and one high row either way: 0.2 of the mass stays in place.
    FidelityReport report = Fidelity.defaults().evaluate(types, seed, flipped);
    assertEquals(1.0, report.meanColumnShape(), EPS);
    assertEquals(0.2, onlyPair(report).score(), EPS);
    // Two bins {1..5} {6..10} line up with the tiers: every row lands in a cell the seed leaves
    // empty.
    assertEquals(
        0.0, onlyPair(Fidelity.defaults().withBins(2).evaluate(types, seed, flipped)).score(), EPS);
    assertEquals(1.0, onlyPair(Fidelity.defaults().evaluate(types, seed, seed)).score(), EPS);
  }

  @Test
  public void aSmallSeedsColumnNamedAsAnIdIsExcludedAsKeyLearningTakesItForAKey() {
    Map<String, FieldType> types =
        types("order_id", FieldType.LONG, "sku", FieldType.STRING, "visits", FieldType.INT);
    List<Map<String, Object>> seed = new ArrayList<>();
    List<Map<String, Object>> synthetic = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      seed.add(record("order_id", 101L + i, "sku", "SKU-00" + i, "visits", 10 + i));
      synthetic.add(record("order_id", 106L + i, "sku", "SKU-01" + i, "visits", 10 + i));
    }
    FidelityReport report = Fidelity.defaults().evaluate(types, seed, synthetic);
    assertEquals(
        List.of(
            new ExcludedColumn("order_id", "id-like: all 5 seed values distinct"),
            new ExcludedColumn("sku", "id-like: all 5 seed values distinct")),
        report.excludedColumns());
  }

  @Test
  public void integerIdsAreExcludedButRepeatedIntegersAreScored() {
    Map<String, FieldType> types = types("customer_id", FieldType.LONG, "visits", FieldType.INT);
    List<Map<String, Object>> seed = new ArrayList<>();
    List<Map<String, Object>> synthetic = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      seed.add(record("customer_id", 1000L + i, "visits", i % 4));
      synthetic.add(record("customer_id", 5000L + i, "visits", i % 4));
    }
    FidelityReport report = Fidelity.defaults().evaluate(types, seed, synthetic);
    assertEquals(
        List.of(new ExcludedColumn("customer_id", "id-like: all 30 seed values distinct")),
        report.excludedColumns());
    assertEquals(1.0, report.meanColumnShape(), 1e-12);
  }

  @Test
  public void identicalDataScoresOneEverywhereAndIsAllCopies() {
    List<Map<String, Object>> seed = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      seed.add(
          record(
              "day",
              LocalDate.of(2024, 1, 1).plusDays(i * 7 % 40),
              "amount",
              1.5 * (i % 9),
              "member",
              i % 3 == 0,
              "tier",
              i % 4 == 0 ? null : "t" + (i % 5)));
    }
    Map<String, FieldType> types =
        types(
            "day",
            FieldType.DATE,
            "amount",
            FieldType.DOUBLE,
            "member",
            FieldType.BOOLEAN,
            "tier",
            FieldType.STRING);
    FidelityReport report = Fidelity.defaults().evaluate(types, seed, seed);
    assertEquals(4, report.columnShapes().size());
    assertEquals(6, report.pairTrends().size());
    report.columnShapes().forEach(shape -> assertEquals(shape.column(), 1.0, shape.score(), EPS));
    report
        .pairTrends()
        .forEach(pair -> assertEquals(pair.left() + "~" + pair.right(), 1.0, pair.score(), EPS));
    assertEquals(1.0, report.meanColumnShape(), EPS);
    assertEquals(1.0, report.meanPairTrend(), EPS);
    assertEquals(50, report.exactCopies());
    assertEquals(1.0, report.exactCopyRate(), EPS);
    assertEquals(0.0, report.distanceToClosestRecord().median(), EPS);
    assertEquals(0.0, report.distanceToClosestRecord().percentile5(), EPS);
  }

  @Test
  public void columnKindsFollowTheTypesAndTheSeedCardinality() {
    Map<String, FieldType> types =
        types(
            "flag",
            FieldType.BOOLEAN,
            "day",
            FieldType.DATE,
            "code",
            FieldType.STRING,
            "note",
            FieldType.STRING);
    List<Map<String, Object>> seed = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      seed.add(
          record(
              "flag",
              i % 2 == 0,
              "day",
              LocalDate.of(2024, 3, 1).plusDays(i),
              "code",
              "C-" + i,
              "note",
              "a short note number " + (i % 35)));
    }
    FidelityReport report = Fidelity.defaults().evaluate(types, seed, seed);
    assertEquals(
        List.of(
            new ColumnShape("flag", ColumnKind.CATEGORICAL, Metric.TV_COMPLEMENT, 1.0),
            new ColumnShape("day", ColumnKind.NUMERIC, Metric.KS_COMPLEMENT, 1.0)),
        report.columnShapes());
    assertEquals(
        List.of(
            new ExcludedColumn("code", "id-like: all 40 seed values distinct"),
            new ExcludedColumn("note", "free text: 5.0 words per value on average")),
        report.excludedColumns());

    // The same strings count as categories once the limit is raised above their cardinality.
    FidelityReport wide = Fidelity.defaults().withMaxCategories(40).evaluate(types, seed, seed);
    assertEquals(4, wide.columnShapes().size());
    assertTrue(wide.excludedColumns().isEmpty());
  }

  @Test
  public void shortStringsWithManyValuesAreExcludedAsHighCardinality() {
    List<Map<String, Object>> seed = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      seed.add(record("city", "city" + (i % 32)));
    }
    FidelityReport report =
        Fidelity.defaults().evaluate(types("city", FieldType.STRING), seed, seed);
    assertEquals(
        List.of(
            new ExcludedColumn("city", "high cardinality: 32 distinct seed values, more than 30")),
        report.excludedColumns());
    assertTrue(Double.isNaN(report.meanColumnShape()));
  }

  @Test
  public void repeatedNamesAreScoredByTheSharesOfTheSeedsFrequentValues() {
    Map<String, FieldType> types = types("product", FieldType.STRING, "tier", FieldType.STRING);
    List<Map<String, Object>> seed = new ArrayList<>();
    // 12 values of 4 names: each repeats 3 times on average, more names than 2 categories.
    addNames(seed, "Red Mug", 5, "Blue Mug", 4, "Green Mug", 2, "Tea Pot", 1);
    List<Map<String, Object>> synthetic = new ArrayList<>();
    addNames(synthetic, "Red Mug", 4, "Blue Mug", 2, "Tea Pot", 1, "Zed Zorp", 3, null, 2);
    FidelityReport report =
        Fidelity.defaults().withMaxCategories(2).evaluate(types, seed, synthetic);
    // Groups: Red Mug, Blue Mug (the 2 most frequent), other seed names, names not in the seed,
    // null. Seed 5, 4, 3, 0, 0 of 12; synthetic 4, 2, 1, 3, 2 of 12: TV = (1+2+2+3+2)/24.
    ColumnShape product = report.columnShapes().get(0);
    assertEquals("product", product.column());
    assertEquals(ColumnKind.NAMES, product.kind());
    assertEquals(Metric.TOP_VALUES_TV_COMPLEMENT, product.metric());
    assertEquals(1.0 - 10.0 / 24, product.score(), EPS);
    assertEquals(
        new ColumnShape("tier", ColumnKind.CATEGORICAL, Metric.TV_COMPLEMENT, 1.0),
        report.columnShapes().get(1));
    assertEquals("names have no pair trends", List.of(), report.pairTrends());
    assertEquals(List.of(), report.excludedColumns());

    // One name fewer in the seed and the rest repeat less than 3 times on average.
    seed.remove(0);
    assertEquals(
        List.of(
            new ExcludedColumn("product", "high cardinality: 4 distinct seed values, more than 2")),
        Fidelity.defaults()
            .withMaxCategories(2)
            .evaluate(types, seed, synthetic)
            .excludedColumns());
  }

  private static void addNames(List<Map<String, Object>> records, Object... namesAndCounts) {
    for (int i = 0; i < namesAndCounts.length; i += 2) {
      for (int k = 0; k < (Integer) namesAndCounts[i + 1]; k++) {
        records.add(record("product", namesAndCounts[i], "tier", "standard"));
      }
    }
  }

  @Test
  public void nullsAreACategoryButAreSetAsideByKs() {
    Map<String, FieldType> types = types("tier", FieldType.STRING, "amount", FieldType.DOUBLE);
    List<Map<String, Object>> seed =
        List.of(
            record("tier", "a", "amount", 1.0),
            record("tier", null, "amount", null),
            record("tier", "b", "amount", 2.0));
    List<Map<String, Object>> synthetic =
        List.of(
            record("tier", "a", "amount", 1.0),
            record("tier", "a", "amount", 2.0),
            record("tier", "b", "amount", 2.0));
    List<ColumnShape> shapes = Fidelity.defaults().evaluate(types, seed, synthetic).columnShapes();
    // tier: shares a 1/3, null 1/3, b 1/3 against a 2/3, b 1/3: TV 1/3.
    assertEquals(2.0 / 3, shapes.get(0).score(), EPS);
    // amount without nulls: {1, 2} against {1, 2, 2}: CDF gap at 1 is 1/2 - 1/3.
    assertEquals(1.0 - (0.5 - 1.0 / 3), shapes.get(1).score(), EPS);
  }

  @Test
  public void aSyntheticColumnWithoutValuesHasNoShape() {
    List<Map<String, Object>> seed = List.of(record("amount", 1.0), record("amount", 2.0));
    List<Map<String, Object>> synthetic = List.of(record("amount", null));
    FidelityReport report =
        Fidelity.defaults().evaluate(types("amount", FieldType.DOUBLE), seed, synthetic);
    assertEquals(0.0, report.columnShapes().get(0).score(), EPS);
  }

  @Test
  public void distanceToClosestRecordMixesScaledNumbersAndCategoryMismatches() {
    Map<String, FieldType> types = types("x", FieldType.DOUBLE, "c", FieldType.STRING);
    List<Map<String, Object>> seed =
        List.of(record("x", 0.0, "c", "a"), record("x", 10.0, "c", "b"));
    // First: (1/10 + 0) / 2 to seed 0, (9/10 + 1) / 2 to seed 1. Second: (0 + 1) / 2 to seed 1 at
    // best.
    List<Map<String, Object>> synthetic =
        List.of(record("x", 1.0, "c", "a"), record("x", 10.0, "c", "a"));
    FidelityReport report = Fidelity.defaults().evaluate(types, seed, synthetic);
    assertEquals(0.05 + 0.5 * (0.5 - 0.05), report.distanceToClosestRecord().median(), EPS);
    assertEquals(0.05 + 0.05 * (0.5 - 0.05), report.distanceToClosestRecord().percentile5(), EPS);
    assertEquals(0, report.exactCopies());
    assertEquals(0.0, report.exactCopyRate(), EPS);
  }

  @Test
  public void distanceToClosestRecordIsCappedAtEvenlySpacedRecords() {
    List<Map<String, Object>> seed = List.of(record("x", 0.0), record("x", 100.0));
    List<Map<String, Object>> synthetic = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      synthetic.add(record("x", 10.0 * i));
    }
    FidelityReport report =
        Fidelity.defaults()
            .withMaxClosestRecordChecks(5)
            .evaluate(types("x", FieldType.DOUBLE), seed, synthetic);
    // Records 0, 2, 4, 6, 8: x = 0, 20, 40, 60, 80; distances 0, .2, .4, .4, .2.
    assertEquals(5, report.distanceToClosestRecord().evaluatedRecords());
    assertEquals(2, report.distanceToClosestRecord().seedRecords());
    assertEquals(0.2, report.distanceToClosestRecord().median(), EPS);
    assertEquals(1, report.exactCopies());
    assertEquals(0.1, report.exactCopyRate(), EPS);
  }

  @Test
  public void reportsAsJsonAndAsASummary() throws Exception {
    Map<String, FieldType> types = types("x", FieldType.DOUBLE, "c", FieldType.STRING);
    List<Map<String, Object>> seed =
        List.of(record("x", 0.0, "c", "a"), record("x", 10.0, "c", "b"));
    FidelityReport report = Fidelity.defaults().evaluate(types, seed, seed);
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertEquals(1.0, json.get("mean_column_shape").asDouble(), EPS);
    assertEquals("KS_COMPLEMENT", json.get("column_shapes").get(0).get("metric").asText());
    assertEquals("c", json.get("pair_trends").get(0).get("right").asText());
    assertFalse(
        "contingency pairs carry no correlation",
        json.get("pair_trends").get(0).has("seed_correlation"));
    assertEquals(2, json.get("distance_to_closest_record").get("evaluated_records").asInt());
    assertEquals(1.0, json.get("exact_copy_rate").asDouble(), EPS);
    String summary = report.summary();
    assertThat(summary, containsString("fidelity of 2 synthetic records against 2 seed records"));
    assertThat(summary, containsString("column shapes  mean 1.000 over 2 columns"));
    assertThat(summary, containsString("x ~ c"));
    assertThat(summary, containsString("exact copies   2 (100.0%)"));
  }

  @Test
  public void rejectsAValueOfTheWrongClassNamingRecordAndColumn() {
    List<Map<String, Object>> seed = List.of(record("amount", 1.0));
    List<Map<String, Object>> synthetic = List.of(record("amount", 2.0), record("amount", "cheap"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fidelity.defaults().evaluate(types("amount", FieldType.DOUBLE), seed, synthetic));
    assertEquals(
        "synthetic record 1, column 'amount': expected a DOUBLE value (Number), but was String 'cheap'",
        e.getMessage());
  }

  @Test
  public void rejectsARecordWithoutAColumn() {
    List<Map<String, Object>> seed = List.of(record("amount", 1.0), record("price", 1.0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fidelity.defaults().evaluate(types("amount", FieldType.DOUBLE), seed, seed));
    assertEquals("seed record 1 has no column 'amount'; it has [price]", e.getMessage());
  }

  @Test
  public void rejectsEmptyInputsAndBadSettings() {
    Map<String, FieldType> types = types("x", FieldType.DOUBLE);
    List<Map<String, Object>> one = List.of(record("x", 1.0));
    assertEquals(
        "seed records must not be empty",
        assertThrows(
                IllegalArgumentException.class,
                () -> Fidelity.defaults().evaluate(types, List.of(), one))
            .getMessage());
    assertEquals(
        "synthetic records must not be empty",
        assertThrows(
                IllegalArgumentException.class,
                () -> Fidelity.defaults().evaluate(types, one, List.of()))
            .getMessage());
    assertEquals(
        "columnTypes must name at least one column",
        assertThrows(
                IllegalArgumentException.class,
                () -> Fidelity.defaults().evaluate(Map.of(), one, one))
            .getMessage());
    assertEquals(
        "bins must be >= 2, but was 1",
        assertThrows(IllegalArgumentException.class, () -> Fidelity.defaults().withBins(1))
            .getMessage());
    assertEquals(
        "maxCategories must be >= 1, but was 0",
        assertThrows(IllegalArgumentException.class, () -> Fidelity.defaults().withMaxCategories(0))
            .getMessage());
    assertEquals(
        "maxClosestRecordChecks must be >= 1, but was 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Fidelity.defaults().withMaxClosestRecordChecks(0))
            .getMessage());
  }

  private static PairTrend onlyPair(FidelityReport report) {
    assertEquals(1, report.pairTrends().size());
    return report.pairTrends().get(0);
  }

  private static Map<String, FieldType> types(Object... namesAndTypes) {
    Map<String, FieldType> types = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      types.put((String) namesAndTypes[i], (FieldType) namesAndTypes[i + 1]);
    }
    return types;
  }

  private static Map<String, Object> record(Object... namesAndValues) {
    Map<String, Object> record = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      record.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return record;
  }

  @Test
  public void theSeedsHalfToHalfDistanceIsTheReferenceForClosestRecords() {
    Map<String, FieldType> types = types("x", FieldType.DOUBLE, "c", FieldType.STRING);
    List<Map<String, Object>> seed =
        List.of(
            record("x", 0.0, "c", "a"),
            record("x", 10.0, "c", "a"),
            record("x", 20.0, "c", "b"),
            record("x", 40.0, "c", "b"));
    FidelityReport report =
        Fidelity.defaults().evaluate(types, seed, List.of(record("x", 5.0, "c", "a")));
    // Even records 0 and 2 against odd records 1 and 3, range 40: record 0 is (10/40 + 0) / 2 =
    // 0.125 from record 1; record 2 is (20/40 + 0) / 2 = 0.25 from record 3.
    FidelityReport.ClosestRecordDistance own = report.seedHalfToHalfDistance();
    assertEquals(2, own.evaluatedRecords());
    assertEquals(2, own.seedRecords());
    assertEquals(0.1875, own.median(), EPS);
    assertEquals(0.13125, own.percentile5(), EPS);
  }

  @Test
  public void aSyntheticSetCopyingATenthOfTheSeedRowsReportsATenth() {
    Map<String, FieldType> types = types("x", FieldType.DOUBLE, "c", FieldType.STRING);
    List<Map<String, Object>> seed = new ArrayList<>();
    List<Map<String, Object>> synthetic = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      seed.add(record("x", (double) i, "c", i % 2 == 0 ? "a" : "b"));
      // Every tenth synthetic record is seed record i; the others are shifted by half a step.
      synthetic.add(record("x", i % 10 == 0 ? i : i + 0.5, "c", i % 2 == 0 ? "a" : "b"));
    }
    FidelityReport report = Fidelity.defaults().evaluate(types, seed, synthetic);
    assertEquals(10, report.exactCopies());
    assertEquals(0.1, report.exactCopyRate(), EPS);
  }
}
