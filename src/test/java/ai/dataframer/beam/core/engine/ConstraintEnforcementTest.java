package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static ai.dataframer.beam.core.engine.EngineFixtures.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * The engine keeps the spec's constraints on hand-written specs: whichever of a pair the plan
 * binds, and only those constraints the spec states (a user's edits decide).
 */
public class ConstraintEnforcementTest {
  private static final long DAY = 86_400_000L;
  private static final Instant JANUARY = Instant.parse("2024-01-01T00:00:00Z");

  /** Fields: start and end (days of January), parts a and b and their total, city and country. */
  private static List<RecordField> fields(String totalProperty, String countryProperty) {
    List<Double> january = List.of(0.0, 10.0 * DAY, 20.0 * DAY, 31.0 * DAY);
    List<Double> hundred = List.of(0.0, 25.0, 50.0, 75.0, 100.0);
    List<RecordField> fields = new ArrayList<>();
    fields.add(timestamp("start", january));
    fields.add(timestamp("end", january));
    fields.add(money("a", null, hundred));
    fields.add(money("b", null, hundred));
    fields.add(money("total", totalProperty, List.of(0.0, 100.0, 200.0)));
    fields.add(new RecordField("city", FieldType.STRING, null, 0, List.of(), null, null));
    fields.add(
        new RecordField("country", FieldType.STRING, countryProperty, 0, List.of(), null, null));
    return fields;
  }

  private static RecordField timestamp(String name, List<Double> quantiles) {
    List<Double> shifted = quantiles.stream().map(q -> q + JANUARY.toEpochMilli()).toList();
    return new RecordField(name, FieldType.TIMESTAMP, null, 0, shifted, null, null);
  }

  private static RecordField money(String name, String property, List<Double> quantiles) {
    return new RecordField(name, FieldType.DECIMAL, property, 0, quantiles, null, 2);
  }

  /** 300 seed rows; Madrid is the only Spanish city, in 3 rows (too few to match a plan on). */
  private static List<Map<String, Object>> seeds() {
    SplittableRandom random = new SplittableRandom(3L);
    List<String> cities = List.of("Paris", "Lyon", "Berlin", "Munich");
    List<String> countries = List.of("France", "France", "Germany", "Germany");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long start = JANUARY.toEpochMilli() + random.nextLong(30 * DAY);
      BigDecimal a = BigDecimal.valueOf(random.nextInt(10_000), 2);
      BigDecimal b = BigDecimal.valueOf(random.nextInt(10_000), 2);
      int city = random.nextInt(cities.size());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("start", Instant.ofEpochMilli(start));
      row.put("end", Instant.ofEpochMilli(start + random.nextLong(DAY)));
      row.put("a", a);
      row.put("b", b);
      row.put("total", a.add(b));
      row.put("city", i < 3 ? "Madrid" : cities.get(city));
      row.put("country", i < 3 ? "Spain" : countries.get(city));
      rows.add(row);
    }
    return rows;
  }

  private static Spec spec(List<PropertyVariation> properties, List<RecordField> fields) {
    return new Spec("orders", "", properties, fields);
  }

  private static EmbeddedEngine engine(Spec spec) {
    return new EmbeddedEngine(spec, seeds(), fingerprint -> false);
  }

  @Test
  public void withoutTheConstraintsIndependentDrawsBreakThem() {
    EmbeddedEngine engine = engine(spec(List.of(), fields(null, null)));
    int endBeforeStart = 0;
    int wrongTotal = 0;
    int wrongCountry = 0;
    for (int i = 0; i < 1000; i++) {
      Map<String, Object> record = engine.draft(plan(i, Map.of()), 1);
      endBeforeStart += instant(record, "end").isBefore(instant(record, "start")) ? 1 : 0;
      wrongTotal += sumOf(record).compareTo((BigDecimal) record.get("total")) != 0 ? 1 : 0;
      wrongCountry += !country(record.get("city")).equals(record.get("country")) ? 1 : 0;
    }
    assertThat(endBeforeStart, greaterThan(300));
    assertThat(wrongTotal, greaterThan(900));
    assertThat(wrongCountry, greaterThan(300));
  }

  @Test
  public void addedConstraintsAreKeptByEveryDraftAndEndsFollowTheSeedsGaps() {
    List<Constraint> added =
        List.of(
            new Constraint.Order("end", ">=", "start"),
            new Constraint.Sum("total", List.of("a", "b"), 0.01),
            new Constraint.Determines("city", "country"));
    Spec plain = spec(List.of(), fields(null, null));
    EmbeddedEngine free = engine(plain);
    EmbeddedEngine kept = engine(plain.withConstraints(added));
    ConstraintFilter filter = new ConstraintFilter(plain.withConstraints(added), seeds());
    int unchanged = 0;
    for (int i = 0; i < 2000; i++) {
      SamplePlan plan = plan(i, Map.of());
      Map<String, Object> before = free.draft(plan, 1);
      Map<String, Object> record = kept.draft(plan, 1);
      assertThat(filter.check(plan, record), empty());
      assertTrue(!instant(record, "end").isBefore(instant(record, "start")));
      assertEquals(sumOf(record), record.get("total"));
      assertEquals(country(record.get("city")), record.get("country"));
      // The draws a mended field does not need are the same: a and b, start, the city.
      assertEquals(before.get("a"), record.get("a"));
      assertEquals(before.get("city"), record.get("city"));
      // The end follows the start as the seed rows relate them: within a day of it.
      long gap = instant(record, "end").toEpochMilli() - instant(record, "start").toEpochMilli();
      assertTrue(gap + " ms after the start", gap >= 0 && gap < DAY);
      unchanged += before.get("start").equals(record.get("start")) ? 1 : 0;
    }
    assertEquals("the start, settled first, is never moved", 2000, unchanged);
  }

  @Test
  public void aCountryThePlanFixesGetsACityOfItsOwn() {
    PropertyVariation country = EngineFixtures.property("country", "France", "Germany", "Spain");
    Spec spec =
        spec(List.of(country), fields(null, "country"))
            .withConstraints(List.of(new Constraint.Determines("city", "country")));
    EmbeddedEngine engine = engine(spec);
    for (int i = 0; i < 300; i++) {
      // Spain has three seed rows: too few to draw the city from them, so it is mended.
      Map<String, Object> record = engine.draft(plan(i, values("country", "Spain")), 1);
      assertEquals("Spain", record.get("country"));
      assertEquals("Madrid", record.get("city"));
      Map<String, Object> german = engine.draft(plan(i, values("country", "Germany")), 1);
      assertThat(german.get("city"), oneOf("Berlin", "Munich"));
    }
  }

  @Test
  public void aTotalThePlanBindsMovesAPart() {
    PropertyVariation band = EngineFixtures.property("total_band", "0..50", "50..120", "120..200");
    Spec spec =
        spec(List.of(band), fields("total_band", null))
            .withConstraints(List.of(new Constraint.Sum("total", List.of("a", "b"), 0.01)));
    EmbeddedEngine engine = engine(spec);
    ConformanceFilter conformance = new ConformanceFilter(spec);
    int kept = 0;
    for (int i = 0; i < 1000; i++) {
      SamplePlan plan = plan(i, values("total_band", i % 2 == 0 ? "0..50" : "120..200"));
      Map<String, Object> record = engine.draft(plan, 1);
      if (conformance.check(plan, record).isEmpty()
          && sumOf(record).compareTo((BigDecimal) record.get("total")) == 0) {
        kept++;
      }
    }
    // b moves so that a + b lands in the band, unless that takes b out of its 0..100 model.
    assertThat(kept, greaterThan(850));
  }

  @Test
  public void anEndIsKeptInsideTheBandThePlanBindsItTo() {
    PropertyVariation band =
        EngineFixtures.property(
            "end_band",
            "2024-01-01T00:00:00Z..2024-01-11T00:00:00Z",
            "2024-01-11T00:00:00Z..2024-02-01T00:00:00Z");
    List<RecordField> fields = new ArrayList<>(fields(null, null));
    fields.set(1, fields.get(1).withProperty("end_band"));
    Spec spec =
        spec(List.of(band), fields)
            .withConstraints(List.of(new Constraint.Order("end", ">", "start")));
    EmbeddedEngine engine = engine(spec);
    ConformanceFilter conformance = new ConformanceFilter(spec);
    int mended = 0;
    for (int i = 0; i < 1000; i++) {
      SamplePlan plan = plan(i, values("end_band", band.values().get(i % 2)));
      Map<String, Object> record = engine.draft(plan, 1);
      assertThat(conformance.check(plan, record), empty());
      assertTrue(plan + " " + record, instant(record, "end").isAfter(instant(record, "start")));
      mended++;
    }
    assertEquals(1000, mended);
  }

  @Test
  public void theSameRecordWhateverOrderTheSeedsComeIn() {
    Spec spec =
        spec(List.of(), fields(null, null))
            .withConstraints(
                List.of(
                    new Constraint.Order("end", ">=", "start"),
                    new Constraint.Determines("city", "country")));
    List<Map<String, Object>> shuffled = new ArrayList<>(seeds());
    Collections.shuffle(shuffled, new java.util.Random(1L));
    EmbeddedEngine one = engine(spec);
    EmbeddedEngine other = new EmbeddedEngine(spec, shuffled, fingerprint -> false);
    for (int i = 0; i < 500; i++) {
      assertEquals(one.draft(plan(i, Map.of()), 2), other.draft(plan(i, Map.of()), 2));
    }
  }

  private static Instant instant(Map<String, Object> record, String name) {
    return (Instant) record.get(name);
  }

  private static BigDecimal sumOf(Map<String, Object> record) {
    return ((BigDecimal) record.get("a")).add((BigDecimal) record.get("b"));
  }

  private static String country(Object city) {
    switch ((String) city) {
      case "Paris":
      case "Lyon":
        return "France";
      case "Madrid":
        return "Spain";
      default:
        return "Germany";
    }
  }
}
