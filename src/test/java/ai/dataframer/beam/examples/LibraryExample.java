package ai.dataframer.beam.examples;

import ai.dataframer.beam.core.request.RequestJson;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.RunSizePolicy;
import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.seed.SeedIO;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.sink.OutputCommit;
import ai.dataframer.beam.transforms.DataFramer;
import ai.dataframer.beam.transforms.RunConfig;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PCollection;

/**
 * The README's library example, word for word between the markers: {@code LibraryExampleTest}
 * compiles and runs it, and checks the README still shows the same code. It lives outside the
 * project's packages, so it can use public API only.
 */
public final class LibraryExample {
  private LibraryExample() {}

  /** Learns a spec from {@code seed} and refreshes {@code output} with 1,000 synthetic rows. */
  public static List<String> refresh(
      String seed, String output, String runId, PipelineOptions options) {
    // README-BEGIN
    Pipeline pipeline = Pipeline.create(options);
    SeedReadResult seeds = pipeline.apply("ReadSeed", SeedIO.read(seed));
    PCollection<Spec> spec = seeds.getRows().apply("CreateSpec", DataFramer.createSpec());

    // The RunCreate body you would send to the hosted API.
    RunCreate request =
        RequestJson.runCreate(
            "{\"spec_id\": \"orders\", \"number_of_samples\": 1000,"
                + " \"generation_model\": \"embedded\"}",
            RunSizePolicy.API_LIMITS);

    // Stage the run's files; the previous output stays whole until the commit.
    OutputCommit commit = OutputCommit.of(output);
    commit.checkBeforeRun(List.of(seed), 1);
    RunConfig config =
        RunConfig.builder()
            .setGenerationKey("orders-nightly") // sample ids derive from it
            .setSpecId("orders")
            .setSpecVersion(1)
            .setRequest(request)
            .setRandomSeed(42)
            .setRecordSchema(SeedIO.inspect(seed))
            .setOutput(commit.stage(runId, JobOwner.current()))
            .build();
    spec.apply("Run", DataFramer.run(config).withSeeds(seeds));

    pipeline.run().waitUntilFinish(); // throws if the pipeline failed: nothing is committed
    return commit.commit(runId);
    // README-END
  }
}
