package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.generate.GenerationSettings;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.sink.SampleSink;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.transforms.DataFramer;
import ai.dataframer.beam.transforms.ExpandRun;
import ai.dataframer.beam.transforms.GenerateSamples;
import ai.dataframer.beam.transforms.GenerationResult;
import ai.dataframer.beam.transforms.SeedExamples;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Adds one run (plans, samples, sinks, summary) to a pipeline that already has a spec and seeds.
 */
final class RunWiring {
  /** Seed rows the embedded engine learns text and conditional values from. */
  static final int MAX_SEED_EXAMPLES = 10_000;

  private RunWiring() {}

  static void addRun(
      PCollection<Spec> spec, SeedReadResult seeds, Schema seedSchema, RunSettings settings) {
    RunCreate request = settings.request();
    PCollectionView<Spec> specView = spec.apply("SpecView", View.asSingleton());
    SeedExamples.Result examples =
        seeds.getRows().apply("SampleSeedExamples", DataFramer.seedExamples(MAX_SEED_EXAMPLES));
    PCollectionView<FingerprintSet> fingerprints =
        seeds.getRows().apply("FingerprintSeeds", DataFramer.seedFingerprints());

    ExpandRun plans =
        DataFramer.expandRun()
            .withRunId(settings.runId())
            .withNumberOfSamples(request.numberOfSamples())
            .withRandomSeed(settings.randomSeed())
            .withSeedShufflingLevel(request.seedShufflingLevel())
            .withExamplesPerPlan(examplesPerPlan(request))
            .withSeedExampleCount(examples.count())
            // A worker keeping C model calls in flight needs ranges well above C samples: a
            // bundle drains its last calls before it ends, and a run of small ones never fills.
            .withMinRangeSize(settings.models() == null ? 1 : 4 * settings.maxInFlight());

    GenerateSamples generate =
        DataFramer.generateSamples()
            .withSpec(specView)
            .withSeedExamples(examples.examples())
            .withSeedFingerprints(fingerprints)
            .withRecordSchema(seedSchema)
            .withSpecId(settings.specId())
            .withSpecVersion(settings.specVersion())
            .withGenerationSettings(GenerationSettings.of(request, settings.maxAttempts()))
            .withMaxInFlight(settings.maxInFlight());
    if (settings.models() != null) {
      generate = generate.withModelClients(settings.models());
    }
    if (settings.maxCostUsd() != null) {
      generate = generate.withMaxCostUsd(settings.maxCostUsd());
    }
    GenerationResult generated =
        spec.apply(
            "Run",
            DataFramer.generateRun(plans, generate).withRefillRounds(settings.refillRounds()));

    PCollection<String> recordFiles =
        generated
            .getSamples()
            .apply(
                "WriteRecords",
                SampleSink.to(settings.output())
                    .withFilePrefix(SampleSink.RECORDS_PREFIX)
                    .withNumShards(settings.numShards())
                    .withSortField(MetadataColumns.SAMPLE_INDEX)
                    .withWriteMode(settings.writeMode()))
            .getWrittenPaths();
    PCollection<Row> allFailures =
        PCollectionList.of(seeds.getFailures())
            .and(generated.getFailures())
            .apply("AllFailures", Flatten.pCollections());
    PCollection<String> failureFiles =
        allFailures
            .apply(
                "WriteFailures",
                SampleSink.to(SampleSink.failuresUri(settings.output()))
                    .withFilePrefix(SampleSink.FAILURES_PREFIX)
                    .withSortField("location")
                    .withWriteMode(settings.writeMode()))
            .getWrittenPaths();

    PCollection<String> writtenFiles =
        PCollectionList.of(recordFiles).and(failureFiles).apply("AllFiles", Flatten.pCollections());
    PBegin.in(spec.getPipeline())
        .apply(
            "Summarize",
            new RunSummary(
                generated.getStats(),
                seeds.getFailures(),
                writtenFiles,
                RunStore.at(settings.storeRoot()),
                settings.runId()));
  }

  /** Examples each plan carries: the request's limit, else a default that fits a prompt. */
  private static int examplesPerPlan(RunCreate request) {
    Integer limit = request.maxExamplesInPrompt();
    return limit != null ? limit : DEFAULT_EXAMPLES_PER_PLAN;
  }

  /**
   * Without max_examples_in_prompt the LLM stages fit as many examples as 10K tokens allow; plans
   * carry a generous upper bound and the prompt builder trims to the token budget.
   */
  static final int DEFAULT_EXAMPLES_PER_PLAN = 50;
}
