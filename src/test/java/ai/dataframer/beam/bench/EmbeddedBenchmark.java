package ai.dataframer.beam.bench;

import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Embedded generation to Parquet, records of the example spec, against the limit of a plain
 * parquet-avro writer writing the same records, already in memory, in the same bench run.
 *
 * <p>Each (runner, size) runs in a JVM of its own, started by scripts/bench-embedded: Flink and
 * Spark cannot share a class path, and a fresh JVM per size keeps one measurement's JIT and heap
 * out of the next. The job is the CLI's {@code run} with {@code --no-evaluate}: evaluation is a job
 * of its own (scripts/bench-evaluate). Modes:
 *
 * <ul>
 *   <li>{@code spec WORK}: creates the spec all runs use;
 *   <li>{@code run WORK RUNNER SAMPLES [OPTION ...]}: one run, its wall time appended to
 *       WORK/timings.tsv;
 *   <li>{@code plain WORK SAMPLES OUTPUT_DIR}: the plain writer on the records of a run's output;
 *   <li>{@code report WORK}: rows/s for every runner and size, and both ratios: whole job at each
 *       size, and steady state, the slope between the smallest and the largest size, which takes
 *       the fixed cost of a job (JVM-side start-up, pipeline construction, the runner's start and
 *       the commit) out of the figure.
 * </ul>
 */
public final class EmbeddedBenchmark {
  private static final String PLAIN = "plain";

  private EmbeddedBenchmark() {}

  public static void main(String[] args) throws IOException {
    DataFramerCli.quietLibraryLogs();
    Path work = Path.of(args[1]);
    switch (args[0]) {
      case "spec" ->
          cli(
              "spec",
              "create",
              "--name",
              "orders",
              "--dataset",
              "examples/orders/orders.csv",
              "--store",
              work.resolve("store").toString());
      case "run" ->
          run(work, args[2], Long.parseLong(args[3]), List.of(args).subList(4, args.length));
      case "plain" -> plain(work, Long.parseLong(args[2]), Path.of(args[3]));
      case "report" -> report(work);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /** One run; {@code options} (e.g. a runner option to try) are added to its command line. */
  private static void run(Path work, String runner, long samples, List<String> options)
      throws IOException {
    Path out = work.resolve("out-" + runner + "-" + samples);
    List<String> run =
        new ArrayList<>(
            List.of(
                "run",
                "--spec",
                "orders",
                "--samples",
                String.valueOf(samples),
                "--allow-large-runs",
                "--no-evaluate",
                "--random-seed",
                "1",
                "--output",
                "parquet:" + out,
                "--store",
                work.resolve("store").toString()));
    switch (runner) {
      case "direct" -> {}
      case "flink" ->
          run.addAll(List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));
      case "spark" -> run.addAll(List.of("--runner=SparkRunner", "--sparkMaster=local[2]"));
      default -> throw new IllegalArgumentException("unknown runner " + runner);
    }
    run.addAll(options);
    long start = System.nanoTime();
    cli(run.toArray(String[]::new));
    record(work, runner, samples, (System.nanoTime() - start) / 1e9);
  }

  /**
   * At most this many distinct records are held for the plain writer, which writes SAMPLES of them
   * in turn. Five million records in one heap make the JVM spend its time collecting garbage, which
   * would measure the heap rather than the writer and lower the limit; a million is more than a row
   * group (64 MiB) holds, so every row group still sees distinct records, as in a run's files.
   */
  private static final int MAX_PLAIN_RECORDS = 1_000_000;

  private static void plain(Path work, long samples, Path output) throws IOException {
    List<GenericRecord> records = readAll(output, MAX_PLAIN_RECORDS);
    if (records.size() != Math.min(samples, MAX_PLAIN_RECORDS)) {
      throw new IllegalStateException(
          output + " holds " + records.size() + " records, expected " + samples);
    }
    Path target = work.resolve("plain-" + samples + ".parquet");
    // Once untimed: the runs' figures include a warm JIT after their first rows, so the limit
    // gets one too, and is no easier to reach than on a warm writer.
    writePlain(records, records.size(), target);
    long start = System.nanoTime();
    writePlain(records, samples, target);
    record(work, PLAIN, samples, (System.nanoTime() - start) / 1e9);
  }

  /** Writes {@code count} records, taking the held ones in turn. */
  private static void writePlain(List<GenericRecord> records, long count, Path target)
      throws IOException {
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(target.toUri()), new Configuration()))
            .withSchema(records.get(0).getSchema())
            .withDataModel(GenericData.get())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (long i = 0; i < count; i++) {
        writer.write(records.get((int) (i % records.size())));
      }
    }
  }

  private static void record(Path work, String runner, long samples, double seconds)
      throws IOException {
    System.out.printf(
        Locale.ROOT,
        "%-8s %,11d records in %7.1f s: %,9.0f rows/s%n",
        runner,
        samples,
        seconds,
        samples / seconds);
    Files.writeString(
        work.resolve("timings.tsv"),
        String.format(Locale.ROOT, "%s\t%d\t%.3f%n", runner, samples, seconds),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static void report(Path work) throws IOException {
    Map<String, TreeMap<Long, Double>> seconds = new LinkedHashMap<>();
    for (String line : Files.readAllLines(work.resolve("timings.tsv"))) {
      String[] cells = line.split("\t");
      seconds
          .computeIfAbsent(cells[0], r -> new TreeMap<>())
          .put(Long.parseLong(cells[1]), Double.parseDouble(cells[2]));
    }
    TreeMap<Long, Double> plain = seconds.remove(PLAIN);
    if (plain == null || plain.size() < 2) {
      throw new IllegalStateException("the plain writer needs two sizes in " + work);
    }
    double plainSteady = slope(plain);
    StringBuilder json = new StringBuilder("{\n");
    json.append(jsonField("plain_steady_rows_per_s", plainSteady));
    System.out.printf(Locale.ROOT, "%nrows/s (whole job)%n");
    System.out.printf(Locale.ROOT, "%-8s", "");
    plain.keySet().forEach(n -> System.out.printf(Locale.ROOT, " %,14d", n));
    System.out.printf(Locale.ROOT, " %16s %8s%n", "steady state", "ratio");
    double best = 0;
    for (Map.Entry<String, TreeMap<Long, Double>> runner : seconds.entrySet()) {
      TreeMap<Long, Double> times = runner.getValue();
      System.out.printf(Locale.ROOT, "%-8s", runner.getKey());
      for (long n : plain.keySet()) {
        Double t = times.get(n);
        System.out.printf(
            Locale.ROOT, " %14s", t == null ? "-" : String.format(Locale.ROOT, "%,.0f", n / t));
        if (t != null) {
          json.append(jsonField(runner.getKey() + "_" + n + "_rows_per_s", n / t));
          json.append(
              jsonField(runner.getKey() + "_" + n + "_ratio", (n / t) / (n / plain.get(n))));
        }
      }
      double steady = times.size() < 2 ? Double.NaN : slope(times);
      System.out.printf(Locale.ROOT, " %,16.0f %8.3f%n", steady, steady / plainSteady);
      json.append(jsonField(runner.getKey() + "_steady_rows_per_s", steady));
      json.append(jsonField(runner.getKey() + "_steady_ratio", steady / plainSteady));
      best = Double.isNaN(steady) ? best : Math.max(best, steady / plainSteady);
    }
    System.out.printf(Locale.ROOT, "%-8s", PLAIN);
    plain.forEach((n, t) -> System.out.printf(Locale.ROOT, " %,14.0f", n / t));
    System.out.printf(Locale.ROOT, " %,16.0f %8s%n", plainSteady, "1");
    System.out.printf(
        Locale.ROOT, "%nwhole-job ratio at each size = runner rows/s / plain rows/s;%n");
    System.out.printf(
        Locale.ROOT,
        "steady state = (largest - smallest size) / (difference of their wall times)%n");
    System.out.printf(Locale.ROOT, "best steady-state ratio %.3f (target >= 0.5)%n", best);
    json.append(jsonField("best_steady_ratio", best));
    json.append("  \"target\": 0.5\n}\n");
    Files.writeString(work.resolve("bench-embedded.json"), json);
  }

  /** Rows per second between the smallest and the largest size: the cost of the extra rows. */
  private static double slope(TreeMap<Long, Double> seconds) {
    long small = seconds.firstKey();
    long large = seconds.lastKey();
    return (large - small) / (seconds.get(large) - seconds.get(small));
  }

  private static String jsonField(String name, double value) {
    return String.format(
        Locale.ROOT,
        "  \"%s\": %s,%n",
        name,
        Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.3f", value));
  }

  private static void cli(String... args) {
    int exit = DataFramerCli.commandLine().execute(args);
    if (exit != 0) {
      throw new IllegalStateException("dataframer " + String.join(" ", args) + " exited " + exit);
    }
  }

  private static List<GenericRecord> readAll(Path directory, int limit) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(f -> f.getFileName().toString().startsWith("records")).sorted().toList();
    }
    for (Path file : files) {
      if (records.size() >= limit) {
        break;
      }
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(
                      new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
              .withDataModel(GenericData.get())
              .build()) {
        for (GenericRecord r = reader.read();
            r != null && records.size() < limit;
            r = reader.read()) {
          records.add(r);
        }
      }
    }
    return records;
  }
}
