package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static ai.dataframer.beam.core.engine.EngineFixtures.values;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.run.Failure;
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
}
