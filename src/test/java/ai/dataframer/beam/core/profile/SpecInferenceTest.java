package ai.dataframer.beam.core.profile;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.BeforeClass;
import org.junit.Test;

public class SpecInferenceTest {
  private static List<Map<String, Object>> tickets;
  private static Spec spec;

  @BeforeClass
  public static void inferTickets() {
    tickets = TicketSeeds.records(3000, 42L);
    spec = SpecInference.fromRecords(TicketSeeds.columns(), tickets, InferenceSettings.defaults());
  }

  @Test
  public void theInferredSpecSatisfiesTheValidatorRules() {
    SpecRules.assertValid(spec);
  }

  @Test
  public void findsTheParentOfADependentCategoryAndItsDistributions() {
    PropertyVariation priority = property("priority");
    assertEquals("product", priority.conditional().parent());
    for (int p = 0; p < TicketSeeds.PRODUCTS.size(); p++) {
      Map<String, Double> given =
          priority.conditional().byParentValue().get(TicketSeeds.PRODUCTS.get(p));
      assertEquals(100 * TicketSeeds.LOW_PRIORITY_GIVEN_PRODUCT[p], given.get("low"), 4);
    }
    PropertyVariation product = property("product");
    assertEquals(List.of("laptop", "phone", "headphones"), product.values());
    assertNull(product.conditional());
    for (int p = 0; p < TicketSeeds.PRODUCTS.size(); p++) {
      assertEquals(
          100 * TicketSeeds.PRODUCT_SHARES[p],
          product.baseDistribution().get(product.values().get(p)),
          3);
    }
  }

  @Test
  public void independentCategoriesGetNoParentAndAreNobodysParent() {
    assertNull(property("channel").conditional());
    spec.properties().stream()
        .filter(p -> p.conditional() != null)
        .forEach(p -> assertFalse(p.name(), p.conditional().parent().equals("channel")));
  }

  @Test
  public void aNumericColumnThatCarriesADependencyIsBandedAndBound() {
    PropertyVariation band = property("price_band");
    assertEquals("product", band.conditional().parent());
    assertEquals("price_band", field("price").property());
    assertEquals(Discretisation.binCount(3000), band.values().size());
    // Headphones cost at most 200: their price sits in the lowest band.
    String lowest = band.values().get(0);
    assertThat(band.conditional().byParentValue().get("headphones").get(lowest), greaterThan(90.0));
    assertThat(band.conditional().byParentValue().get("laptop").get(lowest), lessThan(1.0));
  }

  @Test
  public void independentNumbersAreDrawnFromTheirQuantilesAlone() {
    assertFalse(spec.property("score_band").isPresent());
    assertFalse(spec.property("created_band").isPresent());
    RecordField score = field("score");
    assertNull(score.property());
    assertEquals(SpecInference.QUANTILE_COUNT, score.quantiles().size());
    assertEquals(50, score.quantiles().get(16), 3);
  }

  @Test
  public void detectsTextIdentifiersBooleansAndDates() {
    RecordField body = field("body");
    assertNull(body.property());
    assertEquals(5, body.text().minWords());
    assertEquals(40, body.text().maxWords());
    assertEquals(22, body.text().medianWords(), 2);

    RecordField id = field("id");
    assertNull(id.property());
    assertNull(id.text());
    assertTrue(id.quantiles().isEmpty());

    RecordField vip = field("vip");
    assertEquals("vip", vip.property());
    assertEquals(List.of("false", "true", "null"), property("vip").values());
    assertEquals(10, vip.nullablePercent(), 2);
    assertEquals(10, property("vip").baseDistribution().get("null"), 2);

    RecordField created = field("created");
    assertEquals(FieldType.DATE, created.type());
    assertEquals(SpecInference.QUANTILE_COUNT, created.quantiles().size());
    // Extrapolation widens the 366-day range by 5% (19 days) on each side.
    assertEquals(LocalDate.of(2024, 1, 1).toEpochDay() - 19, created.quantiles().get(0), 0);
  }

  @Test
  public void descriptionAndRequirementsDescribeTheColumns() {
    assertThat(spec.description(), containsString("3000 seed rows"));
    String requirements = spec.requirements();
    assertThat(requirements, containsString("- product (string): one of laptop"));
    assertThat(requirements, containsString("- body (string): free text of 5 to 40 words"));
    assertThat(requirements, containsString("- created (date): from 2023-12-13 to"));
    assertThat(requirements, containsString("priority depends on product"));
  }

  @Test
  public void userDescriptionAndObjectivesAreRecorded() {
    Spec described =
        SpecInference.fromRecords(
            TicketSeeds.columns(),
            tickets,
            InferenceSettings.defaults()
                .withDescription("Support tickets")
                .withObjectives("More high priority"));
    assertEquals("Support tickets", described.description());
    assertThat(described.requirements(), containsString("Objectives: More high priority"));
  }

  @Test
  public void withoutDistributionsEveryPropertyIsUniformAndUnconditioned() {
    Spec uniform =
        SpecInference.fromRecords(
            TicketSeeds.columns(),
            tickets,
            InferenceSettings.defaults().withGenerateDistributions(false));
    SpecRules.assertValid(uniform);
    for (PropertyVariation property : uniform.properties()) {
      assertNull(property.name(), property.conditional());
      double expected = 100.0 / property.values().size();
      property
          .baseDistribution()
          .values()
          .forEach(p -> assertEquals(property.name(), expected, p, 0.01));
    }
    assertFalse(uniform.property("price_band").isPresent());
  }

  @Test
  public void withoutConditionalsDistributionsStayEmpirical() {
    Spec flat =
        SpecInference.fromRecords(
            TicketSeeds.columns(),
            tickets,
            InferenceSettings.defaults().withGenerateConditionalDistributions(false));
    SpecRules.assertValid(flat);
    flat.properties().forEach(p -> assertNull(p.name(), p.conditional()));
    assertEquals(
        property("product").baseDistribution(),
        flat.property("product").orElseThrow().baseDistribution());
    assertNull(flat.recordFields().get(3).property());
  }

  @Test
  public void extrapolationWidensRangesByFivePercentAndNeverBelowZero() {
    Spec exact =
        SpecInference.fromRecords(
            TicketSeeds.columns(),
            tickets,
            InferenceSettings.defaults().withExtrapolateValues(false));
    List<Double> seen = exact.recordFields().get(3).quantiles();
    List<Double> widened = field("price").quantiles();
    double margin = 0.05 * (seen.get(32) - seen.get(0));
    // Prices are in cents: the widened ends are the cent inside the 5% margin.
    assertEquals(seen.get(32) + margin, widened.get(32), 0.01);
    assertThat(widened.get(32), lessThanOrEqualTo(seen.get(32) + margin));
    assertEquals(Math.max(0, seen.get(0) - margin), widened.get(0), 0.01);
    assertThat(widened.get(0), greaterThanOrEqualTo(Math.max(0, seen.get(0) - margin)));
    assertEquals(seen.subList(1, 32), widened.subList(1, 32));

    List<String> exactBands = exact.property("price_band").orElseThrow().values();
    List<String> wideBands = property("price_band").values();
    assertThat(lowEnd(wideBands.get(0)), lessThan(lowEnd(exactBands.get(0))));
    assertTrue(lowEnd(wideBands.get(0)) >= 0);
    assertThat(
        highEnd(wideBands.get(wideBands.size() - 1)),
        greaterThan(highEnd(exactBands.get(exactBands.size() - 1))));
    assertEquals(
        exactBands.subList(1, exactBands.size() - 1), wideBands.subList(1, wideBands.size() - 1));
  }

  @Test
  public void extrapolationGoesBelowZeroForColumnsThatAlreadyDo() {
    Map<String, FieldType> columns = Map.of("delta", FieldType.INT);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = -50; i <= 50; i++) {
      records.add(new LinkedHashMap<>(Map.of("delta", i)));
    }
    Spec spec = SpecInference.fromRecords(columns, records, InferenceSettings.defaults());
    assertEquals(-55, spec.recordFields().get(0).quantiles().get(0), 0);
    assertEquals(55, spec.recordFields().get(0).quantiles().get(32), 0);
  }

  @Test
  public void mergeOrderDoesNotChangeTheSpec() {
    List<Map<String, Object>> shuffled = new ArrayList<>(tickets);
    Collections.shuffle(shuffled, new Random(5L));
    TableProfile first = TableProfile.empty(TicketSeeds.columns());
    TableProfile second = TableProfile.empty(TicketSeeds.columns());
    shuffled.subList(0, 1000).forEach(second::add);
    shuffled.subList(1000, 3000).forEach(first::add);
    TableProfile profile = second.merge(first);
    Discretisation discretisation = Discretisation.decide(profile, InferenceSettings.defaults());
    JointCounts left = new JointCounts();
    JointCounts right = new JointCounts();
    shuffled.subList(0, 2500).forEach(r -> left.add(discretisation.encode(r)));
    shuffled.subList(2500, 3000).forEach(r -> right.add(discretisation.encode(r)));
    Spec merged =
        SpecInference.infer(
            profile, discretisation, right.merge(left), InferenceSettings.defaults());
    assertEquals(spec, merged);
  }

  @Test
  public void rareParentValuesAreSmoothedTowardTheBaseDistribution() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("tier", FieldType.STRING);
    columns.put("churned", FieldType.BOOLEAN);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      String tier = i < 300 ? "free" : i < 599 ? "pro" : "gold";
      record.put("tier", tier);
      record.put(
          "churned", tier.equals("free") ? i % 10 < 8 : tier.equals("pro") ? i % 10 < 1 : true);
      records.add(record);
    }
    PropertyVariation churned =
        SpecInference.fromRecords(columns, records, InferenceSettings.defaults())
            .property("churned")
            .orElseThrow();
    assertEquals("tier", churned.conditional().parent());
    Map<String, Double> gold = churned.conditional().byParentValue().get("gold");
    // One gold row (churned) plus 5 pseudo-rows at the base rate (45% churned): (1 + 5 * 0.45) / 6.
    double base = churned.baseDistribution().get("true") / 100;
    assertEquals(100 * (1 + 5 * base) / 6, gold.get("true"), 0.01);
    assertThat(gold.get("false"), greaterThan(0.0));
    Map<String, Double> free = churned.conditional().byParentValue().get("free");
    assertEquals(100 * (240 + 5 * base) / 305, free.get("true"), 0.01);
  }

  @Test
  public void integersWithFewValuesAreCategoriesAndWithManyAreQuantiles() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("stars", FieldType.INT);
    columns.put("age", FieldType.LONG);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("stars", 1 + i % 12);
      record.put("age", i % 13 == 0 ? null : (long) (18 + i % 13));
      records.add(record);
    }
    Spec spec = SpecInference.fromRecords(columns, records, InferenceSettings.defaults());
    SpecRules.assertValid(spec);
    assertEquals("stars", spec.recordFields().get(0).property());
    assertEquals("1", spec.property("stars").orElseThrow().values().get(0));
    assertEquals("12", spec.property("stars").orElseThrow().values().get(11));
    RecordField age = spec.recordFields().get(1);
    assertEquals(100.0 * 19 / 240, age.nullablePercent(), 0.005);
    assertEquals(SpecInference.QUANTILE_COUNT, age.quantiles().size());
  }

  @Test
  public void stringsAreCategoriesOnlyWhenTheirValuesRepeat() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("city", FieldType.STRING);
    columns.put("name", FieldType.STRING);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("city", "city" + (i % 20));
      record.put("name", "person" + (i % 25));
      records.add(record);
    }
    Spec spec = SpecInference.fromRecords(columns, records, InferenceSettings.defaults());
    // 20 distinct in 100 rows repeat 5 times each; 25 distinct repeat only 4 times.
    assertEquals("city", spec.recordFields().get(0).property());
    assertNull(spec.recordFields().get(1).property());
    assertNull(spec.recordFields().get(1).text());
  }

  @Test
  public void dateBandsAreLabelledWithIsoDates() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("season", FieldType.STRING);
    columns.put("day", FieldType.DATE);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      boolean winter = i % 2 == 0;
      record.put("season", winter ? "winter" : "summer");
      record.put("day", LocalDate.of(2024, winter ? 1 : 7, 1).plusDays(i % 60));
      records.add(record);
    }
    Spec spec =
        SpecInference.fromRecords(
            columns, records, InferenceSettings.defaults().withExtrapolateValues(false));
    SpecRules.assertValid(spec);
    PropertyVariation band = spec.property("day_band").orElseThrow();
    assertEquals("day_band", spec.recordFields().get(1).property());
    assertTrue(
        band.values().get(0), band.values().get(0).matches("2024-01-01\\.\\.2024-\\d\\d-\\d\\d"));
    assertTrue(band.values().get(band.values().size() - 1).endsWith("..2024-08-29"));
    assertEquals("season", band.conditional().parent());
  }

  @Test
  public void anEmptySeedIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SpecInference.fromRecords(
                    TicketSeeds.columns(), List.of(), InferenceSettings.defaults()));
    assertThat(e.getMessage(), containsString("the seed has no rows"));
  }

  private static PropertyVariation property(String name) {
    return spec.property(name).orElseThrow(() -> new AssertionError("no property " + name));
  }

  private static RecordField field(String name) {
    RecordField field =
        spec.recordFields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    assertNotNull(field);
    return field;
  }

  private static double lowEnd(String label) {
    return Double.parseDouble(label.substring(0, label.indexOf("..")));
  }

  private static double highEnd(String label) {
    return Double.parseDouble(label.substring(label.indexOf("..") + 2));
  }
}
