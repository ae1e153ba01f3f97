package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSeeds;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.spec.RecordField;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** unified_multifield false: one call per field in order, each seeing the fields before it. */
public class FieldByFieldDraftTest {
  private static final Map<String, String> ANSWERS = new LinkedHashMap<>();

  static {
    ANSWERS.put("ticket_id", "\"T-77\"");
    ANSWERS.put("product", "\"laptop\"");
    ANSWERS.put("priority", "\"high\"");
    ANSWERS.put("amount", "42.5");
    ANSWERS.put("opened", "\"2024-06-30\"");
    ANSWERS.put("escalated", "false");
    ANSWERS.put("body", "\"The hinge of my laptop cracked.\"");
  }

  @Test
  public void writesOneFieldPerCallInOrderShowingTheFieldsBefore() {
    FakeModel model =
        new FakeModel().on("draft_field", call -> "{\"value\":" + ANSWERS.get(call.detail()) + "}");
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.unifiedMultifield = false;
    SampleResult result =
        new LlmSampleGenerator(
                ticketSpec(), ticketSeeds(3), settings.build(), model, PriceTable.defaults(), null)
            .generate(plan(0, ticketValues(), List.of(0)))
            .join();

    SampleOutcome.Accepted accepted = (SampleOutcome.Accepted) result.outcome();
    assertEquals("T-77", accepted.record().get("ticket_id"));
    assertEquals(new BigDecimal("42.50"), accepted.record().get("amount"));
    assertEquals(LocalDate.parse("2024-06-30"), accepted.record().get("opened"));
    assertEquals(Boolean.FALSE, accepted.record().get("escalated"));

    List<FakeModel.Call> calls = model.calls();
    List<String> order = ticketSpec().recordFields().stream().map(RecordField::name).toList();
    assertEquals(order, calls.stream().map(FakeModel.Call::detail).toList());
    assertThat(calls.get(0).task(), containsString("None yet: this is the first field."));
    for (int i = 0; i < calls.size(); i++) {
      String task = calls.get(i).task();
      assertThat(task, containsString("Write the value of the field \"" + order.get(i) + "\""));
      for (int before = 0; before < i; before++) {
        assertThat(
            task,
            containsString(
                "\""
                    + order.get(before)
                    + "\":"
                    + ANSWERS.get(order.get(before)).replace("42.5", "42.50")));
      }
      for (int after = i; after < order.size(); after++) {
        assertThat(task, not(containsString("\"" + order.get(after) + "\":")));
      }
      assertThat(
          calls.get(i).request().jsonOutput().schemaJson(),
          containsString("\"required\":[\"value\"]"));
    }
    assertThat(
        calls.get(3).task(),
        containsString(
            "<record_so_far>\n{\"ticket_id\":\"T-77\","
                + "\"product\":\"laptop\",\"priority\":\"high\"}\n</record_so_far>"));
    assertEquals(7, result.modelCalls());
  }

  @Test
  public void aFieldWhoseAnswerStaysUnusableRegeneratesTheWholeRecord() {
    java.util.concurrent.atomic.AtomicInteger amountCalls =
        new java.util.concurrent.atomic.AtomicInteger();
    FakeModel model =
        new FakeModel()
            .on(
                "draft_field",
                call -> {
                  if (call.detail().equals("amount") && amountCalls.incrementAndGet() <= 2) {
                    return "{\"value\":\"forty-two\"}";
                  }
                  return "{\"value\":" + ANSWERS.get(call.detail()) + "}";
                });
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.unifiedMultifield = false;
    SampleResult result =
        new LlmSampleGenerator(
                ticketSpec(), ticketSeeds(3), settings.build(), model, PriceTable.defaults(), null)
            .generate(plan(0, ticketValues(), List.of(0)))
            .join();

    assertEquals(2, result.outcome().attempts());
    // Attempt 1: three fields, amount and its repair; attempt 2: all seven.
    assertEquals(4 + 1 + 7, model.calls().size());
    assertEquals("ticket_id", model.calls().get(5).detail());
  }
}
