package ai.dataframer.beam.core.run;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.plan.SamplePlan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class OutcomeJsonTest {
  @Test
  public void propertiesKeepThePlanOrder() {
    SamplePlan plan = plan(0, values("zeta", "1", "alpha", "2..3"));
    assertEquals("{\"zeta\":\"1\",\"alpha\":\"2..3\"}", OutcomeJson.properties(plan));
  }

  @Test
  public void aRejectionBecomesAFailureWithThePlanAndLastCandidate() {
    SamplePlan plan = new SamplePlan("run-9", 4, "s-4", values("kind", "a"), List.of(2, 0), 123L);
    Map<String, Object> candidate = new LinkedHashMap<>();
    candidate.put("kind", "b");
    candidate.put("day", LocalDate.parse("2024-05-01"));
    candidate.put("fee", new BigDecimal("1E+1"));
    candidate.put("note", null);
    Failure failure =
        OutcomeJson.failure(
            new SampleOutcome.Rejected(plan, "filter", List.of("one", "two"), 3, candidate));
    assertEquals(
        new Failure(
            "filter",
            "run-9",
            "sample 4",
            "one; two",
            "s-4",
            3,
            "{\"plan\":{\"run_id\":\"run-9\",\"index\":4,\"sample_id\":\"s-4\","
                + "\"property_values\":{\"kind\":\"a\"},\"example_indices\":[2,0],\"seed\":123},"
                + "\"last_candidate\":{\"kind\":\"b\",\"day\":\"2024-05-01\",\"fee\":10,"
                + "\"note\":null}}"),
        failure);
  }

  private static SamplePlan plan(long index, Map<String, String> values) {
    return new SamplePlan("run-1", index, "sample-" + index, values, List.of(), 7L);
  }

  private static Map<String, String> values(String... pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return values;
  }
}
