package ai.dataframer.beam.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.generate.SampleResult;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.MetadataColumns;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.Test;

/** Output rows of samples whose columns have a declared decimal size. */
public class SampleRowsTest {
  private static final Schema RECORD =
      Schema.builder().addField("amount", Decimals.beamType(new Decimals.Size(6, 2))).build();
  private static final SampleRows ROWS =
      new SampleRows(
          new SampleRows.Labels("spec-1", 1, "embedded", null),
          RECORD,
          MetadataColumns.outputSchema(RECORD));
  private static final SamplePlan PLAN =
      new SamplePlan("run-1", 0, "run-1-0", Map.of(), List.of(), 1);

  private static SampleOutcome.Accepted accepted(String amount) {
    return new SampleOutcome.Accepted(PLAN, Map.of("amount", new BigDecimal(amount)), 1);
  }

  private static SampleResult result(SampleOutcome outcome) {
    return new SampleResult(outcome, Map.of(), 0, 0, 0);
  }

  @Test
  public void decimalsAreRoundedHalfEvenToTheColumnScale() {
    SampleOutcome.Accepted sample = accepted("1234.565");
    Row row = ROWS.sample(sample, result(sample));
    assertEquals(new BigDecimal("1234.56"), row.getValue("amount"));
  }

  @Test
  public void aDecimalTooWideForItsColumnIsAFailureNamingIt() {
    SampleOutcome.Accepted sample = accepted("12345.6");
    Decimals.OverflowException tooWide =
        assertThrows(Decimals.OverflowException.class, () -> ROWS.sample(sample, result(sample)));
    Row failure = SampleRows.tooWide(sample, tooWide);
    assertThat(
        FailureRows.fromRow(failure).reason(),
        containsString(
            "column 'amount' value 12345.6 does not fit decimal(6,2) (at most 4 digits before the"
                + " decimal point)"));
  }
}
