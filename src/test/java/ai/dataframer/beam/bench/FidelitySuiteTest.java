package ai.dataframer.beam.bench;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.eval.ConstraintCheck;
import ai.dataframer.beam.core.eval.ConstraintCheck.ConstraintViolations;
import ai.dataframer.beam.core.eval.KeyCheck;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.testing.ParquetFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The suite's seeds are what FidelitySuite says they are, and files give their rows back. */
public class FidelitySuiteTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final Map<String, Dataset> SUITE = new LinkedHashMap<>();

  @BeforeClass
  public static void buildTheSuite() {
    FidelitySuite.DATASETS.forEach(entry -> SUITE.put(entry.name(), entry.build().get()));
  }

  @Test
  public void nineDatasetsOf600To50000Rows() {
    assertEquals(9, SUITE.size());
    SUITE.forEach(
        (name, dataset) -> {
          assertEquals(name, dataset.name());
          assertThat(
              name,
              dataset.rows().size(),
              allOf(greaterThanOrEqualTo(600), lessThanOrEqualTo(50_000)));
        });
    assertEquals(600, SUITE.get("support_tickets").rows().size());
    assertEquals(50_000, SUITE.get("energy_meters").rows().size());
  }

  @Test
  public void everySeedRowKeepsItsDatasetsConstraints() {
    SUITE.forEach(
        (name, dataset) -> {
          for (ConstraintViolations result :
              ConstraintCheck.check(dataset.constraints(), dataset.rows(), dataset.rows())) {
            assertEquals(name + ": " + result, 0, result.violations());
            assertThat(name + ": " + result, result.checked(), greaterThan(0L));
          }
        });
  }

  @Test
  public void keysAreUniqueInTheSeed() {
    SUITE.forEach(
        (name, dataset) -> {
          for (String key : dataset.keys()) {
            KeyCheck.KeyColumn self = KeyCheck.check(key, "dataset key", List.of(), dataset.rows());
            assertEquals(name + "." + key, 0, self.duplicates());
            assertEquals(name + "." + key, dataset.rows().size(), self.values());
          }
        });
  }

  @Test
  public void theSameGeneratorGivesTheSameRows() {
    assertEquals(SUITE.get("orders").rows(), CommerceSeeds.orders().rows());
    assertEquals(SUITE.get("taxi_trips").rows(), ServiceSeeds.taxiTrips().rows());
  }

  @Test
  public void nullSharesAreInTheDesignedRange() {
    assertNullShare("sensor_readings", "humidity_pct", 15, 25);
    assertNullShare("sensor_readings", "pressure_hpa", 22, 28);
    assertNullShare("customers", "loyalty_tier", 27, 33);
    assertNullShare("customers", "age", 18, 26);
    assertNullShare("taxi_trips", "tip_amount", 22, 28);
    assertNullShare("support_tickets", "satisfaction", 24, 36);
  }

  @Test
  public void productNamesAreAboutThreeHundredMultiWordNamesThatRepeat() {
    Set<Object> names = new HashSet<>();
    SUITE.get("product_sales").rows().forEach(row -> names.add(row.get("product_name")));
    assertThat(names.size(), allOf(greaterThanOrEqualTo(250), lessThanOrEqualTo(300)));
    names.forEach(
        name ->
            assertThat((String) name, ((String) name).split(" ").length, greaterThanOrEqualTo(3)));
  }

  @Test
  public void boxDimensionsMoveTogether() {
    List<Map<String, Object>> rows = SUITE.get("shipments").rows();
    assertThat(correlation(rows, "length_cm", "width_cm"), greaterThan(0.95));
    assertThat(correlation(rows, "width_cm", "height_cm"), greaterThan(0.95));
    assertThat(correlation(rows, "length_cm", "height_cm"), greaterThan(0.95));
  }

  @Test
  public void csvAndParquetFilesGiveTheRowsBack() throws IOException {
    for (String name : List.of("support_tickets", "payments")) {
      Dataset dataset = SUITE.get(name);
      Path file = TMP.getRoot().toPath().resolve(dataset.fileName());
      RecordFiles.write(dataset, file);
      List<Map<String, Object>> read =
          dataset.format() == Dataset.SeedFormat.CSV
              ? RecordFiles.readCsv(file, dataset.columns())
              : ParquetFiles.read(file);
      assertEquals(dataset.rows(), read);
    }
    // A DOUBLE written with its cents reads back as the double.
    Dataset orders = SUITE.get("orders");
    Path file = TMP.getRoot().toPath().resolve(orders.fileName());
    RecordFiles.write(orders, file);
    Map<String, Object> first = RecordFiles.readCsv(file, orders.columns()).get(0);
    assertEquals(
        ((BigDecimal) orders.rows().get(0).get("total")).doubleValue(), first.get("total"));
  }

  private static void assertNullShare(String dataset, String column, double low, double high) {
    List<Map<String, Object>> rows = SUITE.get(dataset).rows();
    double percent =
        100.0 * rows.stream().filter(row -> row.get(column) == null).count() / rows.size();
    assertThat(
        dataset + "." + column, percent, allOf(greaterThanOrEqualTo(low), lessThanOrEqualTo(high)));
  }

  private static double correlation(List<Map<String, Object>> rows, String x, String y) {
    double n = rows.size();
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (Map<String, Object> row : rows) {
      double a = ((BigDecimal) row.get(x)).doubleValue();
      double b = ((BigDecimal) row.get(y)).doubleValue();
      sx += a;
      sy += b;
      sxx += a * a;
      syy += b * b;
      sxy += a * b;
    }
    return (sxy - sx * sy / n) / Math.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
  }

  @Test
  public void aLearnedStrictOrderKeepsTheDesignedNonStrictOne() {
    Constraint designed = new Constraint.Order("resolved_at", ">=", "opened_at");
    assertTrue(DatasetRun.implies(new Constraint.Order("resolved_at", ">", "opened_at"), designed));
    assertTrue(DatasetRun.implies(new Constraint.Order("opened_at", "<", "resolved_at"), designed));
    assertTrue(DatasetRun.implies(designed, designed));
    assertFalse(
        DatasetRun.implies(designed, new Constraint.Order("resolved_at", ">", "opened_at")));
    assertFalse(
        DatasetRun.implies(new Constraint.Order("resolved_at", "<", "opened_at"), designed));
  }

  @Test
  public void chainedRulesKeepTheRuleTheyImply() {
    List<Constraint> learned =
        List.of(
            new Constraint.Determines("city", "country"),
            new Constraint.Determines("country", "region"),
            new Constraint.Order("amount", ">", "net"),
            new Constraint.Order("fee", "<=", "net"));
    assertTrue(DatasetRun.follows(new Constraint.Determines("city", "region"), learned));
    assertFalse(DatasetRun.follows(new Constraint.Determines("region", "city"), learned));
    assertTrue(DatasetRun.follows(new Constraint.Order("amount", ">", "fee"), learned));
    assertTrue(DatasetRun.follows(new Constraint.Order("fee", "<=", "amount"), learned));
    assertFalse(
        "no strict step from fee to net",
        DatasetRun.follows(new Constraint.Order("net", ">", "fee"), learned));
    assertFalse(DatasetRun.follows(new Constraint.Order("fee", ">", "amount"), learned));
  }
}
