package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.sink.SampleSink;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PCollection;

/**
 * Spec creation (SpecCreate) as a job: the spec is PROCESSING while the job runs, then SUCCEEDED
 * with version 1, or FAILED with the error. Seed rows that cannot be read go to {@code
 * failures-*.jsonl} in the job's store folder.
 */
public final class SpecJob {
  private SpecJob() {}

  /**
   * @param models the analyst's model clients, or null for the embedded analyst
   */
  public static SpecRecord create(
      SpecCreate request, LlmSettings models, String store, String[] beamArgs) {
    // 1. Checks: the seed is readable and the name is free.
    PipelineOptions options = Jobs.options(beamArgs);
    SeedSource seed = SeedSource.of(request.datasetId());
    seed.sampleSchema();
    SpecStore specs = SpecStore.at(store);
    RunStore runs = RunStore.at(store);
    SpecRecord record =
        specs.create(
            request.name(), request.datasetId(), request.description(), request.toRuntimeParams());
    String jobId = "spec-" + record.id();
    String failures = "jsonl:" + runs.root() + "/runs/" + jobId;

    // 2. The pipeline: seeds (or objectives) -> spec, and the unreadable seed rows beside it.
    Pipeline pipeline = Pipeline.create(options);
    PCollection<Spec> spec;
    if (seed.isSeedless()) {
      spec = Jobs.createSeedlessSpec(pipeline, request, models);
    } else {
      SeedReadResult seeds = seed.read(pipeline);
      spec = seeds.getRows().apply("CreateSpec", Jobs.createSpec(request, models, seed));
      seeds
          .getFailures()
          .apply(
              "WriteSeedFailures",
              SampleSink.to(failures)
                  .withFilePrefix(SampleSink.FAILURES_PREFIX)
                  .withSortField("location"));
    }
    spec.apply("SaveSpec", new SaveSpec(runs, jobId));

    // 3. Run it; the version exists only if the job succeeded.
    try {
      Jobs.execute(pipeline);
      specs.addVersion(record.id(), SaveSpec.read(runs, jobId));
      specs.markSucceeded(record.id());
    } catch (RuntimeException e) {
      specs.markFailed(record.id(), String.valueOf(e.getMessage()));
      throw e;
    }
    return specs.find(record.id());
  }
}
