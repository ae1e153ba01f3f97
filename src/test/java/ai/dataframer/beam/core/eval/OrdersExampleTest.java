package ai.dataframer.beam.core.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The bundled example seed has the shape and the dependencies examples/orders/README.md promises.
 */
public class OrdersExampleTest {
  private static List<Map<String, Object>> orders;

  @BeforeClass
  public static void readOrders() throws IOException {
    orders = OrdersExample.read();
  }

  @Test
  public void hasFourHundredOrdersWithUniqueIdsAndSomeNulls() {
    assertEquals(400, orders.size());
    assertEquals(400, orders.stream().map(o -> o.get("order_id")).distinct().count());
    assertTrue(orders.stream().allMatch(o -> ((String) o.get("order_id")).matches("ORD-\\d{5}")));
    long missingDiscounts = orders.stream().filter(o -> o.get("discount_pct") == null).count();
    long missingReviews = orders.stream().filter(o -> o.get("review") == null).count();
    assertThat(missingDiscounts, greaterThan(0L));
    assertThat(missingDiscounts, lessThan(40L));
    assertThat(missingReviews, greaterThan(0L));
    assertThat(missingReviews, lessThan(80L));
    for (Map<String, Object> order : orders) {
      if (order.get("review") != null) {
        int words = ((String) order.get("review")).split("\\s+").length;
        assertTrue(
            "review of " + order.get("order_id") + " has " + words + " words",
            words >= 5 && words <= 30);
      }
      int quantity = (Integer) order.get("quantity");
      assertTrue("quantity of " + order.get("order_id"), quantity >= 1 && quantity <= 6);
    }
  }

  @Test
  public void unitPriceDependsOnCategory() {
    double electronics =
        median(orders, "unit_price", o -> o.get("product_category").equals("electronics"));
    double books = median(orders, "unit_price", o -> o.get("product_category").equals("books"));
    assertThat(electronics, greaterThan(5 * books));
  }

  @Test
  public void deliveryIsFasterWithExpressShippingWhichDependsOnRegion() {
    double express = mean(orders, "delivery_days", o -> o.get("express_shipping").equals(true));
    double standard = mean(orders, "delivery_days", o -> o.get("express_shipping").equals(false));
    assertThat(standard - express, greaterThan(2.0));
    assertThat(
        share(o -> o.get("express_shipping").equals(true), o -> o.get("region").equals("North")),
        greaterThan(
            share(o -> o.get("express_shipping").equals(true), o -> o.get("region").equals("South"))
                + 0.3));
  }

  @Test
  public void ratingFallsWithDeliveryTimeAndDiscountDependsOnChannel() {
    double fast = mean(orders, "customer_rating", o -> (Integer) o.get("delivery_days") <= 2);
    double slow = mean(orders, "customer_rating", o -> (Integer) o.get("delivery_days") >= 7);
    assertThat(fast - slow, greaterThan(1.5));
    double mobile = mean(orders, "discount_pct", o -> o.get("channel").equals("mobile"));
    double store = mean(orders, "discount_pct", o -> o.get("channel").equals("store"));
    assertThat(mobile - store, greaterThan(5.0));
  }

  @Test
  public void reviewWordingDependsOnRating() {
    Set<String> praise = openingSentences(o -> Objects.equals(o.get("customer_rating"), 5));
    Set<String> complaints = openingSentences(o -> (Integer) o.get("customer_rating") <= 2);
    assertThat(praise.size(), greaterThan(1));
    assertThat(complaints.size(), greaterThan(1));
    Set<String> shared = new HashSet<>(praise);
    shared.retainAll(complaints);
    assertEquals(Set.of(), shared);
  }

  @Test
  public void excludesTheIdAndTheFreeTextAndScoresTheRest() {
    FidelityReport report = Fidelity.defaults().evaluate(OrdersExample.TYPES, orders, orders);
    assertEquals(
        List.of("order_id", "review"),
        report.excludedColumns().stream()
            .map(FidelityReport.ExcludedColumn::column)
            .collect(Collectors.toList()));
    assertThat(report.excludedColumns().get(1).reason(), startsWith("free text"));
    assertEquals(10, report.columnShapes().size());
    assertEquals(45, report.pairTrends().size());
    assertEquals(1.0, report.meanPairTrend(), 1e-12);
  }

  @Test
  public void shuffledBaselineKeepsShapesAndBreaksTheDependencies() {
    List<Map<String, Object>> baseline = Fidelity.columnShuffledBaseline(orders, 7L);
    FidelityReport report = Fidelity.defaults().evaluate(OrdersExample.TYPES, orders, baseline);
    report.columnShapes().forEach(shape -> assertEquals(shape.column(), 1.0, shape.score(), 1e-12));
    assertThat(report.meanPairTrend(), lessThan(0.97));
    for (List<String> dependency :
        List.of(
            List.of("express_shipping", "delivery_days"),
            List.of("product_category", "unit_price"),
            List.of("channel", "discount_pct"),
            List.of("delivery_days", "customer_rating"))) {
      double score = pairScore(report, dependency.get(0), dependency.get(1));
      assertThat(dependency + " scored " + score, score, lessThan(0.8));
    }
    assertEquals(0, report.exactCopies());
    assertThat(report.distanceToClosestRecord().percentile5(), greaterThan(0.0));
  }

  @Test
  public void shuffledBaselineIsDeterministicAndKeepsEveryColumnsValues() {
    List<Map<String, Object>> first = Fidelity.columnShuffledBaseline(orders, 7L);
    assertEquals(first, Fidelity.columnShuffledBaseline(orders, 7L));
    assertNotEquals(first, Fidelity.columnShuffledBaseline(orders, 8L));
    assertNotEquals(orders, first);
    assertEquals(List.copyOf(OrdersExample.TYPES.keySet()), List.copyOf(first.get(0).keySet()));
    for (String column : OrdersExample.TYPES.keySet()) {
      assertEquals(column, sortedValues(orders, column), sortedValues(first, column));
    }
  }

  @Test
  public void shuffledBaselineRejectsRecordsWithDifferentColumns() {
    List<Map<String, Object>> mixed = List.of(Map.of("a", 1), Map.of("b", 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Fidelity.columnShuffledBaseline(mixed, 1L));
    assertEquals(
        "record 1 has columns [b], but record 0 has [a]; a shuffle needs the same columns in every record",
        e.getMessage());
  }

  private static double pairScore(FidelityReport report, String a, String b) {
    return report.pairTrends().stream()
        .filter(
            p ->
                (p.left().equals(a) && p.right().equals(b))
                    || (p.left().equals(b) && p.right().equals(a)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pair " + a + " ~ " + b))
        .score();
  }

  private static List<String> sortedValues(List<Map<String, Object>> records, String column) {
    return records.stream()
        .map(r -> String.valueOf(r.get(column)))
        .sorted()
        .collect(Collectors.toList());
  }

  private static Set<String> openingSentences(Predicate<Map<String, Object>> which) {
    return orders.stream()
        .filter(o -> o.get("review") != null && which.test(o))
        .map(o -> ((String) o.get("review")).split("\\.")[0])
        .collect(Collectors.toSet());
  }

  private static double share(
      Predicate<Map<String, Object>> event, Predicate<Map<String, Object>> given) {
    List<Map<String, Object>> subset = orders.stream().filter(given).collect(Collectors.toList());
    return subset.stream().filter(event).count() / (double) subset.size();
  }

  private static double mean(
      List<Map<String, Object>> records, String column, Predicate<Map<String, Object>> which) {
    return values(records, column, which).average().orElseThrow();
  }

  private static double median(
      List<Map<String, Object>> records, String column, Predicate<Map<String, Object>> which) {
    double[] sorted = values(records, column, which).sorted().toArray();
    return Statistics.quantile(sorted, 0.5);
  }

  private static DoubleStream values(
      List<Map<String, Object>> records, String column, Predicate<Map<String, Object>> which) {
    return records.stream()
        .filter(which)
        .map(r -> r.get(column))
        .filter(Objects::nonNull)
        .mapToDouble(v -> ((Number) v).doubleValue());
  }
}
