package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecStatus;
import ai.dataframer.beam.core.spec.SpecValidator;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.sink.BigQueryPreflight;
import ai.dataframer.beam.io.sink.OutputCommit;
import ai.dataframer.beam.io.store.NotInStoreException;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.io.store.SpecVersion;
import ai.dataframer.beam.io.store.StoreConflictException;
import ai.dataframer.beam.transforms.DataFramer;
import ai.dataframer.beam.transforms.RunConfig;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PCollection;

/**
 * Spec and run in one job: read the seed, learn the spec, expand and generate the run, write
 * records, failures and the summary. The job claims the spec's next version before any work; the
 * version is SUCCEEDED only if the whole job succeeded, FAILED otherwise.
 */
public final class GenerateJob {
  private GenerateJob() {}

  /**
   * @param specModels the spec analyst's model clients, or null for the embedded analyst
   * @throws JobFailedException when the run did not succeed; its manifest says why
   */
  public static RunManifest run(
      SpecCreate specRequest,
      LlmSettings specModels,
      RunCreate runRequest,
      RunTarget target,
      String[] beamArgs) {
    // 1. Pre-checks: the seed, the spec it would join, the output, then the version claim.
    SeedSource seed = SeedSource.of(specRequest.datasetId(), target.seedText());
    seed.inspectAhead();
    PipelineOptions options = Jobs.options(beamArgs, runRequest);
    BigQueryPreflight.check(target.output(), options);
    Jobs.checkAnalyst(specRequest, specModels, seed);
    Jobs.checkEngine(runRequest, seed);
    Schema sampleSchema = seed.sampleSchema();
    Map<String, String> columns = seed.columns(sampleSchema);
    SpecStore specs = SpecStore.at(target.store());
    RunStore runs = RunStore.at(target.store());
    SpecRecord existing = findIfPresent(specs, specRequest.name());
    if (existing != null) {
      SpecJobs.requireSameColumns(existing, columns);
    }
    OutputCommit output = RunJob.checkOutput(target, seed, runRequest, options);
    SpecRecord record =
        existing != null ? existing : SpecJobs.createOrJoin(specs, specRequest, seed, columns);
    int version = specs.claimVersion(record.id(), JobOwner.current());

    // 2. The run, whose end decides the version's.
    SpecVersionCompletion completion = new SpecVersionCompletion(specs, runs, record.id(), version);
    RunLifecycle run =
        RunLifecycle.begin(runs, output, target, record.id(), version, runRequest, completion);
    completion.runId = run.runId();
    RunConfig config =
        run.config(runRequest, sampleSchema).setFolderLayout(seed.folderLayout()).build();
    return run.execute(
        options,
        pipeline -> {
          SeedReadResult seeds = seed.read(pipeline);
          PCollection<Spec> spec =
              seeds.getRows().apply("CreateSpec", Jobs.createSpec(specRequest, specModels, seed));
          spec.apply("SaveSpec", new SaveSpec(runs, run.runId()));
          spec.apply("Run", DataFramer.run(config).withSeeds(seeds));
        });
  }

  private static SpecRecord findIfPresent(SpecStore specs, String name) {
    try {
      return specs.find(name);
    } catch (NotInStoreException absent) {
      return null;
    }
  }

  /** Stores the learned spec as the claimed version once the output is committed, or fails it. */
  private static final class SpecVersionCompletion implements RunLifecycle.Completion {
    private final SpecStore specs;
    private final RunStore runs;
    private final String specId;
    private final int version;
    private String runId;
    private Spec learned;

    SpecVersionCompletion(SpecStore specs, RunStore runs, String specId, int version) {
      this.specs = specs;
      this.runs = runs;
      this.specId = specId;
      this.version = version;
    }

    /** The spec must still hold this job's claim, or the output would carry a lost version. */
    @Override
    public void beforeCommit() {
      learned = SpecValidator.validate(SaveSpec.read(runs, runId));
      SpecVersion claim =
          specs.versions(specId).stream()
              .filter(v -> v.version() == version)
              .findFirst()
              .orElseThrow(
                  () ->
                      new StoreConflictException(
                          "version " + version + " of the spec was deleted while the job ran"));
      if (claim.status() != SpecStatus.PROCESSING) {
        throw new StoreConflictException(
            "version "
                + version
                + " of the spec is "
                + claim.status()
                + " ("
                + claim.errorMessage()
                + "); the job's output is not committed");
      }
    }

    @Override
    public void afterCommit() {
      specs.completeVersion(specId, version, learned);
    }

    @Override
    public void onFailure(String reason) {
      try {
        specs.failVersion(specId, version, reason);
      } catch (StoreConflictException alreadyEnded) {
        // Reconciled as FAILED by another command meanwhile: the version is ended either way.
      }
    }
  }
}
