package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketJson;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSeeds;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.request.RevisionType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.Test;

/** The cost cap, and model calls that fail: every sample still ends as one outcome. */
public class BudgetAndFailuresTest {
  private static final PriceTable PRICES = PriceTable.defaults();

  private static GenerateFixtures.Settings twoCalls() {
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.revisionTypes = List.of(RevisionType.CONSISTENCY);
    return settings;
  }

  private static FakeModel goodModel() {
    return new FakeModel()
        .on("draft_record", call -> ticketJson("b"))
        .on("critique", call -> GenerateFixtures.noChanges());
  }

  @Test
  public void onceTheCapIsReachedTheRemainingSamplesAreRejectedForBudget() {
    double draft = PRICES.cost(GenerateFixtures.GENERATION_MODEL, FakeModel.USAGE);
    double critique = PRICES.cost(GenerateFixtures.REVISION_MODEL, FakeModel.USAGE);
    // The first sample's two calls start below the cap and spend it.
    CostBudget budget = CostBudget.of((draft + critique) * 0.99);
    FakeModel model = goodModel();
    LlmSampleGenerator generator =
        new LlmSampleGenerator(
            ticketSpec(), ticketSeeds(2), twoCalls().build(), model, PRICES, budget);

    SampleResult first = generator.generate(plan(0, ticketValues(), List.of(0))).join();
    SampleResult second = generator.generate(plan(1, ticketValues(), List.of(0))).join();
    SampleResult third = generator.generate(plan(2, ticketValues(), List.of(0))).join();

    assertTrue(first.outcome() instanceof SampleOutcome.Accepted);
    assertTrue(budget.isSpent());
    assertEquals(draft + critique, budget.spentUsd(), 1e-12);
    for (SampleResult rejected : List.of(second, third)) {
      SampleOutcome.Rejected outcome = (SampleOutcome.Rejected) rejected.outcome();
      assertEquals("budget", outcome.stage());
      assertThat(outcome.reasons().get(0), startsWith("budget"));
      assertThat(outcome.reasons().get(0), containsString("cost cap"));
      assertEquals(0, rejected.modelCalls());
      assertEquals(0.0, rejected.costUsd(), 0);
    }
    assertEquals(2, model.calls().size());
  }

  @Test
  public void aSampleStopsAtItsNextCallWhenTheCapIsReachedMidway() {
    CostBudget budget = CostBudget.of(1e-9);
    FakeModel model = goodModel();
    SampleResult result =
        new LlmSampleGenerator(
                ticketSpec(), ticketSeeds(2), twoCalls().build(), model, PRICES, budget)
            .generate(plan(0, ticketValues(), List.of(0)))
            .join();

    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertEquals("budget", rejected.stage());
    assertEquals(1, result.modelCalls());
    assertEquals("b", rejected.lastCandidate().get("body"));
    assertEquals(FakeModel.USAGE, result.usageByStage().get(Stage.DRAFT));
  }

  @Test
  public void budgetsAreSharedPerRunInTheJvm() {
    CostBudget budget = CostBudget.shared("budget-test-run", 5.0);
    assertSame(budget, CostBudget.shared("budget-test-run", 99.0));
    assertEquals(5.0, budget.capUsd(), 0);
    budget.record(2.0);
    budget.record(3.0);
    assertTrue(CostBudget.shared("budget-test-run", 5.0).isSpent());
    assertFalse(CostBudget.shared("another-budget-test-run", 5.0).isSpent());
    assertThrows(IllegalArgumentException.class, () -> CostBudget.of(-1));
    assertThrows(IllegalArgumentException.class, () -> budget.record(Double.NaN));
  }

  @Test
  public void aTransientFailureLeftAfterRetriesBecomesARejectedOutcome() {
    FakeModel model =
        goodModel()
            .on(
                "critique",
                call ->
                    new LlmException.ServerError(
                        "anthropic", 529, "{\"error\":\"overloaded\"}", true, null));
    CompletableFuture<SampleResult> future =
        new LlmSampleGenerator(
                ticketSpec(), ticketSeeds(2), twoCalls().build(), model, PRICES, null)
            .generate(plan(0, ticketValues(), List.of(0)));

    assertFalse(future.isCompletedExceptionally());
    SampleResult result = future.join();
    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertEquals("revision", rejected.stage());
    assertEquals(1, rejected.attempts());
    assertThat(
        rejected.reasons().get(0),
        containsString("model call failed after retries: anthropic: overloaded (HTTP 529)"));
    assertEquals(2, result.modelCalls());
    assertEquals(2, model.calls().size());
  }

  @Test
  public void aPermanentFailureEndsTheSampleWithoutRegenerating() {
    FakeModel model =
        goodModel()
            .on(
                "draft_record",
                call -> new LlmException.BadRequest("openai", 400, "{\"error\":\"bad schema\"}"));
    SampleResult result =
        new LlmSampleGenerator(
                ticketSpec(), ticketSeeds(2), twoCalls().build(), model, PRICES, null)
            .generate(plan(0, ticketValues(), List.of(0)))
            .join();

    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertEquals("draft", rejected.stage());
    assertThat(
        rejected.reasons().get(0),
        containsString("model call failed: openai: the request" + " was rejected (HTTP 400)"));
    assertEquals(1, model.calls().size());
  }

  @Test
  public void aClientThatThrowsInsteadOfFailingItsFutureStillGivesAnOutcome() {
    LlmClient throwing =
        new LlmClient() {
          @Override
          public CompletableFuture<ChatResponse> chat(ChatRequest request) {
            throw new LlmException.Connection("gemini", "connection refused", null);
          }
        };
    SampleResult result =
        new LlmSampleGenerator(
                ticketSpec(), ticketSeeds(2), twoCalls().build(), throwing, PRICES, null)
            .generate(plan(0, ticketValues(), List.of(0)))
            .join();

    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertEquals("draft", rejected.stage());
    assertThat(rejected.reasons().get(0), containsString("connection refused"));
  }

  @Test
  public void aPlanPointingPastTheSeedExamplesIsRejectedNotThrown() {
    SampleResult result =
        new LlmSampleGenerator(
                ticketSpec(), ticketSeeds(2), twoCalls().build(), goodModel(), PRICES, null)
            .generate(plan(0, ticketValues(), List.of(5)))
            .join();

    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) result.outcome();
    assertEquals("generate", rejected.stage());
    assertThat(rejected.reasons().get(0), containsString("seed example 5, but there are 2"));
  }

  @Test
  public void aModelWithoutAPriceIsRefusedBeforeAnySample() {
    GenerateFixtures.Settings settings = twoCalls();
    GenerationSettings built = settings.build();
    GenerationSettings unpriced =
        new GenerationSettings(
            new StageModel("acme/unknown-model", 1024),
            built.outline(),
            built.revision(),
            built.revisionTypes(),
            built.filteringTypes(),
            built.maxRevisionCycles(),
            built.skipOutline(),
            built.unifiedMultifield(),
            built.calculator(),
            built.seedShufflingLevel(),
            built.maxExamplesInPrompt(),
            built.maxAttempts());
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new LlmSampleGenerator(
                    ticketSpec(), ticketSeeds(2), unpriced, goodModel(), PRICES, null));
    assertThat(error.getMessage(), containsString("acme/unknown-model"));
  }
}
