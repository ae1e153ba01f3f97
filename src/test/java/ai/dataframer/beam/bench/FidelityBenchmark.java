package ai.dataframer.beam.bench;

import ai.dataframer.beam.bench.DatasetScore.Side;
import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.eval.RealismReport;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The fidelity bench (docs/ARCHITECTURE.md section 11): every dataset of {@link FidelitySuite}
 * through {@code dataframer generate} with the embedded engine, scored against its seed beside a
 * column-shuffled seed; prints a table, the thresholds each dataset misses, and writes JSON.
 *
 * <p>Usage: FidelityBenchmark WORK_DIR [--max-samples N] [--only NAME,NAME] [--random-seed S]
 * [--report-only]. Samples per dataset: as many as the seed has rows, at most N (default the API
 * limit, 20,000). Exits 1 when a threshold fails, unless --report-only.
 */
public final class FidelityBenchmark {
  private FidelityBenchmark() {}

  record Options(
      Path work, int maxSamples, List<String> only, long randomSeed, boolean reportOnly) {
    static Options parse(String[] args) {
      if (args.length == 0) {
        throw new IllegalArgumentException(
            "usage: FidelityBenchmark WORK_DIR [--max-samples N] [--only NAME,NAME]"
                + " [--random-seed S] [--report-only]");
      }
      int maxSamples = RunCreate.MAX_SAMPLES;
      List<String> only = List.of();
      long randomSeed = 1;
      boolean reportOnly = false;
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--max-samples":
            maxSamples = Integer.parseInt(args[++i]);
            break;
          case "--only":
            only = Arrays.asList(args[++i].split(","));
            break;
          case "--random-seed":
            randomSeed = Long.parseLong(args[++i]);
            break;
          case "--report-only":
            reportOnly = true;
            break;
          default:
            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
        }
      }
      return new Options(Path.of(args[0]), maxSamples, only, randomSeed, reportOnly);
    }
  }

  public static void main(String[] args) throws IOException {
    Options options = Options.parse(args);
    DataFramerCli.quietLibraryLogs();
    List<FidelitySuite.Entry> entries =
        FidelitySuite.DATASETS.stream()
            .filter(entry -> options.only().isEmpty() || options.only().contains(entry.name()))
            .toList();
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("no dataset named " + options.only());
    }
    long start = System.nanoTime();
    DatasetRun runner = new DatasetRun(options.work(), options.maxSamples(), options.randomSeed());
    List<DatasetScore> scores = new ArrayList<>();
    System.out.println(FiguresTable.LEGEND);
    System.out.println(FiguresTable.HEADER);
    for (FidelitySuite.Entry entry : entries) {
      DatasetScore score = runner.run(entry.build().get());
      scores.add(score);
      System.out.println(FiguresTable.row(score, score.synthetic()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.println();
    System.out.println("The column-shuffled seed, scored the same way (the independent baseline):");
    System.out.println(FiguresTable.HEADER);
    scores.forEach(score -> System.out.println(FiguresTable.row(score, score.shuffledSeed())));
    long failing = scores.stream().filter(score -> !score.failures().isEmpty()).count();
    System.out.println();
    for (DatasetScore score : scores) {
      List<String> failures = score.failures();
      System.out.println(
          score.dataset().name()
              + (failures.isEmpty()
                  ? ": meets every threshold"
                  : ": " + failures.size() + " fail"));
      failures.forEach(failure -> System.out.println("  FAIL " + failure));
      score.notes().forEach(note -> System.out.println("  note " + note));
    }
    System.out.printf(
        Locale.ROOT,
        "%n%d of %d datasets meet every threshold (column shapes >= %.2f, pair trends >= %.2f and"
            + " above the shuffled seed, 0 exact copies, 0 duplicate, copied or misshapen keys, 0"
            + " precision mismatches, 0 broken constraints, null rates within %.0f points); %.0f s in all%n",
        scores.size() - failing,
        scores.size(),
        DatasetScore.MIN_MEAN_COLUMN_SHAPE,
        DatasetScore.MIN_MEAN_PAIR_TREND,
        DatasetScore.MAX_NULL_RATE_DIFFERENCE_POINTS,
        seconds);
    Path json = options.work().resolveSibling("fidelity.json");
    Files.writeString(json, json(options, scores, seconds));
    System.out.println("wrote " + json);
    if (failing > 0 && !options.reportOnly()) {
      System.exit(1);
    }
  }

  private static String json(Options options, List<DatasetScore> scores, double seconds)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("max_samples", options.maxSamples());
    root.put("random_seed", options.randomSeed());
    root.put("seconds", Math.round(seconds));
    ObjectNode thresholds = root.putObject("thresholds");
    thresholds.put("min_mean_column_shape", DatasetScore.MIN_MEAN_COLUMN_SHAPE);
    thresholds.put("min_mean_pair_trend", DatasetScore.MIN_MEAN_PAIR_TREND);
    thresholds.put("max_null_rate_difference_points", DatasetScore.MAX_NULL_RATE_DIFFERENCE_POINTS);
    ArrayNode datasets = root.putArray("datasets");
    for (DatasetScore score : scores) {
      ObjectNode node = datasets.addObject();
      node.put("name", score.dataset().name());
      node.put("about", score.dataset().about());
      node.put("seed_file", score.dataset().fileName());
      node.put("seed_rows", score.seedRows());
      node.put("samples_requested", score.samplesRequested());
      node.put("generate_seconds", score.generateSeconds());
      node.put("score_seconds", score.scoreSeconds());
      node.set("failures", mapper.valueToTree(score.failures()));
      node.set("notes", mapper.valueToTree(score.notes()));
      node.set("synthetic", side(mapper, score.synthetic()));
      node.set("shuffled_seed", side(mapper, score.shuffledSeed()));
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static ObjectNode side(ObjectMapper mapper, Side side) throws IOException {
    ObjectNode node = mapper.createObjectNode();
    node.set("fidelity", mapper.readTree(side.fidelity().toJson()));
    node.set("realism", mapper.readTree(side.realism().toJson()));
    return node;
  }

  /** One line of figures per dataset, under one header. */
  static final class FiguresTable {
    static final String HEADER =
        String.format(
            Locale.ROOT,
            "%-16s %6s %6s %6s %6s %6s %7s %6s %6s %6s %6s %6s %6s %6s %6s",
            "dataset",
            "seed",
            "rows",
            "shapes",
            "min",
            "pairs",
            "vs base",
            "copies",
            "keydup",
            "keycpy",
            "keyshp",
            "precis",
            "broken",
            "nulls",
            "gen s");

    static final String LEGEND =
        String.join(
            System.lineSeparator(),
            "seed, rows: seed rows, synthetic rows read back; shapes, min: mean column shape and the"
                + " weakest column's; pairs: mean pair trend, vs base: minus the shuffled seed's;",
            "copies: exact copies of seed rows; keydup, keycpy, keyshp: key values repeated, copied"
                + " from the seed, unlike the seed's characters or lengths; precis: values finer"
                + " than the seed;",
            "broken: constraint violations; nulls: largest null-rate difference in points; gen s:"
                + " seconds of dataframer generate (spec and run)",
            "");

    private FiguresTable() {}

    /** The figures of one side; "vs base" (pair trends above the shuffled seed's) for the first. */
    static String row(DatasetScore score, Side side) {
      FidelityReport fidelity = side.fidelity();
      RealismReport realism = side.realism();
      double aboveBaseline =
          fidelity.meanPairTrend() - score.shuffledSeed().fidelity().meanPairTrend();
      return String.format(
          Locale.ROOT,
          "%-16s %6d %6d %6.3f %6.3f %6.3f %7s %6d %6d %6d %6d %6d %6d %6.1f %6.1f",
          score.dataset().name(),
          score.seedRows(),
          fidelity.syntheticRecords(),
          fidelity.meanColumnShape(),
          side.minColumnShape(),
          fidelity.meanPairTrend(),
          side == score.shuffledSeed() ? "" : String.format(Locale.ROOT, "%+.3f", aboveBaseline),
          fidelity.exactCopies(),
          realism.duplicateKeys(),
          realism.copiedKeys(),
          realism.keyShapeMismatches(),
          realism.precisionMismatches(),
          realism.constraintViolations(),
          realism.maxNullRateDifference(),
          score.generateSeconds());
    }
  }
}
