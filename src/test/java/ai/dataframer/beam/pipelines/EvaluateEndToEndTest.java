package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.eval.OrdersExample;
import ai.dataframer.beam.core.eval.ReferenceFidelity;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.testing.ParquetFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Document;

/**
 * {@code generate} evaluates an embedded run by default; {@code evaluate --run} evaluates any
 * SUCCEEDED run again. The figures in {@code evaluation.json} are checked against the direct
 * computation over the records read back by an independent Parquet reader.
 */
public class EvaluateEndToEndTest {
  private static final int SAMPLES = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path store;
  private static Path output;
  private static RunManifest run;

  @BeforeClass
  public static void generateFromTheExample() throws IOException {
    store = TMP.newFolder("store").toPath();
    output = TMP.getRoot().toPath().resolve("out");
    CliRunner.succeed(EndToEndTest.generateArgs(store, output, 7, SAMPLES));
    run = EndToEndTest.onlyManifest(store);
  }

  private static JsonNode evaluation(String runId) throws IOException {
    return JSON.readTree(store.resolve("runs").resolve(runId).resolve("evaluation.json").toFile());
  }

  @Test
  public void anEmbeddedRunIsEvaluatedAndEveryPropertyShowsWhatItsPlanAssigned()
      throws IOException {
    JsonNode evaluation = evaluation(run.id());
    assertEquals("SUCCEEDED", evaluation.get("status").asText());
    assertEquals(run.id(), evaluation.get("run_id").asText());
    assertEquals(100.0, evaluation.get("conformance_score").asDouble(), 0.0);
    JsonNode analyses = evaluation.get("distribution_analysis");
    assertEquals(10, analyses.size());
    for (JsonNode analysis : analyses) {
      assertEquals(SAMPLES, analysis.get("total_samples").asLong());
      assertEquals(
          analysis.get("property_name").asText(),
          analysis.get("expected_distributions"),
          analysis.get("observed_distributions"));
    }
    assertTrue(evaluation.get("sample_classifications").isArray());
  }

  @Test
  public void fidelityAndPrivacyAgreeWithTheDirectComputationToThreeDecimals() throws IOException {
    List<Map<String, Object>> seed = OrdersExample.read();
    List<Map<String, Object>> synthetic =
        EndToEndTest.withoutMetadata(ParquetFiles.read(output, "records"));
    FidelityReport expected =
        ReferenceFidelity.defaults().evaluate(OrdersExample.TYPES, seed, synthetic);
    JsonNode evaluation = evaluation(run.id());
    JsonNode fidelity = evaluation.get("fidelity");
    JsonNode shapes = fidelity.get("column_shapes");
    assertEquals(expected.columnShapes().size(), shapes.size());
    for (int c = 0; c < shapes.size(); c++) {
      assertEquals(expected.columnShapes().get(c).column(), shapes.get(c).get("column").asText());
      assertEquals(
          expected.columnShapes().get(c).column(),
          expected.columnShapes().get(c).score(),
          shapes.get(c).get("score").asDouble(),
          5e-4);
    }
    JsonNode pairs = fidelity.get("pair_trends");
    assertEquals(expected.pairTrends().size(), pairs.size());
    for (int p = 0; p < pairs.size(); p++) {
      assertEquals(
          expected.pairTrends().get(p).score(), pairs.get(p).get("score").asDouble(), 5e-4);
    }
    assertEquals(expected.meanColumnShape(), fidelity.get("mean_column_shape").asDouble(), 5e-4);
    assertEquals(expected.meanPairTrend(), fidelity.get("mean_pair_trend").asDouble(), 5e-4);
    JsonNode privacy = evaluation.get("privacy");
    assertEquals(expected.exactCopies(), privacy.get("exact_copies").asLong());
    JsonNode closest = privacy.get("distance_to_closest_record");
    assertEquals(SAMPLES, closest.get("evaluated_records").asInt());
    assertEquals(
        expected.distanceToClosestRecord().median(), closest.get("median").asDouble(), 5e-4);
    assertEquals(
        expected.distanceToClosestRecord().percentile5(),
        closest.get("percentile5").asDouble(),
        5e-4);
    // The pipeline splits the seed in content-hash order, the direct computation in file order:
    // two draws of the seed's own distance, close but not equal.
    assertEquals(
        expected.seedHalfToHalfDistance().median(),
        privacy.get("seed_half_to_half_distance").get("median").asDouble(),
        0.02);
    assertEquals(SAMPLES, evaluation.get("diversity").get("samples").asLong());
  }

  @Test
  public void theReportIsWellFormedAndHasEverySection() throws Exception {
    Path report = store.resolve("runs").resolve(run.id()).resolve("report.html");
    Document page =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    String html = Files.readString(report);
    for (String section :
        List.of("headline", "conformance", "fidelity", "privacy", "diversity", "samples")) {
      assertThat(html, containsString("id=\"" + section + "\""));
    }
    JsonNode evaluation = evaluation(run.id());
    int properties = evaluation.get("distribution_analysis").size();
    int histograms = evaluation.get("fidelity").get("histograms").size();
    assertEquals(
        "a histogram for every scored column",
        evaluation.get("fidelity").get("column_shapes").size(),
        histograms);
    // A chart per property, the column shapes, a histogram per column and the pair-trend map.
    assertEquals(properties + 1 + histograms + 1, page.getElementsByTagName("svg").getLength());
    for (int i = 0; i < histograms; i++) {
      assertThat(html, containsString("id=\"column-histogram-" + i + "\""));
    }
    assertThat(html, containsString("id=\"pair-trends\""));
    assertFalse("no script", html.contains("<script"));
  }

  @Test
  public void evaluateAgainGivesANewEvaluationWithTheSameFigures() throws IOException {
    JsonNode before = evaluation(run.id());
    CliRunner.succeed("evaluate", "--run", run.id(), "--store", store.toString());
    JsonNode after = evaluation(run.id());
    assertNotEquals(before.get("id"), after.get("id"));
    for (String section : List.of("conformance_score", "fidelity", "privacy", "diversity")) {
      assertEquals(section, before.get(section), after.get(section));
    }
  }

  @Test
  public void aRunThatDidNotSucceedOrIsUnknownIsRefused() {
    CliRunner.Outcome unknown =
        CliRunner.run("evaluate", "--run", "run-nope", "--store", store.toString());
    assertNotEquals(0, unknown.exitCode());
    assertThat(unknown.errors(), containsString("run-nope"));
  }
}
