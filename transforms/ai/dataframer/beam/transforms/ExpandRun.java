package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkNotNull;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkState;

import ai.dataframer.beam.core.plan.IndexRange;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.spec.Spec;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Fans a run out into one {@link SamplePlan} per sample (docs/ARCHITECTURE.md section 6, step 1).
 *
 * <p>The input holds exactly one spec (a spec created earlier in the same job can feed it); more
 * than one fails the singleton view. The run fans out into index ranges of at most {@link
 * IndexRange#MAX_SIZE} samples, and the fusion break follows that fan-out: without it the whole run
 * would be fused onto the one worker that read the spec. The break shuffles ranges, not plans: a
 * plan depends only on the spec, the settings and its index, so a range stands for up to a thousand
 * plans in a few bytes, and each worker expands its ranges where it generates them. Retries and
 * other runners give the same plans.
 *
 * <pre>{@code
 * PCollection<SamplePlan> plans =
 *     spec.apply(DataFramer.expandRun()
 *         .withRunId(runId)
 *         .withNumberOfSamples(1000)
 *         .withRandomSeed(42)
 *         .withSeedExampleCount(examples.count()));
 * }</pre>
 */
public final class ExpandRun extends PTransform<PCollection<Spec>, PCollection<SamplePlan>> {
  /** Every example in the seed example list: its size was bounded when it was sampled. */
  static final int ALL_EXAMPLES = Integer.MAX_VALUE;

  /**
   * Keys the ranges are spread over after the fan-out. Enough for every worker of a large job to
   * take several; bounded because a runner may pay per key (the direct runner processes each key as
   * its own bundle, which made a 10,000-sample run take minutes with one key per plan).
   */
  static final int FAN_OUT_BUCKETS = 1024;

  private final long numberOfSamples;
  private final @Nullable String runId;
  private final long randomSeed;
  private final SeedShufflingLevel seedShufflingLevel;
  private final int examplesPerPlan;
  private final @Nullable PCollectionView<Long> seedExampleCount;
  private final int minRangeSize;

  private ExpandRun(
      long numberOfSamples,
      @Nullable String runId,
      long randomSeed,
      SeedShufflingLevel seedShufflingLevel,
      int examplesPerPlan,
      @Nullable PCollectionView<Long> seedExampleCount,
      int minRangeSize) {
    this.numberOfSamples = numberOfSamples;
    this.runId = runId;
    this.randomSeed = randomSeed;
    this.seedShufflingLevel = seedShufflingLevel;
    this.examplesPerPlan = examplesPerPlan;
    this.seedExampleCount = seedExampleCount;
    this.minRangeSize = minRangeSize;
  }

  /** Defaults: seed 0, seed_shuffling_level none, all seed examples, seedless. */
  static ExpandRun create() {
    return new ExpandRun(0, null, 0L, SeedShufflingLevel.NONE, ALL_EXAMPLES, null, 1);
  }

  /** How many samples the run has ({@code number_of_samples}); required. */
  public ExpandRun withNumberOfSamples(long numberOfSamples) {
    checkArgument(numberOfSamples > 0, "numberOfSamples must be > 0, but was %s", numberOfSamples);
    return new ExpandRun(
        numberOfSamples,
        runId,
        randomSeed,
        seedShufflingLevel,
        examplesPerPlan,
        seedExampleCount,
        minRangeSize);
  }

  /** The run id every sample id derives from (see {@code RunIds}); required. */
  public ExpandRun withRunId(String runId) {
    checkArgument(runId != null && !runId.isEmpty(), "runId must be non-empty, but was %s", runId);
    return new ExpandRun(
        numberOfSamples,
        runId,
        randomSeed,
        seedShufflingLevel,
        examplesPerPlan,
        seedExampleCount,
        minRangeSize);
  }

  /** The run seed all plan randomness derives from. */
  public ExpandRun withRandomSeed(long randomSeed) {
    return new ExpandRun(
        numberOfSamples,
        runId,
        randomSeed,
        seedShufflingLevel,
        examplesPerPlan,
        seedExampleCount,
        minRangeSize);
  }

  /** How seed examples vary between samples ({@code seed_shuffling_level}). */
  public ExpandRun withSeedShufflingLevel(SeedShufflingLevel level) {
    checkArgument(level != null, "seedShufflingLevel must not be null");
    return new ExpandRun(
        numberOfSamples, runId, randomSeed, level, examplesPerPlan, seedExampleCount, minRangeSize);
  }

  /** Seed examples per prompt ({@code max_examples_in_prompt}); at most the seed example count. */
  public ExpandRun withExamplesPerPlan(int examplesPerPlan) {
    checkArgument(examplesPerPlan > 0, "examplesPerPlan must be > 0, but was %s", examplesPerPlan);
    return new ExpandRun(
        numberOfSamples,
        runId,
        randomSeed,
        seedShufflingLevel,
        examplesPerPlan,
        seedExampleCount,
        minRangeSize);
  }

  /**
   * The size of the seed example list (see {@link SeedExamples}); without it the run is seedless.
   */
  public ExpandRun withSeedExampleCount(PCollectionView<Long> seedExampleCount) {
    checkArgument(seedExampleCount != null, "seedExampleCount must not be null");
    return new ExpandRun(
        numberOfSamples,
        runId,
        randomSeed,
        seedShufflingLevel,
        examplesPerPlan,
        seedExampleCount,
        minRangeSize);
  }

  /**
   * Plans per range at least (the last range may have fewer): set it to the samples a worker keeps
   * in flight, so a range never ends before the worker is full. Default 1.
   */
  public ExpandRun withMinRangeSize(int minRangeSize) {
    checkArgument(minRangeSize >= 1, "minRangeSize must be >= 1, but was %s", minRangeSize);
    return new ExpandRun(
        numberOfSamples,
        runId,
        randomSeed,
        seedShufflingLevel,
        examplesPerPlan,
        seedExampleCount,
        minRangeSize);
  }

  @Override
  public PCollection<SamplePlan> expand(PCollection<Spec> spec) {
    checkConfigured();
    RangePlans plans = rangePlans(spec.apply("SpecAsSingleton", View.asSingleton()));
    return spec.apply("Ranges", ranges())
        .apply("PlanSamples", ParDo.of(new PlanRangeFn(plans)).withSideInputs(plans.sideInputs()))
        .setCoder(SamplePlanCoder.of());
  }

  /**
   * The run's index ranges after the fusion break, for a generating step that plans them itself
   * ({@link GenerateSamples#fromRanges}).
   */
  PTransform<PCollection<Spec>, PCollection<IndexRange>> ranges() {
    checkConfigured();
    long samples = numberOfSamples;
    long minSize = minRangeSize;
    return new PTransform<>() {
      @Override
      public PCollection<IndexRange> expand(PCollection<Spec> spec) {
        return spec.apply(
                "SplitIntoIndexRanges",
                FlatMapElements.into(TypeDescriptor.of(IndexRange.class))
                    .via((Spec ignored) -> IndexRange.split(samples, minSize)))
            .setCoder(IndexRangeCoder.of())
            .apply("BreakFusionAfterFanOut", new BreakFusion());
      }
    };
  }

  /** How this run plans a range, reading the spec from {@code specView}. */
  RangePlans rangePlans(PCollectionView<Spec> specView) {
    checkConfigured();
    return new RangePlans(
        specView,
        seedExampleCount,
        checkNotNull(runId),
        randomSeed,
        seedShufflingLevel,
        examplesPerPlan);
  }

  private void checkConfigured() {
    checkState(numberOfSamples > 0, "withNumberOfSamples() is required");
    checkState(runId != null, "withRunId() is required");
  }

  long numberOfSamples() {
    return numberOfSamples;
  }

  /**
   * A shuffle of the ranges keyed by bucket. Not Reshuffle: its per-element trigger makes the
   * direct runner take minutes for thousands of elements, and this transform only sees bounded
   * input.
   */
  static final class BreakFusion
      extends PTransform<PCollection<IndexRange>, PCollection<IndexRange>> {
    @Override
    public PCollection<IndexRange> expand(PCollection<IndexRange> ranges) {
      return ranges
          .apply(
              "KeyByBucket",
              WithKeys.of((IndexRange range) -> bucketOf(range))
                  .withKeyType(TypeDescriptors.integers()))
          .setCoder(KvCoder.of(VarIntCoder.of(), IndexRangeCoder.of()))
          .apply("GroupByBucket", GroupByKey.create())
          .apply(
              "Ungroup",
              FlatMapElements.into(TypeDescriptor.of(IndexRange.class))
                  .via((KV<Integer, Iterable<IndexRange>> bucket) -> bucket.getValue()))
          .setCoder(IndexRangeCoder.of());
    }

    /** Range starts are multiples of one size, so they are mixed before taking the bucket. */
    static int bucketOf(IndexRange range) {
      long mixed = range.start() * 0x9E3779B97F4A7C15L;
      return (int) Math.floorMod(mixed ^ (mixed >>> 32), (long) FAN_OUT_BUCKETS);
    }
  }
}
