package ai.dataframer.beam.core.plan;

import static ai.dataframer.beam.core.plan.PlanFixtures.PRIORITY_BASE;
import static ai.dataframer.beam.core.plan.PlanFixtures.PRIORITY_GIVEN_PRODUCT;
import static ai.dataframer.beam.core.plan.PlanFixtures.chiSquare;
import static ai.dataframer.beam.core.plan.PlanFixtures.counts;
import static ai.dataframer.beam.core.plan.PlanFixtures.fits;
import static ai.dataframer.beam.core.plan.PlanFixtures.ticketDistributionMisfits;
import static ai.dataframer.beam.core.plan.PlanFixtures.ticketSpec;
import static ai.dataframer.beam.core.plan.PlanFixtures.ticketSpecWithoutConditionals;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.ConditionalDistribution;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.Test;

public class PlannerTest {
  private static final RunSettings SEEDLESS =
      new RunSettings("run-1", 42L, 0, SeedShufflingLevel.NONE, 3);

  private static List<SamplePlan> plans(Spec spec, RunSettings settings, int n) {
    Planner planner = new Planner(spec);
    List<SamplePlan> plans = new ArrayList<>(n);
    for (long i = 0; i < n; i++) {
      plans.add(planner.plan(settings, i));
    }
    return plans;
  }

  @Test
  public void drawsParentsBeforeChildren() {
    Planner planner = new Planner(ticketSpec());

    assertEquals(List.of("product", "priority"), planner.propertyOrder());
    assertEquals(
        List.of("product", "priority"),
        List.copyOf(planner.drawValues(new SplittableRandom(1)).keySet()));
  }

  @Test
  public void tenThousandPlansFollowBaseAndConditionalDistributions() {
    List<SamplePlan> plans = plans(ticketSpec(), SEEDLESS, 10_000);

    assertThat(ticketDistributionMisfits(plans), empty());
  }

  @Test
  public void distributionCheckFailsWhenConditionalsAreIgnored() {
    List<SamplePlan> plans = plans(ticketSpecWithoutConditionals(), SEEDLESS, 10_000);

    assertThat(ticketDistributionMisfits(plans), hasSize(3));
  }

  @Test
  public void childGivenLaptopIsFarFromItsMarginal() {
    List<SamplePlan> plans = plans(ticketSpec(), SEEDLESS, 10_000);
    Map<String, Long> givenLaptop = counts(plans, "priority", "product", "laptop");

    assertTrue(fits(givenLaptop, PRIORITY_GIVEN_PRODUCT.get("laptop")));
    // 60/40 against 70/30 over ~5,000 draws is far outside sampling error.
    assertThat(chiSquare(givenLaptop, PRIORITY_BASE), greaterThan(100.0));
  }

  @Test
  public void emptyBaseDistributionIsUniform() {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(
                new PropertyVariation(
                    "colour", List.of("red", "green", "blue", "grey"), Map.of(), null)),
            List.of());
    List<SamplePlan> plans = plans(spec, SEEDLESS, 10_000);
    Map<String, Long> observed = counts(plans, "colour", null, null);

    assertTrue(
        observed.toString(),
        fits(
            observed,
            PlanFixtures.ordered("red", 25.0, "green", 25.0, "blue", 25.0, "grey", 25.0)));
  }

  @Test
  public void zeroWeightValuesAreNeverDrawn() {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(
                new PropertyVariation(
                    "tier",
                    List.of("free", "pro", "team"),
                    PlanFixtures.ordered("free", 0.0, "pro", 100.0, "team", 0.0),
                    null)),
            List.of());

    assertEquals(Map.of("pro", 2_000L), counts(plans(spec, SEEDLESS, 2_000), "tier", null, null));
  }

  @Test
  public void sameSeedGivesIdenticalPlansAndOtherSeedDifferent() {
    List<SamplePlan> first = plans(ticketSpec(), SEEDLESS, 500);
    List<SamplePlan> again = plans(ticketSpec(), SEEDLESS, 500);
    List<SamplePlan> otherSeed =
        plans(ticketSpec(), new RunSettings("run-1", 43L, 0, SeedShufflingLevel.NONE, 3), 500);

    assertEquals(first, again);
    assertNotEquals(
        first.stream().map(SamplePlan::propertyValues).toList(),
        otherSeed.stream().map(SamplePlan::propertyValues).toList());
    assertNotEquals(
        first.stream().map(SamplePlan::seed).toList(),
        otherSeed.stream().map(SamplePlan::seed).toList());
  }

  @Test
  public void plansDoNotDependOnOrderOfComputation() {
    RunSettings settings = new RunSettings("run-1", 7L, 20, SeedShufflingLevel.NONE, 5);
    List<SamplePlan> inOrder = plans(ticketSpec(), settings, 300);
    List<Long> shuffled = new ArrayList<>();
    for (long i = 0; i < 300; i++) {
      shuffled.add(i);
    }
    Collections.shuffle(shuffled, new java.util.Random(99));
    Planner fresh = new Planner(ticketSpec());
    SamplePlan[] byIndex = new SamplePlan[300];
    for (long i : shuffled) {
      byIndex[(int) i] = fresh.plan(settings, i);
    }

    assertEquals(inOrder, List.of(byIndex));
  }

  @Test
  public void identityFollowsRunIdAndIndex() {
    SamplePlan plan = new Planner(ticketSpec()).plan(SEEDLESS, 17);

    assertEquals("run-1", plan.runId());
    assertEquals(17, plan.index());
    assertEquals(SampleIds.of("run-1", 17), plan.sampleId());
    assertEquals(UUID.nameUUIDFromBytes("run-1:17".getBytes()).toString(), plan.sampleId());
    assertEquals(Seeds.derive(42L, 17, "sample"), plan.seed());
  }

  @Test
  public void noneLevelSharesOneExampleListAcrossTheRun() {
    RunSettings settings = new RunSettings("run-1", 5L, 20, SeedShufflingLevel.NONE, 6);
    List<SamplePlan> plans = plans(ticketSpec(), settings, 200);
    List<Integer> shared = plans.get(0).exampleIndices();

    assertEquals(6, new HashSet<>(shared).size());
    assertTrue(shared.stream().allMatch(i -> i >= 0 && i < 20));
    assertTrue(plans.stream().allMatch(p -> p.exampleIndices().equals(shared)));
    assertEquals(SeedExampleDraw.forRun(5L, 20, 6), shared);
    assertNotEquals(shared, SeedExampleDraw.forRun(6L, 20, 6));
  }

  @Test
  public void sampleLevelDrawsDistinctExamplesPerSample() {
    RunSettings settings = new RunSettings("run-1", 5L, 20, SeedShufflingLevel.SAMPLE, 6);
    List<SamplePlan> plans = plans(ticketSpec(), settings, 2_000);
    Set<List<Integer>> distinctLists = new HashSet<>();
    long[] shown = new long[20];
    for (SamplePlan plan : plans) {
      List<Integer> examples = plan.exampleIndices();
      assertEquals(examples.toString(), 6, new HashSet<>(examples).size());
      examples.forEach(i -> shown[i]++);
      distinctLists.add(examples);
    }

    assertThat(distinctLists.size(), greaterThan(1_900));
    // Each seed example is shown in about 6/20 of the 2,000 samples (600, sd ~20).
    for (long count : shown) {
      assertTrue("shown " + count + " times", count > 500 && count < 700);
    }
  }

  @Test
  public void fieldAndPromptLevelsLeaveExamplesToEachCall() {
    for (SeedShufflingLevel level : List.of(SeedShufflingLevel.FIELD, SeedShufflingLevel.PROMPT)) {
      SamplePlan plan = new Planner(ticketSpec()).plan(new RunSettings("r", 5L, 20, level, 6), 3);
      assertThat(plan.exampleIndices(), empty());
    }
    List<Integer> draft = SeedExampleDraw.forCall(5L, 3, "draft:price", 20, 6);

    assertEquals(draft, SeedExampleDraw.forCall(5L, 3, "draft:price", 20, 6));
    assertEquals(6, new HashSet<>(draft).size());
    assertNotEquals(draft, SeedExampleDraw.forCall(5L, 3, "draft:body", 20, 6));
    assertNotEquals(draft, SeedExampleDraw.forCall(5L, 4, "draft:price", 20, 6));
  }

  @Test
  public void examplesPerPlanIsClampedToTheSeedExampleCount() {
    RunSettings settings = new RunSettings("r", 5L, 4, SeedShufflingLevel.SAMPLE, 10);
    SamplePlan plan = new Planner(ticketSpec()).plan(settings, 0);

    assertEquals(4, settings.examplesPerPlan());
    assertEquals(Set.of(0, 1, 2, 3), new HashSet<>(plan.exampleIndices()));
  }

  @Test
  public void seedlessRunsShowNoExamples() {
    for (SeedShufflingLevel level : SeedShufflingLevel.values()) {
      SamplePlan plan = new Planner(ticketSpec()).plan(new RunSettings("r", 5L, 0, level, 3), 0);
      assertThat(plan.exampleIndices(), empty());
    }
  }

  @Test
  public void distinctDrawIsAUniformPermutationPrefix() {
    // Over many draws of 2 of 4, each of the 12 ordered pairs is about equally likely.
    Map<String, Long> pairs = new java.util.TreeMap<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 12_000; i++) {
      pairs.merge(SeedExampleDraw.distinct(random, 4, 2).toString(), 1L, Long::sum);
    }

    assertEquals(12, pairs.size());
    for (long count : pairs.values()) {
      assertTrue(pairs.toString(), count > 850 && count < 1_150);
    }
  }

  @Test
  public void unknownParentIsNamed() {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(
                new PropertyVariation(
                    "priority",
                    List.of("low"),
                    Map.of(),
                    new ConditionalDistribution("region", Map.of()))),
            List.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Planner(spec));
    assertThat(e.getMessage(), containsString("'priority'"));
    assertThat(e.getMessage(), containsString("'region'"));
  }

  @Test
  public void cycleIsNamed() {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(
                new PropertyVariation(
                    "a", List.of("x"), Map.of(), new ConditionalDistribution("b", Map.of())),
                new PropertyVariation(
                    "b", List.of("y"), Map.of(), new ConditionalDistribution("a", Map.of()))),
            List.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Planner(spec));
    assertThat(e.getMessage(), containsString("cycle among properties [a, b]"));
  }

  @Test
  public void distributionNamingAnUnknownValueIsNamed() {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(
                new PropertyVariation(
                    "tier",
                    List.of("free", "pro"),
                    PlanFixtures.ordered("free", 50.0, "gold", 50.0),
                    null)),
            List.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Planner(spec));
    assertThat(e.getMessage(), containsString("property 'tier': base_distributions names 'gold'"));
  }

  @Test
  public void conditionalNamingAnUnknownParentValueIsNamed() {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(
                new PropertyVariation("product", List.of("laptop"), Map.of(), null),
                new PropertyVariation(
                    "priority",
                    List.of("low"),
                    Map.of(),
                    new ConditionalDistribution(
                        "product", Map.of("tablet", Map.of("low", 100.0))))),
            List.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Planner(spec));
    assertThat(e.getMessage(), containsString("names 'tablet', which is not a value of parent"));
  }

  @Test
  public void allZeroDistributionIsRejected() {
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(
                new PropertyVariation(
                    "tier", List.of("free"), PlanFixtures.ordered("free", 0.0), null)),
            List.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Planner(spec));
    assertThat(e.getMessage(), containsString("property 'tier': base_distributions gives every"));
  }

  @Test
  public void runSettingsRejectMissingRunId() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RunSettings("", 1L, 0, SeedShufflingLevel.NONE, 1));
    assertThat(e.getMessage(), containsString("runId"));
  }

  @Test
  public void specWithoutPropertiesPlansEmptyValues() {
    Spec spec = new Spec("d", "r", List.of(), List.of());
    SamplePlan plan = new Planner(spec).plan(SEEDLESS, 0);

    assertTrue(plan.propertyValues().isEmpty());
    assertFalse(plan.sampleId().isEmpty());
    assertThat(plan.sampleId(), not(SampleIds.of("run-1", 1)));
  }
}
