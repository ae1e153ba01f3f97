package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.RequestValidationException;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.SpecFacts;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.sink.SampleSink;
import ai.dataframer.beam.io.sink.WriteMode;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;

/** A run of a stored spec: the RunCreate semantics on Beam. */
public final class RunJob {
  private RunJob() {}

  /**
   * @param dataset seed data for the engine; null means the dataset the spec was created from
   */
  public static RunManifest run(
      RunCreate request, String dataset, RunTarget target, String[] beamArgs) {
    // 1. Checks against the store, all before a pipeline exists.
    PipelineOptions options = Jobs.options(beamArgs);
    SpecStore specs = SpecStore.at(target.store());
    RunStore runs = RunStore.at(target.store());
    SpecRecord record = specs.find(request.specId());
    RequestValidationException.throwIfAny(
        "RunCreate",
        request.violationsAgainstSpec(
            new SpecFacts(
                record.name(),
                record.status(),
                record.latestVersion(),
                record.dataset() != null,
                record.errorMessage())));
    int version = request.specVersion() != null ? request.specVersion() : record.latestVersion();
    Spec spec = specs.readVersion(record.id(), version);
    String seedPath = dataset != null ? dataset : record.dataset();
    if (seedPath == null && target.models() == null) {
      throw new IllegalArgumentException(
          "spec '"
              + record.name()
              + "' is seedless; the embedded engine needs seed data: pass"
              + " --dataset, or name a provider generation_model");
    }
    SeedSource seed = SeedSource.of(seedPath);
    Schema sampleSchema = seed.sampleSchema();
    RunSettings settings = settings(record.id(), version, request, target);
    SampleSink.clearPreviousOutput(settings.output(), SampleSink.RECORDS_PREFIX);
    SampleSink.clearPreviousOutput(settings.output(), SampleSink.FAILURES_PREFIX);

    // 2. The pipeline: the stored spec and the seeds -> the run.
    Pipeline pipeline = Pipeline.create(options);
    SeedReadResult seeds = seed.read(pipeline);
    PCollection<Spec> storedSpec =
        pipeline.apply("Spec", Create.of(spec).withCoder(SerializableCoder.of(Spec.class)));
    RunWiring.addRun(storedSpec, seeds, sampleSchema, settings);

    // 3. Run it.
    return RunExecution.execute(pipeline, settings, runs, () -> {});
  }

  static RunSettings settings(String specId, int version, RunCreate request, RunTarget target) {
    long seed = RunExecution.randomSeed(target.randomSeed());
    return new RunSettings(
        RunExecution.runId(specId, version, seed, request),
        specId,
        version,
        request,
        seed,
        target.output(),
        RunExecution.numShards(target.numShards(), request),
        target.store(),
        target.maxAttempts(),
        writeMode(target.bigQueryWrite()),
        target.models(),
        target.maxCostUsd(),
        target.maxInFlight(),
        target.refillRounds());
  }

  private static WriteMode writeMode(String bigQueryWrite) {
    switch (bigQueryWrite) {
      case "truncate":
        return WriteMode.TRUNCATE;
      case "append":
        return WriteMode.APPEND;
      default:
        throw new IllegalArgumentException(
            "--bigquery-write must be truncate or append, but was '" + bigQueryWrite + "'");
    }
  }

  /** The console summary of a finished run. */
  public static String describe(RunManifest manifest, String store) {
    return RunManifests.describe(manifest, store);
  }
}
