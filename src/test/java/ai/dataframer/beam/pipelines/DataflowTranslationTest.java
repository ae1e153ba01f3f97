package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;

import ai.dataframer.beam.testing.FakeObjectStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The generate job, built by the CLI as a user's command builds it, translated by the real
 * DataflowRunner with no credentials and no network (docs/dataflow.md): Cloud Storage is {@link
 * FakeObjectStore}, the staging upload is {@link RecordingStager}, and {@code --templateLocation}
 * makes the runner write the translated job there instead of submitting it. The runner refuses, by
 * throwing, a transform, coder or side input it cannot translate, so a job file at all proves the
 * pipeline is accepted; the assertions check what the job holds.
 */
public class DataflowTranslationTest {
  /**
   * The step kinds Dataflow's v1 job format knows (DataflowPipelineTranslator); Bucket is window
   * assignment.
   */
  private static final Set<String> KNOWN_KINDS =
      Set.of(
          "ParallelRead",
          "ParallelDo",
          "GroupByKey",
          "Flatten",
          "CollectionToSingleton",
          "CombineValues",
          "ParallelWrite",
          "Impulse",
          "Bucket");

  private static final String TEMPLATE = "gs://bucket/templates/generate.json";
  @Rule public final TestRule objectStore = FakeObjectStore.installedForEachTest();

  @Before
  public void clearStagedFiles() {
    RecordingStager.clear();
  }

  private static List<String> dataflowArgs() {
    return List.of(
        "--runner=DataflowRunner",
        "--project=some-project",
        "--region=us-central1",
        "--jobName=dataframer-translation-test",
        "--tempLocation=gs://bucket/tmp",
        "--gcpTempLocation=gs://bucket/tmp",
        "--stagingLocation=gs://bucket/staging",
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--stagerClass=" + RecordingStager.class.getName(),
        "--templateLocation=" + TEMPLATE);
  }

  private static CliRunner.Outcome generate(String... extra) throws Exception {
    FakeObjectStore.write(
        "gs://bucket/seed/orders.csv", Files.readAllBytes(Path.of("examples/orders/orders.csv")));
    List<String> args =
        new ArrayList<>(
            List.of(
                "generate",
                "--dataset",
                "gs://bucket/seed/orders.csv",
                "--name",
                "orders",
                "--samples",
                "200",
                "--random-seed",
                "42",
                "--no-evaluate",
                "--output",
                "parquet:gs://bucket/out/orders",
                "--store",
                "gs://bucket/store"));
    args.addAll(List.of(extra));
    args.addAll(dataflowArgs());
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  public void generateJobTranslatesForDataflowWithEverythingOnCloudStorage() throws Exception {
    CliRunner.Outcome outcome = generate();

    // A template job cannot be waited for: the run ends FAILED, after translation.
    assertNotEquals(outcome.errors(), 0, outcome.exitCode());
    assertThat(outcome.errors(), containsString("template creation"));
    JsonNode job = new ObjectMapper().readTree(FakeObjectStore.read(TEMPLATE));
    assertSteps(job);
    assertSideInputsCarriedOver(job, stagedPipeline());

    // The store and the staged output went through FileSystems, to gs:// only.
    List<String> objects = FakeObjectStore.names();
    assertThat(objects, hasItem(startsWith("gs://bucket/store/specs/")));
    String manifest = only(objects, "gs://bucket/store/runs/", "/manifest.json");
    assertThat(FakeObjectStore.read(manifest), containsString("\"FAILED\""));
    assertFalse("a gs:// location was used as a local path", Files.exists(Path.of("gs:")));
  }

  /**
   * With a provider model the job carries the model clients and their answer cache on gs:// (inside
   * the serialized DoFns); the provider is never called (a closed loopback port): nothing runs.
   */
  @Test
  public void providerRunWithCacheOnCloudStorageTranslates() throws Exception {
    CliRunner.Outcome outcome =
        generate(
            "--generation-model",
            "anthropic/claude-haiku-4-5",
            "--anthropic-api-key",
            "test-key",
            "--anthropic-base-url",
            "http://127.0.0.1:9",
            "--cache-dir",
            "gs://bucket/cache");

    assertNotEquals(outcome.errors(), 0, outcome.exitCode());
    assertThat(outcome.errors(), containsString("template creation"));
    JsonNode job = new ObjectMapper().readTree(FakeObjectStore.read(TEMPLATE));
    assertSteps(job);
    assertSideInputsCarriedOver(job, stagedPipeline());
    String manifest = only(FakeObjectStore.names(), "gs://bucket/store/runs/", "/manifest.json");
    assertThat(FakeObjectStore.read(manifest), containsString("anthropic/claude-haiku-4-5"));
    // The cache's own reads and writes on gs:// are CachingClientObjectStoreTest's.
  }

  private static void assertSteps(JsonNode job) {
    JsonNode steps = job.get("steps");
    assertThat("steps", steps.size(), greaterThan(20));
    Set<String> kinds = new TreeSet<>();
    List<String> withoutEncoding = new ArrayList<>();
    for (JsonNode step : steps) {
      kinds.add(step.get("kind").asText());
      for (JsonNode output : step.path("properties").path("output_info")) {
        if (!output.has("encoding")) {
          withoutEncoding.add(step.get("name").asText());
        }
      }
    }
    assertThat(kinds, everyItem(in(KNOWN_KINDS)));
    assertThat(kinds, hasItem("ParallelDo"));
    assertThat(kinds, hasItem("GroupByKey"));
    // Every output carries its coder, as the workers decode with it.
    assertThat(withoutEncoding, empty());
  }

  /** Each side input of the pipeline's ParDos is a non-parallel input of a step. */
  private static void assertSideInputsCarriedOver(JsonNode job, RunnerApi.Pipeline pipeline)
      throws Exception {
    int sideInputs = 0;
    for (RunnerApi.PTransform transform : pipeline.getComponents().getTransformsMap().values()) {
      if (transform.getSpec().getUrn().equals("beam:transform:pardo:v1")) {
        sideInputs +=
            RunnerApi.ParDoPayload.parseFrom(transform.getSpec().getPayload()).getSideInputsCount();
      }
    }
    int nonParallelInputs = 0;
    for (JsonNode step : job.get("steps")) {
      nonParallelInputs += step.path("properties").path("non_parallel_inputs").size();
    }
    assertThat("the generate job reads side inputs", sideInputs, greaterThan(0));
    assertEquals(sideInputs, nonParallelInputs);
  }

  private static RunnerApi.Pipeline stagedPipeline() throws Exception {
    int index = RecordingStager.STAGED_BYTE_NAMES.indexOf("pipeline.pb");
    assertNotEquals("the runner staged no pipeline proto", -1, index);
    return RunnerApi.Pipeline.parseFrom(RecordingStager.STAGED_BYTES.get(index));
  }

  private static String only(List<String> names, String prefix, String suffix) {
    List<String> matching =
        names.stream().filter(n -> n.startsWith(prefix) && n.endsWith(suffix)).toList();
    assertEquals(matching.toString(), 1, matching.size());
    assertThat(matching.get(0), not(containsString("..")));
    return matching.get(0);
  }
}
