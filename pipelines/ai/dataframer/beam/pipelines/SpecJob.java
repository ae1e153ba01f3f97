package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.seed.SeedTextOptions;
import ai.dataframer.beam.io.sink.SampleSink;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PCollection;

/**
 * Spec creation (SpecCreate) as a job: the name and version 1 are claimed before any work, the
 * version is PROCESSING while the job runs, then SUCCEEDED, or FAILED with the error. Seed rows
 * that cannot be read go to {@code failures-*.jsonl} in the job's store folder.
 */
public final class SpecJob {
  private SpecJob() {}

  /**
   * @param models the analyst's model clients, or null for the embedded analyst
   */
  public static SpecRecord create(
      SpecCreate request, LlmSettings models, String store, String[] beamArgs) {
    return create(request, models, SeedTextOptions.DEFAULT, store, beamArgs);
  }

  /**
   * @param models the analyst's model clients, or null for the embedded analyst
   * @param seedText how to read a CSV or JSON Lines seed's text (--seed-encoding, --csv-delimiter)
   */
  public static SpecRecord create(
      SpecCreate request,
      LlmSettings models,
      SeedTextOptions seedText,
      String store,
      String[] beamArgs) {
    // 1. Checks: the analyst can do it, the seed is readable, then the name is claimed.
    SeedSource seed = SeedSource.of(request.datasetId(), seedText);
    seed.inspectAhead();
    PipelineOptions options = Jobs.options(beamArgs);
    Jobs.checkAnalyst(request, models, seed);
    Schema sampleSchema = seed.sampleSchema();
    Map<String, String> columns = seed.columns(sampleSchema);
    SpecStore specs = SpecStore.at(store);
    RunStore runs = RunStore.at(store);
    SpecRecord record =
        specs.create(
            request.name(),
            seed.dataset(),
            request.description(),
            request.toRuntimeParams(),
            columns);
    int version = specs.claimVersion(record.id(), JobOwner.current());
    String jobId = "spec-" + record.id() + "-v" + version;

    // 2. The pipeline, and the version's end with it.
    try (Cancellation.Scope scope =
        Cancellation.whileRunning(
            signal -> specs.failVersion(record.id(), version, "canceled by SIG" + signal))) {
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
                SampleSink.to("jsonl:" + runs.root() + "/runs/" + jobId)
                    .withFilePrefix(SampleSink.FAILURES_PREFIX)
                    .withSortField("location"));
      }
      spec.apply("SaveSpec", new SaveSpec(runs, jobId));
      Jobs.execute(pipeline);
      specs.completeVersion(record.id(), version, SaveSpec.read(runs, jobId));
    } catch (RuntimeException e) {
      specs.failVersion(record.id(), version, JobFailedException.rootMessage(e));
      throw e;
    }
    return specs.find(record.id());
  }
}
