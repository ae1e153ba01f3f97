package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import ai.dataframer.beam.core.eval.BoundObservations;
import ai.dataframer.beam.core.eval.ConformanceCounts;
import ai.dataframer.beam.core.eval.ConformanceReport;
import ai.dataframer.beam.core.eval.Fidelity;
import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.eval.OrdersExample;
import ai.dataframer.beam.core.run.OutcomeJson;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.testing.ParquetFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The README's first command, end to end on the Direct runner: the bundled example seed, the
 * embedded engine, Parquet out, read back by an independent reader; fidelity against the seed;
 * determinism.
 */
public class EndToEndTest {
  static final String EXAMPLE = "examples/orders/orders.csv";
  static final int SAMPLES = 1000;
  static final long SEED = 42;

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path store;
  private static Path output;

  /** Read before any other test adds runs of the stored spec to the same store. */
  private static RunManifest generateManifest;

  @BeforeClass
  public static void generateFromTheExample() throws IOException {
    store = TMP.newFolder("store").toPath();
    output = TMP.getRoot().toPath().resolve("out");
    CliRunner.succeed(generateArgs(store, output, SEED, SAMPLES));
    generateManifest = onlyManifest(store);
  }

  static String[] generateArgs(Path store, Path output, long seed, int samples) {
    return new String[] {
      "generate",
      "--dataset",
      EXAMPLE,
      "--samples",
      String.valueOf(samples),
      "--output",
      "parquet:" + output,
      "--random-seed",
      String.valueOf(seed),
      "--store",
      store.toString()
    };
  }

  @Test
  public void writesTheRequestedNumberOfRowsReadableByParquetAvro() throws IOException {
    List<Map<String, Object>> rows = ParquetFiles.read(output, "records");
    assertThat(rows, hasSize(SAMPLES));
    Set<Object> indices = new HashSet<>();
    rows.forEach(row -> indices.add(row.get(MetadataColumns.SAMPLE_INDEX)));
    assertEquals("every sample index once", SAMPLES, indices.size());
    assertEquals(
        "seed columns first, then the metadata columns",
        List.copyOf(OrdersExample.TYPES.keySet()),
        rows.get(0).keySet().stream().filter(c -> !c.startsWith(MetadataColumns.PREFIX)).toList());
  }

  @Test
  public void manifestAccountsForEverySample() throws IOException {
    RunManifest manifest = generateManifest;
    assertEquals(RunStatus.SUCCEEDED, manifest.status());
    assertEquals(SAMPLES, manifest.samplesCompleted() + manifest.samplesFailed());
    assertEquals(SEED, manifest.seed());
    assertThat(manifest.generatedFiles(), not(hasSize(0)));
    assertThat(manifest.generatedFiles(), everyItem(startsWith(output.toString())));
  }

  @Test
  public void fidelityBeatsTheIndependentBaseline() throws IOException {
    List<Map<String, Object>> seed = OrdersExample.read();
    List<Map<String, Object>> synthetic = withoutMetadata(ParquetFiles.read(output, "records"));
    Fidelity fidelity = Fidelity.defaults();
    FidelityReport report = fidelity.evaluate(OrdersExample.TYPES, seed, synthetic);
    FidelityReport baseline =
        fidelity.evaluate(OrdersExample.TYPES, seed, Fidelity.columnShuffledBaseline(seed, SEED));
    Path reports = Path.of("target", "fidelity");
    Files.createDirectories(reports);
    Files.writeString(reports.resolve("synthetic.json"), report.toJson());
    Files.writeString(reports.resolve("shuffled-baseline.json"), baseline.toJson());
    System.out.println("synthetic vs seed:\n" + report.summary());
    System.out.println("column-shuffled seed vs seed:\n" + baseline.summary());

    assertThat(report.meanColumnShape(), greaterThanOrEqualTo(0.9));
    assertThat(report.meanPairTrend(), greaterThanOrEqualTo(0.85));
    assertEquals("no synthetic row identical to a seed row", 0, report.exactCopies());
  }

  @Test
  public void everyBoundPropertyShowsItsAssignedValueAndACorruptedFieldCostsItsShare()
      throws IOException {
    Spec spec =
        SpecStore.at(store.toString())
            .readVersion(generateManifest.specId(), generateManifest.specVersion());
    BoundObservations observations = new BoundObservations(spec);
    List<Map<String, Object>> rows = ParquetFiles.read(output, "records");
    ConformanceReport clean = ConformanceReport.of(spec, conformance(observations, rows), null);
    System.out.println("conformance of the example run:\n" + clean.toJson());
    assertEquals(100.0, clean.conformanceScore(), 0.0);
    for (ConformanceReport.DistributionAnalysis analysis : clean.distributionAnalysis()) {
      if (analysis.totalSamplesAnalyzed() > 0) {
        assertEquals(
            analysis.propertyName(),
            analysis.expectedDistributions(),
            analysis.observedDistributions());
      }
    }

    // Rewrite the region of 10 of the 1,000 records to one their plan did not assign: 10 of the
    // 1,000 x P analysed property values no longer show their plan's.
    List<Map<String, Object>> corrupted = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>(rows.get(i));
      if (i % 100 == 0) {
        row.put("region", "North".equals(row.get("region")) ? "South" : "North");
      }
      corrupted.add(row);
    }
    long analysed =
        clean.distributionAnalysis().stream()
            .mapToLong(ConformanceReport.DistributionAnalysis::totalSamplesAnalyzed)
            .sum();
    ConformanceReport report =
        ConformanceReport.of(spec, conformance(observations, corrupted), null);
    assertEquals(100.0 * (analysed - 10) / analysed, report.conformanceScore(), 0.01);
    assertThat(report.nonConformantAreas(), hasSize(0));
    assertThat(
        report.conformantAreas(),
        hasItem("region: 990 of 1000 samples (99.0%) show their assigned value"));
  }

  private static ConformanceCounts conformance(
      BoundObservations observations, List<Map<String, Object>> rows) {
    ConformanceCounts counts = ConformanceCounts.empty();
    for (Map<String, Object> row : rows) {
      counts.add(
          OutcomeJson.readProperties((String) row.get(MetadataColumns.PROPERTIES)),
          observations.observe(row));
    }
    return counts;
  }

  @Test
  public void sameSeedGivesByteIdenticalOutputAndAnotherSeedDoesNot() throws Exception {
    Path again = TMP.getRoot().toPath().resolve("again");
    CliRunner.succeed(generateArgs(TMP.newFolder().toPath(), again, SEED, SAMPLES));
    assertSameFiles(output, again);

    Path otherSeed = TMP.getRoot().toPath().resolve("other-seed");
    CliRunner.succeed(generateArgs(TMP.newFolder().toPath(), otherSeed, SEED + 1, SAMPLES));
    assertFalse(
        "another seed must give other records",
        Files.mismatch(records(output).get(0), records(otherSeed).get(0)) == -1);
  }

  @Test
  public void sameSeedGivesByteIdenticalOutputInAnotherProcess() throws Exception {
    Path otherProcess = TMP.getRoot().toPath().resolve("other-process");
    CliRunner.succeedInNewJvm(generateArgs(TMP.newFolder().toPath(), otherProcess, SEED, SAMPLES));
    assertSameFiles(output, otherProcess);
  }

  @Test
  public void runOfTheStoredSpecIsReproducible() throws IOException {
    Path first = TMP.getRoot().toPath().resolve("run-1");
    Path second = TMP.getRoot().toPath().resolve("run-2");
    String[] run = {
      "run",
      "--spec",
      "orders",
      "--samples",
      "300",
      "--random-seed",
      "7",
      "--store",
      store.toString()
    };
    CliRunner.succeed(CliRunner.concat(run, "--output", "parquet:" + first));
    CliRunner.succeed(CliRunner.concat(run, "--output", "parquet:" + second));
    assertSameFiles(first, second);
    assertThat(ParquetFiles.read(first, "records"), hasSize(300));
  }

  static void assertSameFiles(Path expected, Path actual) throws IOException {
    List<Path> expectedFiles = dataFiles(expected);
    List<Path> actualFiles = dataFiles(actual);
    assertEquals(
        expectedFiles.stream().map(Path::getFileName).toList(),
        actualFiles.stream().map(Path::getFileName).toList());
    for (int i = 0; i < expectedFiles.size(); i++) {
      assertArrayEquals(
          "bytes of " + expectedFiles.get(i).getFileName(),
          Files.readAllBytes(expectedFiles.get(i)),
          Files.readAllBytes(actualFiles.get(i)));
    }
  }

  static List<Path> records(Path directory) throws IOException {
    return ParquetFiles.files(directory, "records");
  }

  /**
   * Record and failure files: what readers of the folder see. Hidden names ('.', '_': the staging
   * folder, the commit ledger that names the run) are the tool's bookkeeping, not data.
   */
  static List<Path> dataFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(
              f ->
                  !f.getFileName().toString().startsWith(".")
                      && !f.getFileName().toString().startsWith("_"))
          .sorted()
          .toList();
    }
  }

  static RunManifest onlyManifest(Path store) throws IOException {
    try (Stream<Path> runs = Files.list(store.resolve("runs"))) {
      List<Path> withManifest =
          runs.filter(run -> Files.exists(run.resolve("manifest.json"))).toList();
      assertThat(withManifest, hasSize(1));
      return RunStore.at(store.toString()).read(withManifest.get(0).getFileName().toString());
    }
  }

  static List<Map<String, Object>> withoutMetadata(List<Map<String, Object>> rows) {
    return rows.stream()
        .map(
            row -> {
              Map<String, Object> record = new LinkedHashMap<>(row);
              record.keySet().removeIf(column -> column.startsWith(MetadataColumns.PREFIX));
              return record;
            })
        .toList();
  }
}
