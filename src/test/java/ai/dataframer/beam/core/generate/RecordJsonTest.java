package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketJson;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static ai.dataframer.beam.core.generate.GenerateFixtures.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class RecordJsonTest {
  private final RecordJson json = new RecordJson(ticketSpec());
  private final SamplePlan plan = plan(0, ticketValues(), List.of());

  @Test
  public void readsAnAnswerIntoCoreValueClassesInFieldOrder() throws Exception {
    Map<String, Object> record =
        json.parseRecord(ticketJson("Screen flickers").replace("19.99", "19.9"), plan);
    assertEquals(
        List.of("ticket_id", "product", "priority", "amount", "opened", "escalated", "body"),
        List.copyOf(record.keySet()));
    assertEquals(new BigDecimal("19.90"), record.get("amount"));
    assertEquals(LocalDate.parse("2024-05-01"), record.get("opened"));
    assertNull(record.get("escalated"));
    assertEquals("Screen flickers", record.get("body"));
  }

  @Test
  public void namesEveryProblemOfAnAnswer() {
    String answer =
        "{\"ticket_id\":7,\"product\":null,\"priority\":\"high\",\"amount\":\"19.99\","
            + "\"opened\":\"01/05/2024\",\"escalated\":\"no\",\"colour\":\"red\"}";
    AnswerFormatException error =
        assertThrows(AnswerFormatException.class, () -> json.parseRecord(answer, plan));
    assertThat(
        error.getMessage(),
        allOf(
            containsString("\"colour\" is not a field"),
            containsString("field \"ticket_id\" must be a JSON string, but was a number (7)"),
            containsString("field \"product\" is null, but it may not be null"),
            containsString("field \"amount\" must be a JSON number, but was a string"),
            containsString("field \"opened\" must be a date string"),
            containsString("field \"escalated\" must be a JSON boolean"),
            containsString("field \"body\" is missing")));
  }

  @Test
  public void roundsDigitsBeyondTheScaleAndRejectsWholeNumbersOutOfRange() throws Exception {
    assertEquals(
        new BigDecimal("20.00"),
        json.parseRecord(ticketJson("b").replace("19.99", "19.995"), plan).get("amount"));
    assertEquals(
        new BigDecimal("19.99"),
        json.parseRecord(ticketJson("b").replace("19.99", "19.994"), plan).get("amount"));
    Spec counts =
        new Spec(
            "d",
            "r",
            List.of(),
            List.of(new RecordField("n", FieldType.INT, null, 0, List.of(), null, null)));
    RecordJson countJson = new RecordJson(counts);
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> countJson.parseRecord("{\"n\":3000000000}", plan))
            .getMessage(),
        containsString("a whole JSON number in the range of int"));
    assertThat(
        assertThrows(AnswerFormatException.class, () -> countJson.parseRecord("{\"n\":2.5}", plan))
            .getMessage(),
        containsString("a whole JSON number"));
  }

  @Test
  public void rejectsTrailingTextAndDuplicateKeysButNotACodeFence() throws Exception {
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> json.parseRecord(ticketJson("b") + " I hope this helps!", plan))
            .getMessage(),
        containsString("not valid JSON"));
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> json.parseRecord(ticketJson("b").replace("{", "{\"body\":\"x\","), plan))
            .getMessage(),
        containsString("Duplicate field 'body'"));
    assertEquals("b", json.parseRecord("```json\n" + ticketJson("b") + "\n```", plan).get("body"));
  }

  @Test
  public void aFieldBoundToANullPlanValueMayBeNullAndSaysSoInItsSchema() throws Exception {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(GenerateFixtures.property("when", "2024", "null")),
            List.of(
                new RecordField("closed", FieldType.TIMESTAMP, "when", 0, List.of(), null, null)));
    RecordJson bound = new RecordJson(spec);
    SamplePlan nullPlan = plan(0, values("when", "null"), List.of());
    SamplePlan valuePlan = plan(0, values("when", "2024"), List.of());
    assertThat(
        bound.recordSchema(nullPlan),
        containsString(
            "\"closed\":{\"anyOf\":[{\"type\":\"string\",\"format\":\"date-time\"},"
                + "{\"type\":\"null\"}]}"));
    assertThat(
        bound.recordSchema(valuePlan),
        containsString("\"closed\":{\"type\":\"string\",\"format\":\"date-time\"}"));
    assertNull(bound.parseRecord("{\"closed\":null}", nullPlan).get("closed"));
    assertThrows(
        AnswerFormatException.class, () -> bound.parseRecord("{\"closed\":null}", valuePlan));
    assertEquals(
        Instant.parse("2024-05-01T12:30:00Z"),
        bound.parseRecord("{\"closed\":\"2024-05-01T12:30:00Z\"}", valuePlan).get("closed"));
  }

  @Test
  public void aFieldAnswerHoldsOnlyItsValue() throws Exception {
    RecordField amount = ticketSpec().recordFields().get(3);
    assertEquals(new BigDecimal("5.00"), json.parseFieldAnswer("{\"value\":5}", amount, plan));
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> json.parseFieldAnswer("{\"value\":5,\"note\":\"x\"}", amount, plan))
            .getMessage(),
        containsString("unknown keys [note]"));
    assertThat(
        json.fieldAnswerSchema(amount, plan),
        containsString("\"required\":[\"value\"],\"additionalProperties\":false"));
  }
}
