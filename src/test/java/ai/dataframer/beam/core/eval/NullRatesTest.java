package ai.dataframer.beam.core.eval;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.eval.NullRates.NullRate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class NullRatesTest {
  @Test
  public void sharesOfNullsInPercentAndTheirDifferenceInPoints() {
    // Seed: a null in 1 of 4 records, b never; synthetic: a never, b in 2 of 5.
    List<Map<String, Object>> seed =
        List.of(record(null, "x"), record(1.0, "x"), record(2.0, "y"), record(3.0, "y"));
    List<Map<String, Object>> synthetic =
        List.of(
            record(1.0, null),
            record(1.0, "x"),
            record(2.0, null),
            record(3.0, "y"),
            record(4.0, "y"));
    assertEquals(
        List.of(new NullRate("a", 25.0, 0.0, 25.0), new NullRate("b", 0.0, 40.0, 40.0)),
        NullRates.compare(List.of("a", "b"), seed, synthetic));
  }

  @Test
  public void needsRecordsOnBothSides() {
    assertEquals(
        "null rates need seed and synthetic records, but had 1 and 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> NullRates.compare(List.of("a"), List.of(record(1.0, "x")), List.of()))
            .getMessage());
  }

  private static Map<String, Object> record(Object a, Object b) {
    Map<String, Object> record = new HashMap<>();
    record.put("a", a);
    record.put("b", b);
    return record;
  }
}
