package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.testing.FlinkTests;
import ai.dataframer.beam.testing.ParquetFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The same job on FlinkRunner in local mode with parallelism 2 (run by the flink Maven profile):
 * the requested rows arrive, the manifest accounts for them, and the output is byte-identical to
 * the Direct runner's for the same seed, because plans and samples depend on the seed, not the
 * runner.
 */
@Category(FlinkTests.class)
public class FlinkEndToEndTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void generatesOnFlinkLocalLikeOnDirect() throws Exception {
    Path flinkStore = tmp.newFolder("flink-store").toPath();
    Path flinkOut = tmp.getRoot().toPath().resolve("flink-out");
    CliRunner.succeed(
        CliRunner.concat(
            EndToEndTest.generateArgs(flinkStore, flinkOut, 11, 1000),
            "--runner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2",
            "--num-shards",
            "2"));
    assertThat(ParquetFiles.read(flinkOut, "records"), hasSize(1000));
    RunManifest manifest = EndToEndTest.onlyManifest(flinkStore);
    assertEquals(RunStatus.SUCCEEDED, manifest.status());
    assertEquals(1000, manifest.samplesCompleted() + manifest.samplesFailed());

    Path directOut = tmp.getRoot().toPath().resolve("direct-out");
    Path directStore = tmp.newFolder("direct-store").toPath();
    CliRunner.succeed(
        CliRunner.concat(
            EndToEndTest.generateArgs(directStore, directOut, 11, 1000), "--num-shards", "2"));
    EndToEndTest.assertSameFiles(directOut, flinkOut);

    // Both runs were evaluated on their runner (generate evaluates an embedded run), to the same
    // figures: the samples the evaluation takes depend on content, not on bundling.
    JsonNode onFlink = evaluation(flinkStore);
    JsonNode onDirect = evaluation(directStore);
    assertEquals("SUCCEEDED", onFlink.get("status").asText());
    assertEquals(100.0, onFlink.get("conformance_score").asDouble(), 0.0);
    assertEquals(onDirect.get("distribution_analysis"), onFlink.get("distribution_analysis"));
    assertEquals(onDirect.get("privacy"), onFlink.get("privacy"));
    assertEquals(onDirect.get("diversity"), onFlink.get("diversity"));
    JsonNode flinkShapes = onFlink.get("fidelity").get("column_shapes");
    JsonNode directShapes = onDirect.get("fidelity").get("column_shapes");
    for (int c = 0; c < directShapes.size(); c++) {
      assertEquals(
          directShapes.get(c).get("score").asDouble(),
          flinkShapes.get(c).get("score").asDouble(),
          1e-12);
    }
    assertEquals(
        onDirect.get("fidelity").get("mean_pair_trend").asDouble(),
        onFlink.get("fidelity").get("mean_pair_trend").asDouble(),
        1e-9);
  }

  private static JsonNode evaluation(Path store) throws Exception {
    RunManifest run = EndToEndTest.onlyManifest(store);
    return new ObjectMapper()
        .readTree(store.resolve("runs").resolve(run.id()).resolve("evaluation.json").toFile());
  }
}
