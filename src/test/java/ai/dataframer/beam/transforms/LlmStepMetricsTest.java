package ai.dataframer.beam.transforms;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.generate.GenerationSettings;
import ai.dataframer.beam.core.generate.StageModel;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.llm.StepMetrics;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.ScriptedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * The model clients' Beam counters reach the step's metrics for every call, also for the samples
 * the step starts from the threads that finished the ones before (more samples than may be in
 * flight): there Beam finds no step, and counting from those threads had lost the counts.
 */
public class LlmStepMetricsTest {
  private static final int PLANS = 40;
  private static final int MAX_IN_FLIGHT = 3;
  private static final String MODEL = "anthropic/claude-haiku-4-5";
  private static final Schema RECORD_SCHEMA = GenerateSamplesAsyncTest.RECORD_SCHEMA;
  private static final Spec SPEC = GenerateSamplesAsyncTest.SPEC;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private final FakeProviderServer fake;

  public LlmStepMetricsTest() throws Exception {
    fake =
        new FakeProviderServer()
            .respondWith(new ScriptedModel(null, null))
            .withLatency(Duration.ofMillis(20))
            .start();
  }

  @After
  public void stop() throws Exception {
    fake.close();
  }

  @Test
  public void everyCallIsCountedInTheStepsMetrics() {
    PCollectionView<Spec> spec =
        pipeline
            .apply("Spec", Create.of(SPEC).withCoder(SerializableCoder.of(Spec.class)))
            .apply("SpecView", View.asSingleton());
    List<SamplePlan> plans = new ArrayList<>();
    for (long i = 0; i < PLANS; i++) {
      plans.add(
          new SamplePlan(
              "run-m", i, "run-m-" + i, Map.of("kind", i % 2 == 0 ? "bolt" : "nut"), List.of(), i));
    }
    pipeline
        .apply("Plans", Create.of(plans).withCoder(SerializableCoder.of(SamplePlan.class)))
        .apply(
            DataFramer.generateSamples()
                .withSpec(spec)
                .withRecordSchema(RECORD_SCHEMA)
                .withSpecId("spec-m")
                .withSpecVersion(1)
                .withMaxInFlight(MAX_IN_FLIGHT)
                .withGenerationSettings(
                    GenerationSettings.draftOnly(new StageModel(MODEL, 1024), 2))
                .withModelClients(
                    LlmSettings.fromEnvironment(
                        Map.of(
                            "ANTHROPIC_API_KEY",
                            "test-key",
                            "ANTHROPIC_BASE_URL",
                            fake.anthropicBaseUrl()))));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertEquals(
        "samples queued behind the in-flight limit started later, on the callers' threads",
        true,
        fake.callCount() >= PLANS);
    assertEquals(fake.callCount(), counter(result, "calls"));
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(StepMetrics.NAMESPACE, name))
                    .build())
            .getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }
}
