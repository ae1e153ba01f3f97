package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketJson;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSeeds;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.ToolSpec;
import ai.dataframer.beam.core.request.RevisionType;
import ai.dataframer.beam.core.tools.Calculator;
import java.math.BigDecimal;
import java.util.List;
import org.junit.Test;

/** tools: [calculator]: drafting calls offer it, and its results go back to the model. */
public class CalculatorToolLoopTest {
  private static GenerationSettings withCalculator() {
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.calculator = true;
    settings.revisionTypes = List.of(RevisionType.CONSISTENCY);
    return settings.build();
  }

  private static SampleResult generate(FakeModel model) {
    return new LlmSampleGenerator(
            ticketSpec(), ticketSeeds(2), withCalculator(), model, PriceTable.defaults(), null)
        .generate(plan(0, ticketValues(), List.of(0)))
        .join();
  }

  private static ContentPart.ToolResult onlyResult(ChatMessage message) {
    assertEquals(ChatMessage.Role.USER, message.role());
    assertEquals(1, message.parts().size());
    return (ContentPart.ToolResult) message.parts().get(0);
  }

  @Test
  public void theModelAsksForASumAndWritesTheCalculatorsAnswer() {
    FakeModel model =
        new FakeModel()
            .on("critique", call -> GenerateFixtures.noChanges())
            .on(
                "draft_record",
                call -> {
                  if (!call.isToolFollowUp()) {
                    return List.of(
                        new ContentPart.ToolCall(
                            "call-1", Calculator.NAME, "{\"expression\":\"(19.99 * 3) - 5\"}"));
                  }
                  String total = onlyResult(call.last()).content();
                  return ticketJson("three chargers").replace("19.99", total);
                });
    SampleResult result = generate(model);

    SampleOutcome.Accepted accepted = (SampleOutcome.Accepted) result.outcome();
    assertEquals(new BigDecimal("54.97"), accepted.record().get("amount"));
    List<FakeModel.Call> drafts = model.calls("draft_record");
    assertEquals(2, drafts.size());
    assertEquals(
        List.of(new ToolSpec(Calculator.NAME, Calculator.DESCRIPTION, Calculator.INPUT_SCHEMA)),
        drafts.get(0).request().tools());
    assertThat(drafts.get(0).task(), containsString("A calculator tool is available"));
    List<ChatMessage> turns = drafts.get(1).request().messages();
    assertEquals(3, turns.size());
    assertEquals(
        new ContentPart.ToolCall("call-1", Calculator.NAME, "{\"expression\":\"(19.99 * 3) - 5\"}"),
        turns.get(1).parts().get(0));
    ContentPart.ToolResult sent = onlyResult(turns.get(2));
    assertEquals(
        new ContentPart.ToolResult(
            "call-1", Calculator.NAME, Calculator.evaluate("(19.99 * 3) - 5"), false),
        sent);
    assertEquals("54.97", sent.content());
    // Both rounds are paid for; revisions are not drafting and get no tool.
    assertEquals(2 + 1, result.modelCalls());
    assertEquals(FakeModel.USAGE.plus(FakeModel.USAGE), result.usageByStage().get(Stage.DRAFT));
    assertTrue(model.calls("critique").get(0).request().tools().isEmpty());
  }

  @Test
  public void anExpressionTheCalculatorRejectsComesBackAsAnErrorResult() {
    FakeModel model =
        new FakeModel()
            .on("critique", call -> GenerateFixtures.noChanges())
            .on(
                "draft_record",
                call ->
                    call.isToolFollowUp()
                        ? ticketJson("b")
                        : List.of(
                            new ContentPart.ToolCall(
                                "c1", Calculator.NAME, "{\"expression\":\"1/0\"}"),
                            new ContentPart.ToolCall("c2", Calculator.NAME, "{\"expr\":\"1+1\"}"),
                            new ContentPart.ToolCall("c3", "python", "{\"code\":\"import os\"}")));
    generate(model);

    List<ContentPart> results = model.calls("draft_record").get(1).last().parts();
    assertEquals(3, results.size());
    for (ContentPart part : results) {
      assertTrue(part.toString(), ((ContentPart.ToolResult) part).isError());
    }
    assertThat(((ContentPart.ToolResult) results.get(0)).content(), containsString("zero"));
    assertThat(
        ((ContentPart.ToolResult) results.get(1)).content(),
        containsString("{\"expression\": \"...\"}"));
    assertThat(
        ((ContentPart.ToolResult) results.get(2)).content(),
        containsString("no tool named 'python'"));
  }

  @Test
  public void aModelThatNeverStopsCallingToolsFailsTheAttemptAfterBoundedRounds() {
    FakeModel model =
        new FakeModel()
            .on(
                "draft_record",
                call ->
                    List.of(
                        new ContentPart.ToolCall(
                            "c" + call.number(), Calculator.NAME, "{\"expression\":\"1+1\"}")));
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.calculator = true;
    settings.maxAttempts = 1;
    SampleResult result =
        new LlmSampleGenerator(
                ticketSpec(), ticketSeeds(2), settings.build(), model, PriceTable.defaults(), null)
            .generate(plan(0, ticketValues(), List.of(0)))
            .join();

    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertEquals("draft", rejected.stage());
    assertThat(rejected.reasons().get(0), containsString("still asked for tools after 8 rounds"));
    assertEquals(1 + SampleCalls.MAX_TOOL_ROUNDS, model.calls().size());
    assertEquals(model.calls().size(), result.modelCalls());
    assertFalse(result.usageByStage().isEmpty());
  }
}
