package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.testing.ParquetFiles;
import ai.dataframer.beam.testing.SparkTests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The same job on SparkRunner in local mode with two worker threads (run by the spark Maven
 * profile): the requested rows arrive, the manifest accounts for them, the output is byte-identical
 * to the Direct runner's for the same seed, and the run's evaluation gives the same figures.
 */
@Category(SparkTests.class)
public class SparkEndToEndTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * Spark reads spark.* system properties into the context the runner creates: loopback only (the
   * driver otherwise binds the host's address) and no web UI (a server on port 4040).
   */
  @BeforeClass
  public static void loopbackOnly() {
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.ui.enabled", "false");
  }

  @AfterClass
  public static void clearSparkProperties() {
    System.clearProperty("spark.driver.host");
    System.clearProperty("spark.driver.bindAddress");
    System.clearProperty("spark.ui.enabled");
  }

  @Test
  public void generatesOnSparkLocalLikeOnDirect() throws Exception {
    Path sparkStore = tmp.newFolder("spark-store").toPath();
    Path sparkOut = tmp.getRoot().toPath().resolve("spark-out");
    CliRunner.succeed(
        CliRunner.concat(
            EndToEndTest.generateArgs(sparkStore, sparkOut, 11, 1000),
            "--runner=SparkRunner",
            "--sparkMaster=local[2]",
            "--num-shards",
            "2"));
    assertThat(ParquetFiles.read(sparkOut, "records"), hasSize(1000));
    RunManifest manifest = EndToEndTest.onlyManifest(sparkStore);
    assertEquals(RunStatus.SUCCEEDED, manifest.status());
    assertEquals(1000, manifest.samplesCompleted());
    assertEquals(0, manifest.samplesFailed());

    Path directOut = tmp.getRoot().toPath().resolve("direct-out");
    Path directStore = tmp.newFolder("direct-store").toPath();
    CliRunner.succeed(
        CliRunner.concat(
            EndToEndTest.generateArgs(directStore, directOut, 11, 1000), "--num-shards", "2"));
    EndToEndTest.assertSameFiles(directOut, sparkOut);

    // Both runs were evaluated on their runner (generate evaluates an embedded run), to the same
    // figures: the samples the evaluation takes depend on content, not on bundling.
    JsonNode onSpark = evaluation(sparkStore);
    JsonNode onDirect = evaluation(directStore);
    assertEquals("SUCCEEDED", onSpark.get("status").asText());
    assertEquals(100.0, onSpark.get("conformance_score").asDouble(), 0.0);
    assertEquals(onDirect.get("distribution_analysis"), onSpark.get("distribution_analysis"));
    assertEquals(onDirect.get("privacy"), onSpark.get("privacy"));
    assertEquals(onDirect.get("diversity"), onSpark.get("diversity"));
    JsonNode sparkShapes = onSpark.get("fidelity").get("column_shapes");
    JsonNode directShapes = onDirect.get("fidelity").get("column_shapes");
    assertEquals(directShapes.size(), sparkShapes.size());
    for (int c = 0; c < directShapes.size(); c++) {
      assertEquals(
          directShapes.get(c).get("score").asDouble(),
          sparkShapes.get(c).get("score").asDouble(),
          1e-12);
    }
    assertEquals(
        onDirect.get("fidelity").get("mean_pair_trend").asDouble(),
        onSpark.get("fidelity").get("mean_pair_trend").asDouble(),
        1e-9);
  }

  private static JsonNode evaluation(Path store) throws Exception {
    RunManifest run = EndToEndTest.onlyManifest(store);
    return new ObjectMapper()
        .readTree(store.resolve("runs").resolve(run.id()).resolve("evaluation.json").toFile());
  }
}
