package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketJson;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSeeds;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.request.RevisionType;
import java.util.List;
import org.junit.Test;

/** A malformed answer gets one repair re-ask; a second malformed answer fails the attempt. */
public class RepairAndRegenerationTest {
  private static final String MALFORMED = ticketJson("b").replace("19.99", "\"19.99\"");

  private static SampleResult generate(FakeModel model, GenerateFixtures.Settings settings) {
    return new LlmSampleGenerator(
            ticketSpec(), ticketSeeds(2), settings.build(), model, PriceTable.defaults(), null)
        .generate(plan(0, ticketValues(), List.of(0)))
        .join();
  }

  @Test
  public void aMalformedRecordIsRepairedByOneReAskQuotingTheError() {
    FakeModel model =
        new FakeModel()
            .on("draft_record", call -> call.isRepair() ? ticketJson("repaired") : MALFORMED);
    SampleResult result = generate(model, new GenerateFixtures.Settings());

    SampleOutcome.Accepted accepted = (SampleOutcome.Accepted) result.outcome();
    assertEquals(1, accepted.attempts());
    assertEquals("repaired", accepted.record().get("body"));
    List<FakeModel.Call> calls = model.calls();
    assertEquals(2, calls.size());
    List<ChatMessage> repair = calls.get(1).request().messages();
    assertEquals(3, repair.size());
    assertEquals(calls.get(0).request().messages().get(0), repair.get(0));
    assertEquals(ChatMessage.assistant(MALFORMED), repair.get(1));
    assertThat(
        repair.get(2).text(),
        containsString("field \"amount\" must be a JSON number, but was a string (\"19.99\")"));
    assertEquals(calls.get(0).request().jsonOutput(), calls.get(1).request().jsonOutput());
    assertEquals(FakeModel.USAGE.plus(FakeModel.USAGE), result.usageByStage().get(Stage.DRAFT));
  }

  @Test
  public void aSecondMalformedAnswerFailsTheAttemptAndTheSampleIsRegenerated() {
    java.util.concurrent.atomic.AtomicInteger drafts =
        new java.util.concurrent.atomic.AtomicInteger();
    FakeModel model =
        new FakeModel()
            .on(
                "draft_record",
                call -> drafts.incrementAndGet() <= 2 ? MALFORMED : ticketJson("ok"));
    SampleResult result = generate(model, new GenerateFixtures.Settings());

    SampleOutcome.Accepted accepted = (SampleOutcome.Accepted) result.outcome();
    assertEquals(2, accepted.attempts());
    assertEquals(3, model.calls().size());
    FakeModel.Call regenerated = model.calls().get(2);
    assertEquals(1, regenerated.request().messages().size());
    assertThat(regenerated.task(), containsString("An earlier draft was rejected"));
    assertThat(regenerated.task(), containsString("unusable after a repair"));
    assertThat(regenerated.task(), containsString("- product: laptop"));
    assertThat(model.calls().get(0).task(), not(containsString("An earlier draft")));
  }

  @Test
  public void anAnswerThatStaysUnusableOnEveryAttemptIsRejectedAtItsStage() {
    FakeModel model = new FakeModel().on("draft_record", call -> "Sure! Here is a ticket.");
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.maxAttempts = 2;
    SampleResult result = generate(model, settings);

    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertEquals("draft", rejected.stage());
    assertEquals(2, rejected.attempts());
    assertThat(
        rejected.reasons().get(0),
        containsString(
            "draft_record answer unusable after a repair: the answer is not valid JSON"));
    assertNull(rejected.lastCandidate());
    assertEquals(4, result.modelCalls());
  }

  @Test
  public void aCritiqueIsParsedAsStrictlyAndRepairedTheSameWay() {
    FakeModel model =
        new FakeModel()
            .on("draft_record", call -> ticketJson("b"))
            .on(
                "critique",
                call ->
                    call.isRepair()
                        ? GenerateFixtures.noChanges()
                        : "{\"needs_changes\":\"maybe\",\"issues\":[]}");
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.revisionTypes = List.of(RevisionType.CONSISTENCY);
    SampleResult result = generate(model, settings);

    assertEquals(1, result.outcome().attempts());
    assertThat(
        model.calls("critique").get(1).last().text(),
        containsString("\"needs_changes\" must be true or false"));
    assertEquals(FakeModel.USAGE.plus(FakeModel.USAGE), result.usageByStage().get(Stage.REVISION));
  }

  @Test
  public void aCutOffAnswerIsRepairedToo() {
    FakeModel model =
        new FakeModel()
            .on(
                "draft_record",
                call ->
                    call.isRepair()
                        ? ticketJson("short")
                        : new ChatResponse(
                            call.request().modelId(),
                            "{\"ticket_id\":\"T",
                            List.of(),
                            StopReason.MAX_TOKENS,
                            "max_tokens",
                            FakeModel.USAGE));
    SampleResult result = generate(model, new GenerateFixtures.Settings());

    assertEquals("short", ((SampleOutcome.Accepted) result.outcome()).record().get("body"));
    assertThat(model.calls().get(1).last().text(), containsString("cut off at the output limit"));
  }
}
