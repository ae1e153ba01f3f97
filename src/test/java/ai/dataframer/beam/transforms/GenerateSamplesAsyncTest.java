package ai.dataframer.beam.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.generate.SampleGenerator;
import ai.dataframer.beam.core.generate.SampleResult;
import ai.dataframer.beam.core.generate.Stage;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.run.RunStats;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;

/**
 * The DoFn behind GenerateSamples with a generator whose samples finish later, on other threads, in
 * any order, as model calls do: every plan comes out exactly once, the in-flight limit holds, and
 * the per-bundle stats add up to the samples.
 */
public class GenerateSamplesAsyncTest {
  private static final int PLANS = 600;
  private static final int MAX_IN_FLIGHT = 8;
  static final Schema RECORD_SCHEMA =
      Schema.builder().addNullableField("kind", RowRecords.beamType(FieldType.STRING)).build();

  /** One property bound to the one record field. */
  static final Spec SPEC =
      new Spec(
          "parts",
          "one part",
          List.of(new PropertyVariation("kind", List.of("bolt", "nut"), Map.of(), null)),
          List.of(new RecordField("kind", FieldType.STRING, "kind", 0, List.of(), null, null)));

  /** Per generator instance: samples in flight now and at most, shared with the test by key. */
  private static final Map<String, AtomicInteger> IN_FLIGHT = new ConcurrentHashMap<>();

  private static final Map<String, AtomicInteger> MOST_IN_FLIGHT = new ConcurrentHashMap<>();
  private static final ScheduledExecutorService LATER = Executors.newScheduledThreadPool(3);

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** Finishes each sample 0-6 ms later on another thread; every tenth is a rejection. */
  private static final class DelayedGenerators implements GeneratorFactory {
    @Override
    public SampleGenerator create(
        Spec spec,
        List<Map<String, Object>> seeds,
        FingerprintSet fingerprints,
        SeedKeyPositions seedKeys,
        Runnable onCopyRedraw) {
      String instance = java.util.UUID.randomUUID().toString();
      AtomicInteger now = IN_FLIGHT.computeIfAbsent(instance, k -> new AtomicInteger());
      AtomicInteger most = MOST_IN_FLIGHT.computeIfAbsent(instance, k -> new AtomicInteger());
      return plan -> {
        most.accumulateAndGet(now.incrementAndGet(), Math::max);
        CompletableFuture<SampleResult> done = new CompletableFuture<>();
        LATER.schedule(
            () -> {
              now.decrementAndGet();
              done.complete(result(plan));
            },
            plan.index() % 7,
            TimeUnit.MILLISECONDS);
        return done;
      };
    }

    private static SampleResult result(SamplePlan plan) {
      Map<Stage, Usage> usage = Map.of(Stage.DRAFT, new Usage(100, 20, 0, 0, 0));
      SampleOutcome outcome =
          plan.index() % 10 == 9
              ? new SampleOutcome.Rejected(plan, "filter", List.of("scripted failure"), 3, null)
              : new SampleOutcome.Accepted(
                  plan, Map.of("kind", plan.propertyValues().get("kind")), 1);
      return new SampleResult(outcome, usage, 0.001, 0, 1);
    }
  }

  private static List<SamplePlan> plans() {
    List<SamplePlan> plans = new ArrayList<>();
    for (long i = 0; i < PLANS; i++) {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("kind", i % 2 == 0 ? "bolt" : "nut");
      plans.add(new SamplePlan("run-a", i, "run-a-" + i, values, List.of(), i * 31));
    }
    return plans;
  }

  @Test
  public void everyPlanComesOutOnceWithinTheInFlightLimitAndStatsAddUp() {
    PCollectionView<Spec> spec =
        pipeline
            .apply("Spec", Create.of(SPEC).withCoder(SerializableCoder.of(Spec.class)))
            .apply("SpecView", View.asSingleton());
    GenerationResult result =
        pipeline
            .apply("Plans", Create.of(plans()).withCoder(SerializableCoder.of(SamplePlan.class)))
            .apply(
                DataFramer.generateSamples()
                    .withSpec(spec)
                    .withRecordSchema(RECORD_SCHEMA)
                    .withSpecId("spec-a")
                    .withSpecVersion(1)
                    .withMaxInFlight(MAX_IN_FLIGHT)
                    .withGenerators(new DelayedGenerators()));

    PAssert.that(result.getSamples())
        .satisfies(
            rows -> {
              Set<Long> indices = new HashSet<>();
              for (Row row : rows) {
                long index = row.getInt64(MetadataColumns.SAMPLE_INDEX);
                assertEquals("each sample once", true, indices.add(index));
                assertEquals(index % 2 == 0 ? "bolt" : "nut", row.getString("kind"));
                assertEquals(
                    120L,
                    (long) row.getInt64(MetadataColumns.INPUT_TOKENS)
                        + row.getInt64(MetadataColumns.OUTPUT_TOKENS));
              }
              assertEquals(PLANS - PLANS / 10, indices.size());
              return null;
            });
    PAssert.that(result.getFailures())
        .satisfies(
            rows -> {
              int count = 0;
              for (Row ignored : rows) {
                count++;
              }
              assertEquals(PLANS / 10, count);
              return null;
            });
    PAssert.thatSingleton(result.getStats().apply(Combine.globally(RunStats::sum)))
        .satisfies(
            total -> {
              assertEquals(PLANS - PLANS / 10, total.samplesCompleted());
              assertEquals(PLANS / 10, total.samplesFailed());
              assertEquals(
                  new Usage(100L * PLANS, 20L * PLANS, 0, 0, 0),
                  total.usageByStage().get(Stage.DRAFT));
              assertEquals(0.001 * PLANS, total.costUsd(), 1e-9);
              return null;
            });
    pipeline.run().waitUntilFinish();

    int most = MOST_IN_FLIGHT.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    assertThat("samples overlapped in flight", most, greaterThan(1));
    assertThat("no instance exceeded its limit", most, lessThanOrEqualTo(MAX_IN_FLIGHT));
  }
}
