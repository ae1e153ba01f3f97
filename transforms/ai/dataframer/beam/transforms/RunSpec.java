package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkState;

import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.generate.GenerationSettings;
import ai.dataframer.beam.core.plan.IndexRange;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.sink.PieceWriter;
import ai.dataframer.beam.io.sink.SampleFolders;
import ai.dataframer.beam.io.sink.SampleSink;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One run of a spec, the front door of the run semantics (docs/ARCHITECTURE.md, "The front door"):
 * the seed's tally holds the spec back until the seed is known to be good enough; then plans,
 * samples (generate, revise, filter, regenerate, with refill), and the records and failures written
 * to {@link RunConfig#output()}, with the run's summary. Create it with {@link
 * DataFramer#run(RunConfig)}; the input is a single-element collection holding the spec.
 *
 * <p>The job that applies it owns the lifecycle around it: pre-checks, the run record, staging and
 * committing the output, and the final status.
 */
public final class RunSpec extends PTransform<PCollection<Spec>, RunResult> {
  /**
   * Samples per range of an embedded run: 100 ranges in a million samples, and a row group of
   * 10,000 records, about a megabyte of Parquet.
   */
  static final long EMBEDDED_RANGE_SIZE = 10_000;

  private final RunConfig config;
  private final @Nullable SeedReadResult seeds;

  private RunSpec(RunConfig config, @Nullable SeedReadResult seeds) {
    this.config = config;
    this.seeds = seeds;
  }

  static RunSpec of(RunConfig config) {
    checkArgument(config != null, "config must not be null");
    return new RunSpec(config, null);
  }

  /**
   * The seed the run learns examples from, fingerprints copies against, and tallies (rows read and
   * rejected; {@code SeedReadResult.empty} for a seedless run). Required.
   */
  public RunSpec withSeeds(SeedReadResult seeds) {
    checkArgument(seeds != null, "seeds must not be null");
    return new RunSpec(config, seeds);
  }

  public RunConfig config() {
    return config;
  }

  @Override
  public RunResult expand(PCollection<Spec> spec) {
    checkState(seeds != null, "withSeeds() is required");
    PCollectionView<SeedTally> tally = SeedCheck.tally(seeds);
    PCollection<Spec> checked = SeedCheck.gate(spec, tally, config.maxSeedRejectFraction());
    SampleSink.Write records = recordsSink();
    boolean folders = config.folderLayout() != null && SampleFolders.canWrite(config.output());
    // Embedded records are written where they are generated; model records, a few thousand a run,
    // and records that also go to sample folders pass as a collection.
    PieceWriter pieces =
        config.models() == null && records.writesIndexBlocks() && !folders
            ? records.pieceWriter(MetadataColumns.outputSchema(config.recordSchema()))
            : null;
    GenerationResult generated = checked.apply("Generate", generateRun(checked, pieces));
    PCollection<Row> failures =
        PCollectionList.of(seeds.getFailures())
            .and(generated.getFailures())
            .apply("AllFailures", Flatten.pCollections())
            .setRowSchema(FailureRows.SCHEMA);
    if (folders) {
      // Not among the summary's files: a run of thousands of samples would list every file.
      generated
          .getSamples()
          .apply("WriteSampleFolders", SampleFolders.to(config.output(), config.folderLayout()));
    }
    PCollection<String> recordFiles =
        generated.isWritten()
            ? records.assemble(generated.getWrittenParts(), pieces).getWrittenPaths()
            : generated.getSamples().apply("WriteRecords", records).getWrittenPaths();
    PCollection<String> files =
        PCollectionList.of(recordFiles)
            .and(writeFailures(failures))
            .apply("AllFiles", Flatten.pCollections());
    if (config.summaryFile() != null) {
      generated
          .getStats()
          .apply(
              "WriteSummary",
              new WriteRunSummary(config.summaryFile(), tally, files, generated.getFailures()));
    }
    return RunResult.of(failures, generated.getStats(), files, tally);
  }

  private GenerateRun generateRun(PCollection<Spec> spec, @Nullable PieceWriter pieces) {
    PCollectionView<Spec> specView = spec.apply("SpecView", View.asSingleton());
    SeedExamples.Result examples =
        seeds
            .getRows()
            .apply("SampleSeedExamples", DataFramer.seedExamples(RunConfig.MAX_SEED_EXAMPLES));
    PCollectionView<FingerprintSet> fingerprints =
        seeds.getRows().apply("FingerprintSeeds", DataFramer.seedFingerprints());
    PCollectionView<SeedKeyPositions> seedKeys =
        seeds.getRows().apply("SeedKeys", DataFramer.seedKeys(specView));
    ExpandRun plans =
        DataFramer.expandRun()
            .withRunId(config.generationKey())
            .withNumberOfSamples(config.request().numberOfSamples())
            .withRandomSeed(config.randomSeed())
            .withSeedShufflingLevel(config.request().seedShufflingLevel())
            .withExamplesPerPlan(config.examplesPerPlan())
            .withSeedExampleCount(examples.count())
            .withMinRangeSize(Math.toIntExact(minRangeSize()));
    GenerateSamples samples =
        DataFramer.generateSamples()
            .withSpec(specView)
            .withSeedExamples(examples.examples())
            .withSeedFingerprints(fingerprints)
            .withSeedKeys(seedKeys)
            .withRecordSchema(config.recordSchema())
            .withSpecId(config.specId())
            .withSpecVersion(config.specVersion())
            .withGenerationSettings(GenerationSettings.of(config.request(), config.maxAttempts()))
            .withMaxInFlight(config.maxInFlight());
    if (config.models() != null) {
      samples = samples.withModelClients(config.models());
    }
    if (config.maxCostUsd() != null) {
      samples = samples.withMaxCostUsd(config.maxCostUsd());
    }
    if (pieces != null) {
      samples = samples.withPieceWriter(pieces);
    }
    return DataFramer.generateRun(plans, samples).withRefillRounds(config.refillRounds());
  }

  /**
   * A worker keeping C model calls in flight needs ranges well above C samples: a bundle drains its
   * last calls before it ends, and a run of small ones never fills. Embedded ranges are written
   * where they are generated, each a Parquet row group of the output ({@link #writeRecords}), so
   * they are as large as still spreads a run over the workers.
   */
  private long minRangeSize() {
    return config.models() == null ? EMBEDDED_RANGE_SIZE : 4L * config.maxInFlight();
  }

  /**
   * Embedded records are written by the worker that generated them, a range at a time, with no
   * shuffle (docs/ARCHITECTURE.md, "Outputs"); records from model calls, a few thousand a run, go
   * through one sort per shard, which makes each file one row group.
   */
  private SampleSink.Write recordsSink() {
    long numberOfSamples = config.request().numberOfSamples();
    SampleSink.Write write =
        SampleSink.to(config.output())
            .withFilePrefix(SampleSink.RECORDS_PREFIX)
            .withNumShards(config.numShards())
            .withSortField(MetadataColumns.SAMPLE_INDEX)
            .withWriteMode(config.writeMode());
    if (config.models() == null) {
      write =
          write.withIndexBlocks(
              numberOfSamples, IndexRange.sizeFor(numberOfSamples, minRangeSize()));
    }
    return write;
  }

  private PCollection<String> writeFailures(PCollection<Row> failures) {
    return failures
        .apply(
            "WriteFailures",
            SampleSink.to(SampleSink.failuresUri(config.output()))
                .withFilePrefix(SampleSink.FAILURES_PREFIX)
                .withSortField("location")
                .withWriteMode(config.writeMode()))
        .getWrittenPaths();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("specId", config.specId()))
        .add(DisplayData.item("specVersion", config.specVersion()))
        .add(DisplayData.item("numberOfSamples", config.request().numberOfSamples()))
        .add(DisplayData.item("output", config.output()))
        .add(DisplayData.item("numShards", config.numShards()))
        .add(DisplayData.item("refillRounds", config.refillRounds()));
  }
}
