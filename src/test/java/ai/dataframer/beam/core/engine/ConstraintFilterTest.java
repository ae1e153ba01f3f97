package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ConstraintFilterTest {
  private static final List<Constraint> CONSTRAINTS =
      List.of(
          new Constraint.Order("closed_at", ">=", "opened_at"),
          new Constraint.Order("low", "<", "high"),
          new Constraint.Order("due", ">", "issued"),
          new Constraint.Sum("total", List.of("subtotal", "tax", "shipping"), 0.01),
          new Constraint.Determines("city", "country"));
  private final SamplePlan plan = plan(0, Map.of());

  private static Spec spec(List<Constraint> constraints) {
    List<RecordField> fields = new ArrayList<>();
    fields.add(field("opened_at", FieldType.TIMESTAMP));
    fields.add(field("closed_at", FieldType.TIMESTAMP));
    fields.add(field("low", FieldType.INT));
    fields.add(field("high", FieldType.DOUBLE));
    fields.add(field("issued", FieldType.DATE));
    fields.add(field("due", FieldType.DATE));
    for (String name : List.of("subtotal", "tax", "shipping", "total")) {
      fields.add(new RecordField(name, FieldType.DECIMAL, null, 10, List.of(), null, 2));
    }
    fields.add(field("city", FieldType.STRING));
    fields.add(field("country", FieldType.STRING));
    return new Spec("orders", "", List.of(), fields, constraints);
  }

  private static RecordField field(String name, FieldType type) {
    return new RecordField(name, type, null, 10, List.of(), null, null);
  }

  private static List<Map<String, Object>> seeds() {
    List<Map<String, Object>> seeds = new ArrayList<>();
    seeds.add(Map.of("city", "Paris", "country", "France"));
    seeds.add(Map.of("city", "Paris", "country", "France"));
    seeds.add(Map.of("city", "Lyon", "country", "France"));
    seeds.add(Map.of("city", "Berlin", "country", "Germany"));
    return seeds;
  }

  private static Map<String, Object> good() {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("opened_at", Instant.parse("2024-01-02T00:00:00Z"));
    record.put("closed_at", Instant.parse("2024-01-02T00:00:00Z"));
    record.put("low", 3);
    record.put("high", 3.5);
    record.put("issued", LocalDate.parse("2024-01-01"));
    record.put("due", LocalDate.parse("2024-01-31"));
    record.put("subtotal", new BigDecimal("100.00"));
    record.put("tax", new BigDecimal("8.00"));
    record.put("shipping", new BigDecimal("4.99"));
    record.put("total", new BigDecimal("112.99"));
    record.put("city", "Paris");
    record.put("country", "France");
    return record;
  }

  private final ConstraintFilter filter = new ConstraintFilter(spec(CONSTRAINTS), seeds());

  @Test
  public void aRecordKeepingEveryConstraintPasses() {
    assertThat(filter.check(plan, good()), empty());
  }

  @Test
  public void anEndBeforeItsStartIsNamedWithBothValues() {
    Map<String, Object> record = good();
    record.put("opened_at", Instant.parse("2024-01-03T00:00:00Z"));
    record.put("closed_at", Instant.parse("2024-01-02T00:00:00Z"));
    assertThat(
        filter.check(plan, record),
        contains(
            "closed_at 2024-01-02T00:00:00Z is before opened_at 2024-01-03T00:00:00Z"
                + " (constraint order closed_at >= opened_at)"));
  }

  @Test
  public void strictAndReversedOrdersReadAsTheyAreBroken() {
    Map<String, Object> record = good();
    record.put("low", 4);
    record.put("due", LocalDate.parse("2024-01-01"));
    assertThat(
        filter.check(plan, record),
        contains(
            "low 4 is not below high 3.5 (constraint order low < high)",
            "due 2024-01-01 is not after issued 2024-01-01 (constraint order due > issued)"));
  }

  @Test
  public void aTotalOffByMoreThanItsToleranceIsNamedWithItsParts() {
    Map<String, Object> record = good();
    record.put("total", new BigDecimal("113.01"));
    assertThat(
        filter.check(plan, record),
        contains(
            "total 113.01 is not subtotal + tax + shipping = 100.00 + 8.00 + 4.99 = 112.99"
                + " within 0.01 (constraint sum total = subtotal + tax + shipping)"));
    record.put("total", new BigDecimal("113.00"));
    assertThat("a cent of rounding is within the tolerance", filter.check(plan, record), empty());
  }

  @Test
  public void aCountryThatIsNotTheCitysOwnIsNamedWithTheSeedsOne() {
    Map<String, Object> record = good();
    record.put("country", "Germany");
    assertThat(
        filter.check(plan, record),
        contains(
            "country Germany does not go with city Paris, which the seed shows with France"
                + " (constraint determines city -> country)"));
  }

  @Test
  public void nullsAndCitiesTheSeedNeverShowedAreNotChecked() {
    Map<String, Object> record = good();
    record.put("city", "Atlantis");
    record.put("country", "Germany");
    record.put("opened_at", null);
    record.put("tax", null);
    record.put("total", new BigDecimal("1.00"));
    assertThat(filter.check(plan, record), empty());
  }

  @Test
  public void aDeletedConstraintIsNoLongerChecked() {
    Map<String, Object> record = good();
    record.put("opened_at", Instant.parse("2024-01-03T00:00:00Z"));
    record.put("country", "Germany");
    assertThat(filter.check(plan, record), hasSize(2));
    List<Constraint> fewer = new ArrayList<>(CONSTRAINTS);
    fewer.remove(new Constraint.Order("closed_at", ">=", "opened_at"));
    fewer.remove(new Constraint.Determines("city", "country"));
    assertThat(new ConstraintFilter(spec(fewer), seeds()).check(plan, record), empty());
  }
}
