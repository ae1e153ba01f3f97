package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.testing.ParquetFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.rules.TemporaryFolder;

/**
 * The check every runner's end-to-end test makes: the bundled example's generate job (seed 11,
 * 25,000 samples in 3 shards: three index blocks, the middle shard made of pieces of two, see
 * docs/ARCHITECTURE.md, "Outputs") on that runner and on the Direct runner. The requested rows
 * arrive, the manifest accounts for them, the files are byte-identical, and the evaluation each run
 * got on its runner gives the same figures, because plans, samples and the evaluation's samples
 * depend on the seed and on content, not on the runner or its bundling.
 */
final class RunnerAgreement {
  private RunnerAgreement() {}

  private static final int SAMPLES = 25_000;

  static void assertLikeDirect(TemporaryFolder tmp, String runner, String... runnerArgs)
      throws Exception {
    Path store = tmp.newFolder(runner + "-store").toPath();
    Path out = tmp.getRoot().toPath().resolve(runner + "-out");
    CliRunner.succeed(
        CliRunner.concat(
            CliRunner.concat(EndToEndTest.generateArgs(store, out, 11, SAMPLES), runnerArgs),
            "--num-shards",
            "3",
            "--allow-large-runs"));
    assertThat(ParquetFiles.read(out, "records"), hasSize(SAMPLES));
    RunManifest manifest = EndToEndTest.onlyManifest(store);
    assertEquals(RunStatus.SUCCEEDED, manifest.status());
    assertEquals(SAMPLES, manifest.samplesCompleted());
    assertEquals(0, manifest.samplesFailed());

    Path directOut = tmp.getRoot().toPath().resolve("direct-out");
    Path directStore = tmp.newFolder("direct-store").toPath();
    CliRunner.succeed(
        CliRunner.concat(
            EndToEndTest.generateArgs(directStore, directOut, 11, SAMPLES),
            "--num-shards",
            "3",
            "--allow-large-runs"));
    EndToEndTest.assertSameFiles(directOut, out);

    JsonNode onRunner = evaluation(store);
    JsonNode onDirect = evaluation(directStore);
    assertEquals("SUCCEEDED", onRunner.get("status").asText());
    assertEquals(100.0, onRunner.get("conformance_score").asDouble(), 0.0);
    assertEquals(onDirect.get("distribution_analysis"), onRunner.get("distribution_analysis"));
    assertEquals(onDirect.get("privacy"), onRunner.get("privacy"));
    assertEquals(onDirect.get("diversity"), onRunner.get("diversity"));
    JsonNode runnerShapes = onRunner.get("fidelity").get("column_shapes");
    JsonNode directShapes = onDirect.get("fidelity").get("column_shapes");
    assertEquals(directShapes.size(), runnerShapes.size());
    for (int c = 0; c < directShapes.size(); c++) {
      assertEquals(
          directShapes.get(c).get("score").asDouble(),
          runnerShapes.get(c).get("score").asDouble(),
          1e-12);
    }
    assertEquals(
        onDirect.get("fidelity").get("mean_pair_trend").asDouble(),
        onRunner.get("fidelity").get("mean_pair_trend").asDouble(),
        1e-9);
  }

  private static JsonNode evaluation(Path store) throws Exception {
    RunManifest run = EndToEndTest.onlyManifest(store);
    return new ObjectMapper()
        .readTree(store.resolve("runs").resolve(run.id()).resolve("evaluation.json").toFile());
  }
}
