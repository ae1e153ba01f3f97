package ai.dataframer.beam.bench;

import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
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
 * Embedded generation to Parquet, N records of the example spec, on the Direct runner and on Flink
 * local, against the limit of a plain parquet-avro writer writing the same records in the same run.
 * Usage: EmbeddedBenchmark WORK_DIR SAMPLES [runner ...]; prints rows/s and ratios, writes JSON.
 */
public final class EmbeddedBenchmark {
  private EmbeddedBenchmark() {}

  public static void main(String[] args) throws IOException {
    DataFramerCli.quietLibraryLogs();
    Path work = Path.of(args[0]);
    long samples = Long.parseLong(args[1]);
    List<String> runners =
        args.length > 2 ? List.of(args).subList(2, args.length) : List.of("direct", "flink");
    Path store = work.resolve("store");
    cli(
        "spec",
        "create",
        "--name",
        "orders",
        "--dataset",
        "examples/orders/orders.csv",
        "--store",
        store.toString());

    Map<String, Double> rowsPerSecond = new LinkedHashMap<>();
    Path written = null;
    for (String runner : runners) {
      Path out = work.resolve("out-" + runner);
      List<String> run =
          new ArrayList<>(
              List.of(
                  "run",
                  "--spec",
                  "orders",
                  "--samples",
                  String.valueOf(samples),
                  "--allow-large-runs",
                  "--random-seed",
                  "1",
                  "--output",
                  "parquet:" + out,
                  "--store",
                  store.toString()));
      if (runner.equals("flink")) {
        run.addAll(List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));
      }
      long start = System.nanoTime();
      cli(run.toArray(String[]::new));
      double seconds = (System.nanoTime() - start) / 1e9;
      rowsPerSecond.put(runner, samples / seconds);
      System.out.printf(
          Locale.ROOT,
          "%-8s %,d records in %.1f s: %,.0f rows/s%n",
          runner,
          samples,
          seconds,
          samples / seconds);
      written = out;
    }

    List<GenericRecord> records = readAll(written);
    double plain = plainWriterRowsPerSecond(records, work.resolve("plain.parquet"));
    System.out.printf(
        Locale.ROOT,
        "%-8s %,d records: %,.0f rows/s (the limit)%n",
        "plain",
        records.size(),
        plain);
    double best = rowsPerSecond.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    StringBuilder json = new StringBuilder("{\n  \"samples\": " + samples + ",\n");
    json.append(String.format(Locale.ROOT, "  \"plain_writer_rows_per_s\": %.0f,%n", plain));
    rowsPerSecond.forEach(
        (runner, rate) -> {
          System.out.printf(
              Locale.ROOT, "ratio %-8s %.3f of the plain writer%n", runner, rate / plain);
          json.append(
              String.format(
                  Locale.ROOT,
                  "  \"%s_rows_per_s\": %.0f,%n  \"%s_ratio\": %.3f,%n",
                  runner,
                  rate,
                  runner,
                  rate / plain));
        });
    json.append(
        String.format(
            Locale.ROOT, "  \"best_ratio\": %.3f,%n  \"target\": 0.5%n}%n", best / plain));
    System.out.printf(Locale.ROOT, "best ratio %.3f (target >= 0.5)%n", best / plain);
    Files.writeString(work.resolve("bench-embedded.json"), json);
  }

  private static void cli(String... args) {
    int exit = DataFramerCli.commandLine().execute(args);
    if (exit != 0) {
      throw new IllegalStateException("dataframer " + String.join(" ", args) + " exited " + exit);
    }
  }

  private static List<GenericRecord> readAll(Path directory) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(f -> f.getFileName().toString().startsWith("records")).sorted().toList();
    }
    for (Path file : files) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(
                      new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
              .withDataModel(GenericData.get())
              .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          records.add(r);
        }
      }
    }
    return records;
  }

  /** The limit: the same records, already in memory, through a plain parquet-avro writer. */
  private static double plainWriterRowsPerSecond(List<GenericRecord> records, Path target)
      throws IOException {
    Schema schema = records.get(0).getSchema();
    long start = System.nanoTime();
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(target.toUri()), new Configuration()))
            .withSchema(schema)
            .withDataModel(GenericData.get())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (GenericRecord record : records) {
        writer.write(record);
      }
    }
    return records.size() / ((System.nanoTime() - start) / 1e9);
  }
}
