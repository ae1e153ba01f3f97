package ai.dataframer.beam.transforms;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.run.Failure;
import ai.dataframer.beam.io.record.FailureRows;
import org.junit.Test;

public class SeedCheckTest {
  private static String reason(String location, String reason) {
    return SeedCheck.reason(
        FailureRows.toRow(new Failure("seed_read", "/d/s.csv", location, reason, null, 0, "x")));
  }

  @Test
  public void aReasonThatRepeatsItsLocationNamesItOnce() {
    assertEquals(
        "/d/s.csv line 9, column 'day': '2024-02-30' is not a date (yyyy-MM-dd)",
        reason("line 9", "line 9, column 'day': '2024-02-30' is not a date (yyyy-MM-dd)"));
    assertEquals(
        "/d/s.csv line 4: expected 3 columns, found 2",
        reason("line 4", "line 4: expected 3 columns, found 2"));
    assertEquals("/d/s.csv line 4: not UTF-8", reason("line 4", "not UTF-8"));
    assertEquals("/d/s.csv: empty file", reason(null, "empty file"));
  }
}
