package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.changes;
import static ai.dataframer.beam.core.generate.GenerateFixtures.noChanges;
import static ai.dataframer.beam.core.generate.GenerateFixtures.outline;
import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketJson;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSeeds;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.core.request.FilteringType;
import ai.dataframer.beam.core.request.RevisionType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/** Outline, draft, all four revision types over two cycles, both filters, regeneration. */
public class LlmRecordFlowTest {
  private static final List<Integer> EXAMPLES = List.of(2, 0, 1);

  private final PriceTable prices = PriceTable.defaults();

  private static GenerationSettings fullSettings(int maxAttempts) {
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.skipOutline = false;
    settings.revisionTypes =
        List.of(
            RevisionType.COHERENCE_FLOW,
            RevisionType.CONSISTENCY,
            RevisionType.DISTINGUISHABILITY,
            RevisionType.CONFORMANCE);
    settings.filteringTypes = List.of(FilteringType.STRUCTURAL, FilteringType.CONFORMANCE);
    settings.maxRevisionCycles = 2;
    settings.maxAttempts = maxAttempts;
    return settings.build();
  }

  /**
   * Attempt 1: consistency asks for a change in cycle 1 (rewrite), cycle 2 finds nothing, and the
   * conformance judge reads the wrong tone. Attempt 2: cycle 1 finds nothing, the judge agrees.
   */
  private static FakeModel scriptedModel() {
    AtomicInteger drafts = new AtomicInteger();
    AtomicInteger consistencyCritiques = new AtomicInteger();
    AtomicInteger judgements = new AtomicInteger();
    return new FakeModel()
        .on("outline", call -> outline("Problem", "Request"))
        .on("draft_record", call -> ticketJson("draft " + drafts.incrementAndGet()))
        .on("critique", call -> noChanges())
        .on(
            "critique:consistency",
            call ->
                consistencyCritiques.incrementAndGet() == 1
                    ? changes("the body does not mention the amount")
                    : noChanges())
        .on("rewrite", call -> ticketJson("revised 1"))
        .on(
            "conformance_judge",
            call ->
                judgements.incrementAndGet() == 1
                    ? "{\"tone\":\"casual\"}"
                    : "{\"tone\":\"formal\"}");
  }

  private SampleResult generate(FakeModel model, GenerationSettings settings) {
    LlmSampleGenerator generator =
        new LlmSampleGenerator(ticketSpec(), ticketSeeds(3), settings, model, prices, null);
    return generator.generate(plan(0, ticketValues(), EXAMPLES)).join();
  }

  @Test
  public void revisesFiltersAndRegeneratesWithTheSamePlan() {
    FakeModel model = scriptedModel();
    SampleResult result = generate(model, fullSettings(3));

    assertThat(result.outcome(), instanceOf(SampleOutcome.Accepted.class));
    SampleOutcome.Accepted accepted = (SampleOutcome.Accepted) result.outcome();
    assertEquals(2, accepted.attempts());
    assertEquals("draft 2", accepted.record().get("body"));
    assertEquals(1, result.revisionCycles());

    // Attempt 1: 2 cycles of 4 critiques and one rewrite; attempt 2: one clean cycle.
    assertEquals(12, model.calls("critique").size());
    assertEquals(1, model.calls("rewrite").size());
    assertEquals(2, model.calls("outline").size());
    assertEquals(2, model.calls("draft_record").size());
    assertEquals(2, model.calls("conformance_judge").size());
    // The rewrite was asked with the critique's issue, and what it wrote is what came next.
    assertThat(
        model.calls("rewrite").get(0).task(),
        containsString("the body does not mention the amount"));
    List<FakeModel.Call> critiques = model.calls("critique");
    assertThat(critiques.get(1).task(), containsString("draft 1"));
    assertEquals("distinguishability", critiques.get(2).detail());
    assertThat(critiques.get(2).task(), containsString("revised 1"));
    assertThat(critiques.get(2).task(), not(containsString("draft 1")));
    FakeModel.Call firstJudgement = model.calls("conformance_judge").get(0);
    assertThat(firstJudgement.task(), containsString("revised 1"));

    // The regeneration keeps the plan and is told why the last draft was rejected.
    FakeModel.Call secondOutline = model.calls("outline").get(1);
    assertThat(secondOutline.task(), containsString("- tone: formal"));
    assertThat(secondOutline.task(), containsString("reads as 'casual'"));
    FakeModel.Call secondDraft = model.calls("draft_record").get(1);
    assertThat(secondDraft.task(), containsString("- product: laptop"));
    assertThat(secondDraft.task(), containsString("1. Problem: notes on Problem"));
    assertEquals(model.calls("draft_record").get(0).examples(), secondDraft.examples());
  }

  @Test
  public void everyStageCallsItsModelWithItsThinkingBudgetAndTheSampleContext() {
    FakeModel model = scriptedModel();
    generate(model, fullSettings(3));

    for (FakeModel.Call call : model.calls()) {
      ChatRequest request = call.request();
      String kind = call.kind();
      String expectedModel;
      int expectedBudget;
      if (kind.equals("outline")) {
        expectedModel = GenerateFixtures.OUTLINE_MODEL;
        expectedBudget = GenerateFixtures.OUTLINE_BUDGET;
      } else if (kind.startsWith("draft")) {
        expectedModel = GenerateFixtures.GENERATION_MODEL;
        expectedBudget = GenerateFixtures.GENERATION_BUDGET;
      } else {
        expectedModel = GenerateFixtures.REVISION_MODEL;
        expectedBudget = GenerateFixtures.REVISION_BUDGET;
      }
      assertEquals(call.marker(), expectedModel, request.modelId());
      assertEquals(call.marker(), Integer.valueOf(expectedBudget), request.thinkingBudget());
      assertEquals(call.marker(), PromptTemplates.SYSTEM, request.system());
      assertNotNull(call.marker() + " has a JSON schema", request.jsonOutput());
      assertThat(call.task(), containsString("Prompt version: " + PromptTemplates.VERSION));
      assertThat(call.task(), containsString(GenerateFixtures.REQUIREMENTS));
      assertThat(call.task(), containsString("Support tickets of an electronics shop"));
      assertThat(call.examples().text(), containsString("\"ticket_id\":\"SEED-2\""));
      if (kind.equals("conformance_judge")) {
        // The judge classifies blind: told the answer, it would only repeat it.
        assertThat(call.task(), not(containsString("- tone: formal")));
        assertThat(call.task(), containsString("- tone: one of [\"formal\",\"casual\"]"));
      } else {
        assertThat(call.marker(), call.task(), containsString("- product: laptop"));
        assertThat(call.task(), containsString("- priority: high"));
        assertThat(call.task(), containsString("- tone: formal"));
      }
    }
    assertThat(
        model.calls("critique").stream().map(FakeModel.Call::detail).toList(),
        hasItem("coherence_flow"));
    assertThat(
        model.calls().stream().map(call -> call.request().tools().isEmpty()).toList(),
        everyItem(org.hamcrest.Matchers.is(true)));
  }

  @Test
  public void usageAndCostSumEveryCallOfEveryAttemptByStage() {
    FakeModel model = scriptedModel();
    SampleResult result = generate(model, fullSettings(3));

    Map<Stage, Usage> usage = result.usageByStage();
    assertEquals(times(2), usage.get(Stage.OUTLINE));
    assertEquals(times(2), usage.get(Stage.DRAFT));
    assertEquals(times(13), usage.get(Stage.REVISION));
    assertEquals(times(2), usage.get(Stage.FILTER));
    assertEquals(19, result.modelCalls());
    assertEquals(model.calls().size(), result.modelCalls());
    double expected = 0;
    for (FakeModel.Call call : model.calls()) {
      expected += prices.cost(call.request().modelId(), FakeModel.USAGE);
    }
    assertEquals(expected, result.costUsd(), 1e-12);
    assertTrue(result.costUsd() > 0);
  }

  @Test
  public void aCycleWithNothingToFixEndsTheRevisions() {
    FakeModel model =
        scriptedModel()
            .on("critique:consistency", call -> noChanges())
            .on("conformance_judge", call -> "{\"tone\":\"formal\"}");
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.revisionTypes =
        List.of(
            RevisionType.COHERENCE_FLOW,
            RevisionType.CONSISTENCY,
            RevisionType.DISTINGUISHABILITY,
            RevisionType.CONFORMANCE);
    settings.maxRevisionCycles = 3;
    SampleResult result = generate(model, settings.build());

    assertThat(result.outcome(), instanceOf(SampleOutcome.Accepted.class));
    assertEquals(4, model.calls("critique").size());
    assertEquals(0, model.calls("rewrite").size());
    assertEquals(1, result.revisionCycles());
    assertEquals("draft 1", ((SampleOutcome.Accepted) result.outcome()).record().get("body"));
  }

  @Test
  public void cyclesStopAtTheLimitWhileCritiquesKeepFindingIssues() {
    FakeModel model =
        scriptedModel().on("critique:consistency", call -> changes("still inconsistent"));
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.revisionTypes = List.of(RevisionType.CONSISTENCY);
    settings.maxRevisionCycles = 2;
    SampleResult result = generate(model, settings.build());

    assertEquals(2, model.calls("critique").size());
    assertEquals(2, model.calls("rewrite").size());
    assertEquals(2, result.revisionCycles());
    assertEquals("revised 1", ((SampleOutcome.Accepted) result.outcome()).record().get("body"));
  }

  @Test
  public void distinguishabilityNeedsSeedsAndASeedlessRunSkipsIt() {
    FakeModel model = scriptedModel().on("conformance_judge", call -> "{\"tone\":\"formal\"}");
    LlmSampleGenerator seedless =
        new LlmSampleGenerator(ticketSpec(), List.of(), fullSettings(1), model, prices, null);
    SampleResult result = seedless.generate(plan(0, ticketValues(), List.of())).join();

    assertThat(result.outcome(), instanceOf(SampleOutcome.Accepted.class));
    List<String> revised = model.calls("critique").stream().map(FakeModel.Call::detail).toList();
    assertEquals(
        List.of(
            "coherence_flow",
            "consistency",
            "conformance",
            "coherence_flow",
            "consistency",
            "conformance"),
        revised);
  }

  @Test
  public void aSampleFailingEveryAttemptIsRejectedWithTheReasons() {
    FakeModel model = scriptedModel().on("conformance_judge", call -> "{\"tone\":\"casual\"}");
    SampleResult result = generate(model, fullSettings(2));

    assertThat(result.outcome(), instanceOf(SampleOutcome.Rejected.class));
    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertEquals("filter", rejected.stage());
    assertEquals(2, rejected.attempts());
    assertThat(
        rejected.reasons(),
        contains(
            "conformance judge: property 'tone' reads as 'casual', but the plan assigned 'formal'"));
    assertEquals("draft 2", rejected.lastCandidate().get("body"));
    assertEquals(2, model.calls("draft_record").size());
    assertEquals(times(2), result.usageByStage().get(Stage.FILTER));
  }

  @Test
  public void aBoundFieldThatMissesThePlanIsRejectedWithoutAJudgeCall() {
    FakeModel model =
        scriptedModel()
            .on("draft_record", call -> ticketJson("body").replace("\"laptop\"", "\"phone\""));
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.filteringTypes = List.of(FilteringType.CONFORMANCE);
    settings.maxAttempts = 1;
    SampleResult result = generate(model, settings.build());

    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertThat(rejected.reasons().get(0), containsString("field 'product' is phone"));
    assertEquals(0, model.calls("conformance_judge").size());
    assertFalse(result.usageByStage().containsKey(Stage.FILTER));
  }

  private static Usage times(int calls) {
    Usage total = Usage.NONE;
    for (int i = 0; i < calls; i++) {
      total = total.plus(FakeModel.USAGE);
    }
    return total;
  }
}
