package ai.dataframer.beam.core.eval;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.eval.ConstraintCheck.ConstraintViolations;
import ai.dataframer.beam.core.spec.Constraint;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ConstraintCheckTest {
  @Test
  public void orderIsCheckedWhereBothSidesHaveValues() {
    Constraint order = new Constraint.Order("closed_at", ">=", "opened_at");
    List<Map<String, Object>> synthetic =
        List.of(
            record("opened_at", at("08:00:00"), "closed_at", at("09:30:00")),
            record("opened_at", at("08:00:00"), "closed_at", at("07:59:59")),
            record("opened_at", at("08:00:00"), "closed_at", null));
    assertEquals(
        List.of(
            new ConstraintViolations(
                "closed_at >= opened_at",
                "order",
                2,
                1,
                "closed_at=2024-05-01T07:59:59Z, opened_at=2024-05-01T08:00:00Z")),
        ConstraintCheck.check(List.of(order), List.of(), synthetic));
  }

  @Test
  public void ordersCompareDatesAndNumbersToo() {
    Constraint dates = new Constraint.Order("shipped", "<", "delivered");
    Constraint numbers = new Constraint.Order("max_temp", ">=", "min_temp");
    List<Map<String, Object>> synthetic =
        List.of(
            record(
                "shipped",
                LocalDate.parse("2024-05-01"),
                "delivered",
                LocalDate.parse("2024-05-01"),
                "max_temp",
                12,
                "min_temp",
                11.5));
    List<ConstraintViolations> results =
        ConstraintCheck.check(List.of(dates, numbers), List.of(), synthetic);
    assertEquals(1, results.get(0).violations());
    assertEquals(0, results.get(1).violations());
  }

  @Test
  public void sumHoldsWithinItsToleranceAndSkipsRecordsWithAMissingPart() {
    Constraint sum = new Constraint.Sum("total", List.of("subtotal", "tax", "shipping"), 0.01);
    List<Map<String, Object>> synthetic =
        List.of(
            sumRecord(10.00, 8.0, new BigDecimal("1.50"), 0.5),
            sumRecord(10.01, 8.0, new BigDecimal("1.50"), 0.5), // off by 0.01: within
            sumRecord(10.02, 8.0, new BigDecimal("1.50"), 0.5), // off by 0.02: broken
            sumRecord(10.00, 8L, null, 0.5)); // a part is missing: not checked
    assertEquals(
        List.of(
            new ConstraintViolations(
                "total = subtotal + tax + shipping (± 0.01)",
                "sum",
                3,
                1,
                "total=10.02, subtotal=8.0, tax=1.50, shipping=0.5")),
        ConstraintCheck.check(List.of(sum), List.of(), synthetic));
  }

  @Test
  public void sumAtZeroToleranceForgivesDoubleRounding() {
    Constraint sum = new Constraint.Sum("c", List.of("a", "b"), 0.0);
    // 0.1 + 0.2 is 0.30000000000000004 in doubles.
    assertEquals(
        0,
        ConstraintCheck.check(
                List.of(sum), List.of(), List.of(record("a", 0.1, "b", 0.2, "c", 0.3)))
            .get(0)
            .violations());
  }

  @Test
  public void determinesFollowsTheSeedsMappingForValuesTheSeedHas() {
    Constraint determines = new Constraint.Determines("city", "country");
    List<Map<String, Object>> seed =
        List.of(
            record("city", "Paris", "country", "France"),
            record("city", "Lyon", "country", "France"),
            record("city", "Porto", "country", "Portugal"));
    List<Map<String, Object>> synthetic =
        List.of(
            record("city", "Paris", "country", "France"),
            record("city", "Porto", "country", "France"), // broken
            record("city", "Berlin", "country", "Germany"), // the seed has no Berlin
            record("city", null, "country", "France"), // no city: not checked
            record("city", "Lyon", "country", null)); // broken: Lyon is in France
    assertEquals(
        List.of(
            new ConstraintViolations(
                "city -> country", "determines", 3, 2, "city=Porto, country=France")),
        ConstraintCheck.check(List.of(determines), seed, synthetic));
  }

  @Test
  public void determinesComparesNumbersByValue() {
    Constraint determines = new Constraint.Determines("zone", "rate");
    List<Map<String, Object>> seed = List.of(record("zone", 3, "rate", 0.25));
    List<Map<String, Object>> synthetic =
        List.of(
            record("zone", 3L, "rate", new BigDecimal("0.250")), record("zone", 3L, "rate", 0.3));
    assertEquals(
        1, ConstraintCheck.check(List.of(determines), seed, synthetic).get(0).violations());
  }

  private static Instant at(String time) {
    return Instant.parse("2024-05-01T" + time + "Z");
  }

  private static Map<String, Object> sumRecord(
      Object total, Object subtotal, Object tax, Object shipping) {
    return record("total", total, "subtotal", subtotal, "tax", tax, "shipping", shipping);
  }

  static Map<String, Object> record(Object... namesAndValues) {
    Map<String, Object> record = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      record.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return record;
  }
}
