package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecStatus;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.sink.SampleSink;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PCollection;

/**
 * Spec and run in one job: read the seed, learn the spec, expand and generate the run, write
 * records, failures and the summary. The spec becomes a new version of the named spec once the job
 * succeeds.
 */
public final class GenerateJob {
  private GenerateJob() {}

  /**
   * @param specModels the spec analyst's model clients, or null for the embedded analyst
   */
  public static RunManifest run(
      SpecCreate specRequest,
      LlmSettings specModels,
      RunCreate runRequest,
      RunTarget target,
      String[] beamArgs) {
    // 1. Everything that can be checked before a pipeline exists.
    PipelineOptions options = Jobs.options(beamArgs);
    SeedSource seed = SeedSource.of(specRequest.datasetId());
    Schema sampleSchema = seed.sampleSchema();
    SpecStore specs = SpecStore.at(target.store());
    RunStore runs = RunStore.at(target.store());
    Optional<SpecRecord> existing =
        specs.list().stream().filter(s -> s.name().equals(specRequest.name())).findFirst();
    SpecRecord record =
        existing.orElseGet(
            () ->
                specs.create(
                    specRequest.name(),
                    specRequest.datasetId(),
                    specRequest.description(),
                    specRequest.toRuntimeParams()));
    int version = record.latestVersion() + 1;
    RunSettings settings = RunJob.settings(record.id(), version, runRequest, target);
    SampleSink.clearPreviousOutput(settings.output(), SampleSink.RECORDS_PREFIX);
    SampleSink.clearPreviousOutput(settings.output(), SampleSink.FAILURES_PREFIX);

    // 2. The pipeline: seeds -> spec -> run.
    Pipeline pipeline = Pipeline.create(options);
    SeedReadResult seeds = seed.read(pipeline);
    PCollection<Spec> spec =
        seeds.getRows().apply("CreateSpec", Jobs.createSpec(specRequest, specModels, seed));
    spec.apply("SaveSpec", new SaveSpec(runs, settings.runId()));
    RunWiring.addRun(spec, seeds, sampleSchema, settings);

    // 3. Run it; the spec version exists only if the job succeeded.
    try {
      return RunExecution.execute(
          pipeline,
          settings,
          runs,
          () -> {
            int written = specs.addVersion(record.id(), SaveSpec.read(runs, settings.runId()));
            if (written != version) {
              throw new IllegalStateException(
                  "spec '"
                      + record.name()
                      + "' got version "
                      + written
                      + " while this job wrote"
                      + " version "
                      + version
                      + " into its records: another job changed the spec");
            }
            specs.markSucceeded(record.id());
          });
    } catch (RuntimeException e) {
      if (existing.isEmpty() || record.status() != SpecStatus.SUCCEEDED) {
        specs.markFailed(record.id(), String.valueOf(e.getMessage()));
      }
      throw e;
    }
  }
}
