package ai.dataframer.beam.core.eval;

import static ai.dataframer.beam.core.eval.ConstraintCheckTest.record;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class RealismReportTest {
  private static final Map<String, FieldType> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("id", FieldType.STRING);
    TYPES.put("subtotal", FieldType.DOUBLE);
    TYPES.put("tax", FieldType.DOUBLE);
    TYPES.put("total", FieldType.DOUBLE);
  }

  private static final List<Constraint> SUM =
      List.of(new Constraint.Sum("total", List.of("subtotal", "tax"), 0.01));

  private static final List<Map<String, Object>> SEED =
      List.of(
          record("id", "A1", "subtotal", 10.0, "tax", 2.0, "total", 12.0),
          record("id", "A2", "subtotal", 20.5, "tax", null, "total", 20.5),
          record("id", "A3", "subtotal", 5.25, "tax", 1.05, "total", 6.3),
          record("id", "A4", "subtotal", 8.0, "tax", 1.6, "total", 9.6));

  @Test
  public void totalsAddUpTheChecksAndTheSummaryNamesEachProblem() {
    List<Map<String, Object>> synthetic =
        List.of(
            record("id", "1A", "subtotal", 11.0, "tax", 2.2, "total", 13.2),
            record("id", "A2", "subtotal", 7.125, "tax", 1.4, "total", 8.525),
            record("id", "1A", "subtotal", 9.0, "tax", 1.8, "total", 11.0),
            record("id", "b4", "subtotal", 6.0, "tax", 1.2, "total", 7.2));
    RealismReport report =
        RealismReport.evaluate(TYPES, Map.of("id", "spec key"), SUM, SEED, synthetic);
    assertEquals(1, report.duplicateKeys());
    assertEquals(1, report.copiedKeys());
    // b is no character of the seed's ids (A, 1, 2, 3, 4).
    assertEquals(1, report.keyShapeMismatches());
    // 7.125 and 8.525 have three places; the seed's subtotals have two, its totals one.
    assertEquals(2, report.precisionMismatches());
    // 9.0 + 1.8 is 10.8, not 11.0.
    assertEquals(1, report.constraintViolations());
    // tax: a null in 1 of 4 seed records, none synthetic.
    assertEquals(25.0, report.maxNullRateDifference(), 1e-12);
    assertEquals(
        String.join(
                System.lineSeparator(),
                "key id (spec key): 1 duplicates, 1 seed values copied, of 4",
                "key id: 1 of 4 values unlike the seed's characters or lengths, e.g. b4",
                "precision subtotal: 1 of 4 values finer than the seed's 2 decimal places, e.g."
                    + " 7.125",
                "precision total: 1 of 4 values finer than the seed's 1 decimal place, e.g. 8.525",
                "constraint total = subtotal + tax (± 0.01): broken by 1 of 4 records, e.g."
                    + " total=11.0, subtotal=9.0, tax=1.8",
                "nulls tax: 25.0% in the seed, 0.0% synthetic")
            + System.lineSeparator(),
        report.summary());
  }

  @Test
  public void theSeedAgainstItselfHasNoProblemButItsCopiedKeys() {
    RealismReport report = RealismReport.evaluate(TYPES, Map.of("id", "spec key"), SUM, SEED, SEED);
    assertEquals(0, report.duplicateKeys());
    assertEquals(4, report.copiedKeys());
    assertEquals(0, report.keyShapeMismatches());
    assertEquals(0, report.precisionMismatches());
    assertEquals(0, report.constraintViolations());
    assertEquals(0.0, report.maxNullRateDifference(), 0.0);
  }
}
