package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketJson;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSeeds;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.engine.GenerationLoop;
import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.request.FilteringType;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.Spec;
import java.util.List;
import org.junit.Test;

/**
 * The structural filter of the LLM path rejects a record breaking one of the spec's constraints.
 */
public class LlmConstraintsTest {
  private static FakeModel model() {
    return new FakeModel().on("draft_record", call -> ticketJson("A broken screen."));
  }

  private static SampleOutcome generate(Spec spec, FakeModel model) {
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.filteringTypes = List.of(FilteringType.STRUCTURAL);
    settings.maxAttempts = 2;
    return new LlmSampleGenerator(
            spec, ticketSeeds(6), settings.build(), model, PriceTable.defaults(), null)
        .generate(plan(0, ticketValues(), List.of()))
        .join()
        .outcome();
  }

  @Test
  public void aRecordBreakingAConstraintIsRejectedNamingIt() {
    // In the six seed tickets a laptop is mostly of low priority; the model writes a high one.
    Spec spec =
        ticketSpec().withConstraints(List.of(new Constraint.Determines("product", "priority")));
    FakeModel model = model();
    SampleOutcome outcome = generate(spec, model);
    assertThat(
        "the model is told the rule",
        model.calls("draft_record").get(0).task(),
        containsString(
            "- each product goes with one priority, the one the seed examples show with it"));
    assertThat(outcome, instanceOf(SampleOutcome.Rejected.class));
    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) outcome;
    assertEquals(GenerationLoop.STAGE_FILTER, rejected.stage());
    assertThat(
        rejected.reasons(),
        contains(
            "priority high does not go with product laptop, which the seed shows with low"
                + " (constraint determines product -> priority)"));
  }

  @Test
  public void withoutTheConstraintTheSameRecordIsAccepted() {
    assertThat(generate(ticketSpec(), model()), instanceOf(SampleOutcome.Accepted.class));
  }
}
