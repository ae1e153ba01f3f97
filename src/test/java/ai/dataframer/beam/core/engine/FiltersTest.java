package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.laptopValues;
import static ai.dataframer.beam.core.engine.EngineFixtures.phoneValues;
import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class FiltersTest {
  private final Spec spec = EngineFixtures.spec();
  private final StructuralFilter structural = new StructuralFilter(spec);
  private final ConformanceFilter conformance = new ConformanceFilter(spec);
  private final SamplePlan laptop = plan(0, laptopValues());
  private final SamplePlan phone = plan(1, phoneValues());

  /** A record that passes both filters for the laptop plan. */
  private static Map<String, Object> laptopRecord() {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("order_id", "ORD-12345");
    record.put("product", "laptop");
    record.put("price", 2000.0);
    record.put("stars", 4);
    record.put("rating", 2);
    record.put("created", LocalDate.parse("2024-03-01"));
    record.put("fee", new BigDecimal("4.50"));
    record.put("qty", 1);
    record.put("discount", null);
    record.put("gift", false);
    record.put("channel", "web");
    record.put("body", "The laptop screen is bright.");
    return record;
  }

  @Test
  public void aGoodRecordPassesBoth() {
    assertThat(structural.check(laptop, laptopRecord()), empty());
    assertThat(conformance.check(laptop, laptopRecord()), empty());
  }

  @Test
  public void structuralCatchesAMissingField() {
    Map<String, Object> record = laptopRecord();
    record.remove("qty");
    assertThat(structural.check(laptop, record), contains("field 'qty' is missing"));
  }

  @Test
  public void structuralCatchesAnUnknownField() {
    Map<String, Object> record = laptopRecord();
    record.put("colour", "red");
    assertThat(
        structural.check(laptop, record),
        contains("field 'colour' is not in the spec's record_fields"));
  }

  @Test
  public void structuralCatchesAValueOfTheWrongType() {
    Map<String, Object> record = laptopRecord();
    record.put("qty", "one");
    assertThat(
        structural.check(laptop, record),
        contains("field 'qty' holds a String (one), expected a int value (Integer)"));
  }

  @Test
  public void structuralCatchesANullInANonNullableField() {
    Map<String, Object> record = laptopRecord();
    record.put("qty", null);
    assertThat(
        structural.check(laptop, record), contains("field 'qty' is null, but it is not nullable"));
  }

  @Test
  public void structuralAllowsNullWhereNullableOrBoundToNull() {
    Map<String, Object> record = laptopRecord();
    record.put("created", null);
    assertThat(
        "created is bound to period=2024-01-01..2024-07-01",
        structural.check(laptop, record),
        contains("field 'created' is null, but it is not nullable"));
    assertThat("period=null allows it", structural.check(phone, record), empty());
  }

  @Test
  public void structuralCatchesTheWrongDecimalScale() {
    Map<String, Object> record = laptopRecord();
    record.put("fee", new BigDecimal("4.5"));
    assertThat(
        structural.check(laptop, record),
        contains("field 'fee' has decimal scale 1 (4.5), expected scale 2"));
  }

  @Test
  public void structuralCatchesEmptyText() {
    Map<String, Object> record = laptopRecord();
    record.put("body", "  ");
    assertThat(structural.check(laptop, record), contains("field 'body' is free text but empty"));
  }

  @Test
  public void conformanceCatchesAnExactValueMismatch() {
    Map<String, Object> record = laptopRecord();
    record.put("product", "phone");
    assertThat(
        conformance.check(laptop, record),
        contains("field 'product' is phone, but property 'product' is 'laptop' in the plan"));
  }

  @Test
  public void conformanceComparesDecimalsByValue() {
    Map<String, Object> record = laptopRecord();
    record.put("fee", new BigDecimal("4.5000"));
    assertThat(conformance.check(laptop, record), empty());
    record.put("fee", new BigDecimal("0.00"));
    assertThat(conformance.check(laptop, record), hasItem(containsString("field 'fee' is 0.00")));
  }

  @Test
  public void conformanceCatchesValuesOutsideTheRangeWithTheUpperEndExcludedExceptLast() {
    Map<String, Object> record = laptopRecord();
    record.put("rating", 3);
    assertThat(
        conformance.check(laptop, record),
        contains("field 'rating' is 3, but property 'rating_band' is '1..3' in the plan"));
    record.put("rating", 2);
    record.put("price", 2000.5);
    assertThat(
        conformance.check(laptop, record), hasItem(containsString("field 'price' is 2000.5")));
    record.put("price", 499.0);
    assertThat(
        conformance.check(laptop, record), hasItem(containsString("field 'price' is 499.0")));
    record.put("price", 2000.0);
    assertThat("the last range includes its upper end", conformance.check(laptop, record), empty());
  }

  @Test
  public void conformanceCatchesAValueWhereThePlanSaysNull() {
    Map<String, Object> record = laptopRecord();
    record.put("product", "phone");
    record.put("price", 300.0);
    record.put("stars", 2);
    record.put("rating", 5);
    record.put("fee", new BigDecimal("0.00"));
    assertThat(
        conformance.check(phone, record),
        contains("field 'created' is 2024-03-01, but property 'period' is 'null' in the plan"));
    record.put("created", null);
    assertThat(conformance.check(phone, record), empty());
  }

  @Test
  public void conformanceReportsAPlanValueThatDoesNotParse() {
    Map<String, String> values = laptopValues();
    values.put("stars", "four");
    List<String> reasons = conformance.check(plan(0, values), laptopRecord());
    assertEquals(1, reasons.size());
    assertThat(reasons.get(0), containsString("property 'stars' value 'four' for field 'stars'"));
  }

  @Test
  public void exactCopyFilterRejectsSeedRecordsOnly() {
    Map<String, Object> seed = laptopRecord();
    ExactCopyFilter filter = new ExactCopyFilter(FingerprintSet.ofRecords(List.of(seed)));
    assertThat(filter.check(laptop, seed).get(0), containsString("exact copy of a seed record"));
    Map<String, Object> other = laptopRecord();
    other.put("qty", 2);
    assertThat(filter.check(laptop, other), empty());
  }
}
