package ai.dataframer.beam.core.plan;

import ai.dataframer.beam.core.spec.ConditionalDistribution;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The support-ticket spec of docs/ARCHITECTURE.md section 4, and chi-square checks of drawn
 * frequencies.
 */
public final class PlanFixtures {
  /** Upper 0.1% points of the chi-square distribution for 1..4 degrees of freedom. */
  private static final double[] CHI_SQUARE_999 = {10.828, 13.816, 16.266, 18.467};

  private PlanFixtures() {}

  public static final Map<String, Double> PRODUCT_BASE =
      ordered("laptop", 50.0, "phone", 30.0, "headphones", 20.0);
  public static final Map<String, Double> PRIORITY_BASE = ordered("low", 70.0, "high", 30.0);
  public static final Map<String, Map<String, Double>> PRIORITY_GIVEN_PRODUCT =
      Map.of(
          "laptop", ordered("low", 60.0, "high", 40.0),
          "phone", ordered("low", 80.0, "high", 20.0),
          "headphones", ordered("low", 90.0, "high", 10.0));

  /** Child listed before its parent, so the planner must reorder. */
  public static Spec ticketSpec() {
    return spec(true);
  }

  /** The same spec with priority's conditional distributions removed. */
  public static Spec ticketSpecWithoutConditionals() {
    return spec(false);
  }

  private static Spec spec(boolean withConditionals) {
    Map<String, Map<String, Double>> byProduct = new LinkedHashMap<>();
    for (String product : List.of("laptop", "phone", "headphones")) {
      byProduct.put(product, PRIORITY_GIVEN_PRODUCT.get(product));
    }
    PropertyVariation priority =
        new PropertyVariation(
            "priority",
            List.of("low", "high"),
            PRIORITY_BASE,
            withConditionals ? new ConditionalDistribution("product", byProduct) : null);
    PropertyVariation product =
        new PropertyVariation(
            "product", List.of("laptop", "phone", "headphones"), PRODUCT_BASE, null);
    return new Spec(
        "Support tickets",
        "Each ticket has a priority and a product.",
        List.of(priority, product),
        List.of());
  }

  public static Map<String, Double> ordered(Object... valueThenPercent) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < valueThenPercent.length; i += 2) {
      map.put((String) valueThenPercent[i], (Double) valueThenPercent[i + 1]);
    }
    return map;
  }

  /** Pearson's statistic of observed counts against expected percentages. */
  public static double chiSquare(Map<String, Long> observed, Map<String, Double> expectedPercent) {
    long total = observed.values().stream().mapToLong(Long::longValue).sum();
    double percentTotal = expectedPercent.values().stream().mapToDouble(Double::doubleValue).sum();
    double statistic = 0;
    for (Map.Entry<String, Double> cell : expectedPercent.entrySet()) {
      double expected = total * cell.getValue() / percentTotal;
      double difference = observed.getOrDefault(cell.getKey(), 0L) - expected;
      statistic += difference * difference / expected;
    }
    return statistic;
  }

  /** Whether the counts are consistent with the percentages at the 0.1% level. */
  public static boolean fits(Map<String, Long> observed, Map<String, Double> expectedPercent) {
    return chiSquare(observed, expectedPercent) < CHI_SQUARE_999[expectedPercent.size() - 2];
  }

  /** Counts of each value of {@code property}, optionally only among plans where parent = value. */
  public static Map<String, Long> counts(
      Iterable<SamplePlan> plans, String property, String parent, String parentValue) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (SamplePlan plan : plans) {
      if (parent == null || parentValue.equals(plan.propertyValues().get(parent))) {
        counts.merge(plan.propertyValues().get(property), 1L, Long::sum);
      }
    }
    return counts;
  }

  /**
   * Failures of the ticket distributions in {@code plans}: the root's base distribution and
   * priority's conditional distribution per product; empty when everything fits.
   */
  public static List<String> ticketDistributionMisfits(Iterable<SamplePlan> plans) {
    List<String> misfits = new ArrayList<>();
    Map<String, Long> products = counts(plans, "product", null, null);
    if (!fits(products, PRODUCT_BASE)) {
      misfits.add("product " + products + " vs " + PRODUCT_BASE);
    }
    for (Map.Entry<String, Map<String, Double>> row : PRIORITY_GIVEN_PRODUCT.entrySet()) {
      Map<String, Long> priorities = counts(plans, "priority", "product", row.getKey());
      if (!fits(priorities, row.getValue())) {
        misfits.add("priority | " + row.getKey() + " " + priorities + " vs " + row.getValue());
      }
    }
    return misfits;
  }
}
