package ai.dataframer.beam.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.plan.PlanFixtures;
import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/** A run's plans through the transform, on the Direct runner, against the spec they come from. */
public class ExpandRunTest {
  private static final int SAMPLES = 10_000;
  private static final String RUN_ID = "6f1c2a9e-0b7d-4c3e-9a51-2d8e4f6a7b90";

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private PCollection<SamplePlan> expand(Spec spec, long seed) {
    return pipeline
        .apply("Spec", Create.of(spec).withCoder(SerializableCoder.of(Spec.class)))
        .apply(
            "ExpandRun",
            DataFramer.expandRun()
                .withRunId(RUN_ID)
                .withNumberOfSamples(SAMPLES)
                .withRandomSeed(seed));
  }

  @Test
  public void tenThousandPlansFollowTheBaseAndConditionalDistributions() {
    PAssert.that(expand(PlanFixtures.ticketSpec(), 42))
        .satisfies(
            plans -> {
              assertThat(PlanFixtures.ticketDistributionMisfits(plans), empty());
              return null;
            });
    pipeline.run();
  }

  @Test
  public void theCheckFailsWhenConditionalsAreIgnored() {
    // Plans drawn without priority's conditionals, judged against the spec that has them.
    PAssert.that(expand(PlanFixtures.ticketSpecWithoutConditionals(), 42))
        .satisfies(
            plans -> {
              assertThat(PlanFixtures.ticketDistributionMisfits(plans), hasSize(3));
              return null;
            });
    pipeline.run();
  }

  @Test
  public void everyIndexOnceWithThePlansThePlannerMakes() {
    Spec spec = PlanFixtures.ticketSpec();
    Planner planner = new Planner(spec);
    RunSettings settings =
        new RunSettings(RUN_ID, 42, 0, SeedShufflingLevel.NONE, ExpandRun.ALL_EXAMPLES);
    List<SamplePlan> expected = new ArrayList<>();
    for (long i = 0; i < SAMPLES; i++) {
      expected.add(planner.plan(settings, i));
    }

    PCollection<SamplePlan> plans = expand(spec, 42);
    PAssert.that(plans).containsInAnyOrder(expected);
    PAssert.that(plans)
        .satisfies(
            all -> {
              Set<String> ids = new HashSet<>();
              all.forEach(plan -> ids.add(plan.sampleId()));
              assertEquals("sample ids are distinct", SAMPLES, ids.size());
              return null;
            });
    pipeline.run();
  }

  @Test
  public void numberOfSamplesAndRunIdAreRequired() {
    PCollection<Spec> spec =
        pipeline.apply(
            Create.of(PlanFixtures.ticketSpec()).withCoder(SerializableCoder.of(Spec.class)));

    IllegalStateException noSamples =
        assertThrows(
            IllegalStateException.class,
            () -> spec.apply("NoSamples", DataFramer.expandRun().withRunId(RUN_ID)));
    assertEquals("withNumberOfSamples() is required", noSamples.getMessage());
    IllegalStateException noRunId =
        assertThrows(
            IllegalStateException.class,
            () -> spec.apply("NoRunId", DataFramer.expandRun().withNumberOfSamples(5)));
    assertEquals("withRunId() is required", noRunId.getMessage());
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class, () -> DataFramer.expandRun().withNumberOfSamples(0));
    assertEquals("numberOfSamples must be > 0, but was 0", zero.getMessage());
    pipeline.enableAbandonedNodeEnforcement(false);
  }
}
