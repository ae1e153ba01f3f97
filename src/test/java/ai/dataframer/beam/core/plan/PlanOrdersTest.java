package ai.dataframer.beam.core.plan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.ConditionalDistribution;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PlanOrdersTest {
  private static final List<String> BANDS = List.of("0..10", "10..20", "20..30");
  private static final List<String> SHIFTED = List.of("5..15", "15..25", "25..35");
  private static final RunSettings SETTINGS =
      new RunSettings("run-1", 42L, 0, SeedShufflingLevel.NONE, 0);

  /**
   * opened -> response -> resolved, each conditional on the one before, and every pair of bands a
   * conditional allows can hold: a response band starts 5 after an opening band or 5 before it, a
   * resolution band is the response's or the next. Drawn pairwise, opened 10..20, response 5..15
   * and resolved 0..10 cannot hold together: the resolution would have to follow the opening.
   */
  private static Spec chain(boolean withConstraints) {
    Map<String, Double> even = new LinkedHashMap<>();
    BANDS.forEach(band -> even.put(band, 100.0 / 3));
    Map<String, Double> evenShifted = new LinkedHashMap<>();
    SHIFTED.forEach(band -> evenShifted.put(band, 100.0 / 3));
    Map<String, Map<String, Double>> response = new LinkedHashMap<>();
    Map<String, Map<String, Double>> resolved = new LinkedHashMap<>();
    for (int i = 0; i < BANDS.size(); i++) {
      Map<String, Double> afterOpening = new LinkedHashMap<>();
      Map<String, Double> afterResponse = new LinkedHashMap<>();
      for (int j = 0; j < BANDS.size(); j++) {
        afterOpening.put(SHIFTED.get(j), j == i || j == i - 1 ? 50.0 : 0.0);
        afterResponse.put(BANDS.get(j), j == i || j == i + 1 ? 50.0 : 0.0);
      }
      response.put(BANDS.get(i), afterOpening);
      resolved.put(SHIFTED.get(i), afterResponse);
    }
    Spec spec =
        new Spec(
            "tickets",
            "one ticket",
            List.of(
                new PropertyVariation("opened_band", BANDS, even, null),
                new PropertyVariation(
                    "response_band",
                    SHIFTED,
                    evenShifted,
                    new ConditionalDistribution("opened_band", response)),
                new PropertyVariation(
                    "resolved_band",
                    BANDS,
                    even,
                    new ConditionalDistribution("response_band", resolved))),
            List.of(
                new RecordField(
                    "opened", FieldType.DOUBLE, "opened_band", 0, List.of(), null, null),
                new RecordField(
                    "response", FieldType.DOUBLE, "response_band", 0, List.of(), null, null),
                new RecordField(
                    "resolved", FieldType.DOUBLE, "resolved_band", 0, List.of(), null, null)));
    return withConstraints
        ? spec.withConstraints(
            List.of(
                new Constraint.Order("response", ">", "opened"),
                new Constraint.Order("resolved", ">=", "response")))
        : spec;
  }

  private static double low(String band) {
    return Double.parseDouble(band.substring(0, band.indexOf("..")));
  }

  private static double high(String band) {
    return Double.parseDouble(band.substring(band.indexOf("..") + 2));
  }

  /** Whether some opened < response <= resolved lies in the plan's half-open bands. */
  private static boolean canHold(Map<String, String> values) {
    String opened = values.get("opened_band");
    String response = values.get("response_band");
    String resolved = values.get("resolved_band");
    return high(response) > low(opened) && high(resolved) > Math.max(low(opened), low(response));
  }

  @Test
  public void aPlanNeverAsksForAResolutionBeforeItsOpeningWhenEachPairCouldHold() {
    int[] cannotHold = new int[2];
    for (boolean withConstraints : new boolean[] {false, true}) {
      Planner planner = new Planner(chain(withConstraints));
      for (int i = 0; i < 3000; i++) {
        if (!canHold(planner.plan(SETTINGS, i).propertyValues())) {
          cannotHold[withConstraints ? 1 : 0]++;
        }
      }
    }
    // Without the constraints about one plan in six cannot hold (opened band 1 or 2, response
    // band one before, resolved band the response's); with them, none.
    assertTrue("unconstrained: " + cannotHold[0], cannotHold[0] > 300);
    assertEquals(0, cannotHold[1]);
  }

  @Test
  public void plansThatCanHoldAreDrawnAsBefore() {
    Planner with = new Planner(chain(true));
    Planner without = new Planner(chain(false));
    int same = 0;
    for (int i = 0; i < 3000; i++) {
      Map<String, String> a = with.plan(SETTINGS, i).propertyValues();
      Map<String, String> b = without.plan(SETTINGS, i).propertyValues();
      if (canHold(b)) {
        assertEquals(b, a);
        same++;
      }
    }
    assertTrue(same > 2000);
  }

  @Test
  public void aValueNoPartnerValueCanHoldWithIsNeverDrawn() {
    // A user's delivery_days <= customer_rating: a delivery of 6-9 days leaves no rating (1-5).
    List<String> days = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9");
    List<String> ratings = List.of("1", "2", "3", "4", "5");
    Spec spec =
        new Spec(
                "orders",
                "one order",
                List.of(
                    new PropertyVariation("delivery_days", days, Map.of(), null),
                    new PropertyVariation("customer_rating", ratings, Map.of(), null)),
                List.of(
                    new RecordField(
                        "delivery_days", FieldType.LONG, "delivery_days", 0, List.of(), null, null),
                    new RecordField(
                        "customer_rating",
                        FieldType.LONG,
                        "customer_rating",
                        0,
                        List.of(),
                        null,
                        null)))
            .withConstraints(
                List.of(new Constraint.Order("delivery_days", "<=", "customer_rating")));
    Planner planner = new Planner(spec);
    int[] byDays = new int[10];
    for (int i = 0; i < 5000; i++) {
      Map<String, String> values = planner.plan(SETTINGS, i).propertyValues();
      int delivery = Integer.parseInt(values.get("delivery_days"));
      int rating = Integer.parseInt(values.get("customer_rating"));
      assertTrue(values.toString(), delivery <= rating);
      byDays[delivery]++;
    }
    for (int d = 1; d <= 5; d++) {
      assertTrue("delivery " + d + " drawn " + byDays[d], byDays[d] > 0);
    }
  }
}
