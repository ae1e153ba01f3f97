package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.plan.IndexRange;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.run.RunStats;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.FailureRows;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A whole run from a spec: its plans ({@link ExpandRun}), their samples ({@link GenerateSamples}),
 * and optionally refill: each sample that failed every attempt is replaced by a fresh plan, round
 * after round, until all N are accepted or the rounds are spent. The candidate for slot i in round
 * r is the plan of index {@code i + r * N}, so refill is as deterministic as the run. A replaced
 * failure still goes to the failure output, with stage {@code replaced}, but no longer counts as a
 * failed sample: accepted plus failed stays N.
 *
 * <p>Refill changes which plans the accepted samples come from: samples whose property values fail
 * more often are replaced by others, so it trades the assigned distribution for a full count.
 * Regeneration with the same plan (the attempts) does not; it is off by default.
 */
public final class GenerateRun extends PTransform<PCollection<Spec>, GenerationResult> {
  private final ExpandRun plans;
  private final GenerateSamples samples;
  private final int refillRounds;

  private GenerateRun(ExpandRun plans, GenerateSamples samples, int refillRounds) {
    this.plans = plans;
    this.samples = samples;
    this.refillRounds = refillRounds;
  }

  static GenerateRun of(ExpandRun plans, GenerateSamples samples) {
    return new GenerateRun(plans, samples, 0);
  }

  /** Rounds of replacement plans for failed samples; default 0 (no refill). */
  public GenerateRun withRefillRounds(int rounds) {
    checkArgument(rounds >= 0, "refill rounds must be >= 0, but was %s", rounds);
    return new GenerateRun(plans, samples, rounds);
  }

  @Override
  public GenerationResult expand(PCollection<Spec> spec) {
    // Ranges, not plans, reach the generating step, which plans them (docs/ARCHITECTURE.md
    // section 3).
    PCollectionView<Spec> specView = spec.apply("SpecView", View.asSingleton());
    RangePlans rangePlans = plans.rangePlans(specView);
    GenerationResult round =
        spec.apply("ExpandRun", plans.ranges())
            .apply("GenerateSamples", samples.fromRanges(rangePlans));
    if (refillRounds == 0) {
      return round;
    }
    List<GenerationResult> rounds = new ArrayList<>(List.of(round));
    PCollectionList<Row> failures = PCollectionList.empty(spec.getPipeline());
    PCollectionList<RunStats> stats = PCollectionList.empty(spec.getPipeline());
    long n = plans.numberOfSamples();
    for (int r = 1; r <= refillRounds; r++) {
      failures =
          failures.and(
              round
                  .getFailures()
                  .apply(
                      "MarkReplaced" + r,
                      MapElements.into(TypeDescriptor.of(Row.class)).via(GenerateRun::replaced))
                  .setRowSchema(FailureRows.SCHEMA));
      stats =
          stats.and(
              round
                  .getStats()
                  .apply(
                      "ReplacedAreNotFailed" + r,
                      MapElements.into(TypeDescriptor.of(RunStats.class))
                          .via(
                              (RunStats s) ->
                                  new RunStats(
                                      s.samplesCompleted(), 0, s.usageByStage(), s.costUsd())))
                  .setCoder(SerializableCoder.of(RunStats.class)));
      PCollection<IndexRange> next =
          round
              .getRejectedPlans()
              .apply(
                  "NextCandidates" + r,
                  MapElements.into(TypeDescriptor.of(IndexRange.class))
                      .via(
                          (SamplePlan plan) ->
                              new IndexRange(plan.index() + n, plan.index() + n + 1)))
              .setCoder(IndexRangeCoder.of());
      round = next.apply("RefillSamples" + r, samples.fromRanges(rangePlans));
      rounds.add(round);
    }
    PCollection<Row> allFailures =
        failures
            .and(round.getFailures())
            .apply("AllFailures", Flatten.pCollections())
            .setRowSchema(FailureRows.SCHEMA);
    PCollection<RunStats> allStats =
        stats
            .and(round.getStats())
            .apply("AllStats", Flatten.pCollections())
            .setCoder(SerializableCoder.of(RunStats.class));
    // Every round writes its records, or every round outputs them: one GenerateSamples for all.
    if (round.isWritten()) {
      return GenerationResult.written(
          flatten(rounds, GenerationResult::getWrittenParts, "AllWrittenParts"),
          allFailures,
          allStats,
          round.getRejectedPlans());
    }
    return GenerationResult.of(
        flatten(rounds, GenerationResult::getSamples, "AllSamples"),
        allFailures,
        allStats,
        round.getRejectedPlans());
  }

  /** One output of every round in one collection, with the rounds' coder. */
  private static <T> PCollection<T> flatten(
      List<GenerationResult> rounds,
      Function<GenerationResult, PCollection<T>> output,
      String name) {
    PCollectionList<T> all = PCollectionList.empty(rounds.get(0).getStats().getPipeline());
    for (GenerationResult each : rounds) {
      all = all.and(output.apply(each));
    }
    return all.apply(name, Flatten.pCollections()).setCoder(output.apply(rounds.get(0)).getCoder());
  }

  private static Row replaced(Row failure) {
    return Row.fromRow(failure)
        .withFieldValue("stage", "replaced")
        .withFieldValue(
            "reason",
            "replaced by a fresh plan (refill); it failed at "
                + failure.getString("stage")
                + ": "
                + failure.getString("reason"))
        .build();
  }
}
