package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static ai.dataframer.beam.core.engine.EngineFixtures.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class GenerationLoopTest {
  private final SamplePlan plan = plan(7, values("product", "laptop"));

  /**
   * Fails the first {@code failures} attempts (a record the filter rejects), then drafts a good
   * one.
   */
  private static final class ScriptedDrafter implements SampleDrafter {
    private final int failures;
    final List<SamplePlan> plans = new ArrayList<>();
    final List<Integer> attempts = new ArrayList<>();

    ScriptedDrafter(int failures) {
      this.failures = failures;
    }

    @Override
    public Map<String, Object> draft(SamplePlan plan, int attempt) {
      plans.add(plan);
      attempts.add(attempt);
      return Map.of("ok", attempt > failures, "attempt", attempt);
    }
  }

  private static final SampleFilter OK_FILTER =
      (plan, record) ->
          Boolean.TRUE.equals(record.get("ok"))
              ? List.of()
              : List.of("attempt " + record.get("attempt") + " is not ok");

  @Test
  public void acceptsTheFirstDraftThatPasses() {
    ScriptedDrafter drafter = new ScriptedDrafter(2);
    SampleOutcome outcome = new GenerationLoop(drafter, List.of(OK_FILTER), 3).generate(plan);
    assertThat(outcome, instanceOf(SampleOutcome.Accepted.class));
    assertEquals(3, outcome.attempts());
    assertEquals(Map.of("ok", true, "attempt", 3), ((SampleOutcome.Accepted) outcome).record());
  }

  @Test
  public void regeneratesWithTheSamePlanAndTheNextAttemptNumber() {
    ScriptedDrafter drafter = new ScriptedDrafter(2);
    new GenerationLoop(drafter, List.of(OK_FILTER), 5).generate(plan);
    assertEquals(List.of(1, 2, 3), drafter.attempts);
    drafter.plans.forEach(p -> assertSame(plan, p));
  }

  @Test
  public void givesUpAfterMaxAttemptsWithTheLastReasonsAndCandidate() {
    ScriptedDrafter drafter = new ScriptedDrafter(10);
    SampleOutcome outcome = new GenerationLoop(drafter, List.of(OK_FILTER), 4).generate(plan);
    SampleOutcome.Rejected rejected = (SampleOutcome.Rejected) outcome;
    assertEquals(GenerationLoop.STAGE_FILTER, rejected.stage());
    assertEquals(4, rejected.attempts());
    assertThat(rejected.reasons(), contains("attempt 4 is not ok"));
    assertEquals(Map.of("ok", false, "attempt", 4), rejected.lastCandidate());
    assertEquals(List.of(1, 2, 3, 4), drafter.attempts);
  }

  @Test
  public void aDrafterExceptionIsARejectionAtTheGenerateStage() {
    SampleDrafter failing =
        (p, attempt) -> {
          throw new IllegalArgumentException("property 'stars' value 'four' is not a valid int");
        };
    SampleOutcome.Rejected rejected =
        (SampleOutcome.Rejected) new GenerationLoop(failing, List.of(OK_FILTER)).generate(plan);
    assertEquals(GenerationLoop.STAGE_GENERATE, rejected.stage());
    assertEquals(1, rejected.attempts());
    assertThat(rejected.reasons(), contains("property 'stars' value 'four' is not a valid int"));
    assertNull(rejected.lastCandidate());
  }

  @Test
  public void theDefaultIsThreeAttempts() {
    ScriptedDrafter drafter = new ScriptedDrafter(10);
    SampleOutcome outcome = new GenerationLoop(drafter, List.of(OK_FILTER)).generate(plan);
    assertEquals(3, outcome.attempts());
  }

  @Test
  public void maxAttemptsMustBePositive() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new GenerationLoop(new ScriptedDrafter(0), List.of(), 0));
    assertEquals("maxAttempts must be >= 1, but was 0", e.getMessage());
  }

  @Test
  public void anEngineThatCanOnlyCopySeedsEndsInAnExactCopyRejection() {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(EngineFixtures.property("color", "red")),
            List.of(
                EngineFixtures.field("color", FieldType.STRING, "color", 0, List.of(), null, null),
                EngineFixtures.field(
                    "size", FieldType.INT, null, 0, List.of(1.0, 2.0), null, null)));
    FingerprintSet seeds =
        FingerprintSet.ofRecords(
            List.of(
                EmbeddedEngineTest.record("color", "red", "size", 1),
                EmbeddedEngineTest.record("color", "red", "size", 2)));
    int[] redraws = {0};
    EmbeddedEngine engine = new EmbeddedEngine(spec, List.of(), seeds, () -> redraws[0]++);
    GenerationLoop loop =
        new GenerationLoop(
            engine, List.of(new StructuralFilter(spec), new ExactCopyFilter(seeds)), 2);
    SampleOutcome.Rejected rejected =
        (SampleOutcome.Rejected) loop.generate(plan(0, values("color", "red")));
    assertEquals(GenerationLoop.STAGE_FILTER, rejected.stage());
    assertThat(rejected.reasons().get(0), containsString("exact copy of a seed record"));
    assertEquals(2 * EmbeddedEngine.MAX_COPY_REDRAWS, redraws[0]);
  }
}
