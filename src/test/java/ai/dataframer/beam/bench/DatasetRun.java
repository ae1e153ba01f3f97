package ai.dataframer.beam.bench;

import ai.dataframer.beam.bench.DatasetScore.Side;
import ai.dataframer.beam.core.eval.ConstraintCheck;
import ai.dataframer.beam.core.eval.Fidelity;
import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.eval.KeyCheck;
import ai.dataframer.beam.core.eval.RealismReport;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import ai.dataframer.beam.testing.ParquetFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * One dataset through the bench: write its seed file, generate through the command line as a user
 * would ({@code dataframer generate}: the embedded analyst, then the embedded engine on the Direct
 * runner, Parquet out), read the spec and the output back, and score the output and a
 * column-shuffled seed against the seed.
 */
final class DatasetRun {
  /** Seed-decile bins for numbers in contingency tables, as issue 10's acceptance states. */
  static final int PAIR_TREND_BINS = 10;

  /** Closest-record distances are not thresholds here; a few hundred keep scoring quick. */
  private static final int CLOSEST_RECORD_CHECKS = 300;

  private final Path work;
  private final int maxSamples;
  private final long randomSeed;

  DatasetRun(Path work, int maxSamples, long randomSeed) {
    this.work = work;
    this.maxSamples = maxSamples;
    this.randomSeed = randomSeed;
  }

  DatasetScore run(Dataset dataset) throws IOException {
    Path folder = work.resolve(dataset.name());
    Files.createDirectories(folder);
    Path seedFile = folder.resolve(dataset.fileName());
    RecordFiles.write(dataset, seedFile);
    int samples = Math.min(dataset.rows().size(), maxSamples);

    long start = System.nanoTime();
    Path output = folder.resolve("out");
    Path store = folder.resolve("store");
    generate(dataset.name(), seedFile, samples, output, store);
    double generateSeconds = (System.nanoTime() - start) / 1e9;

    start = System.nanoTime();
    Spec spec = SpecStore.at(store.toString()).readVersion(dataset.name(), null);
    Map<String, FieldType> types = new LinkedHashMap<>();
    spec.recordFields().forEach(field -> types.put(field.name(), field.type()));
    List<Map<String, Object>> seed = readSeed(dataset, seedFile, types);
    List<Map<String, Object>> synthetic = withoutMetadata(ParquetFiles.read(output, "records"));
    Map<String, String> keys = keyColumns(dataset, spec, seed);
    List<Constraint> constraints = constraints(dataset, spec);
    Side scored = score(types, keys, constraints, seed, synthetic);
    Side shuffled =
        score(types, keys, constraints, seed, Fidelity.columnShuffledBaseline(seed, randomSeed));
    double scoreSeconds = (System.nanoTime() - start) / 1e9;
    return new DatasetScore(
        dataset, samples, generateSeconds, scoreSeconds, scored, shuffled, notes(dataset, spec));
  }

  /** {@code dataframer generate} in this process, as the launcher script runs it. */
  private void generate(String name, Path seedFile, int samples, Path output, Path store) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "generate",
                "--name",
                name,
                "--dataset",
                seedFile.toString(),
                "--samples",
                String.valueOf(samples),
                "--random-seed",
                String.valueOf(randomSeed),
                "--output",
                "parquet:" + output,
                "--store",
                store.toString()));
    if (samples > RunCreate.MAX_SAMPLES) {
      args.add("--allow-large-runs");
    }
    // The run's own report would break up the bench's table; it is shown only when the run fails.
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    int exit;
    try (PrintStream capture = new PrintStream(said, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      CommandLine cli = DataFramerCli.commandLine();
      cli.setOut(new PrintWriter(capture, true));
      cli.setErr(new PrintWriter(capture, true));
      exit = cli.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    if (exit != 0) {
      throw new IllegalStateException(
          "dataframer "
              + String.join(" ", args)
              + " exited "
              + exit
              + ":\n"
              + said.toString(StandardCharsets.UTF_8));
    }
  }

  /** The seed as the tool typed it: CSV cells parsed as the spec's types, Parquet as written. */
  private static List<Map<String, Object>> readSeed(
      Dataset dataset, Path seedFile, Map<String, FieldType> types) throws IOException {
    switch (dataset.format()) {
      case CSV:
        return RecordFiles.readCsv(seedFile, types);
      case PARQUET:
        return ParquetFiles.read(seedFile);
      default:
        throw new IllegalStateException("unhandled format " + dataset.format());
    }
  }

  private static List<Map<String, Object>> withoutMetadata(List<Map<String, Object>> rows) {
    for (Map<String, Object> row : rows) {
      row.keySet().removeIf(column -> column.startsWith(MetadataColumns.PREFIX));
    }
    return rows;
  }

  /**
   * The spec's keys and the seed's unique columns ({@link KeyCheck#keyColumns}), and the dataset's
   * own keys even when the spec missed them: a key the analyst did not find must still come out
   * unique.
   */
  private static Map<String, String> keyColumns(
      Dataset dataset, Spec spec, List<Map<String, Object>> seed) {
    Map<String, String> keys = KeyCheck.keyColumns(spec.recordFields(), seed);
    for (String key : dataset.keys()) {
      if (!"spec key".equals(keys.get(key))) {
        keys.put(key, "dataset key, not a spec key");
      }
    }
    return keys;
  }

  /** The dataset's constraints, and those the spec adds. */
  private static List<Constraint> constraints(Dataset dataset, Spec spec) {
    List<Constraint> constraints = new ArrayList<>(dataset.constraints());
    for (Constraint learned : spec.constraints()) {
      if (constraints.stream().noneMatch(c -> c.equals(learned))) {
        constraints.add(learned);
      }
    }
    return constraints;
  }

  private static Side score(
      Map<String, FieldType> types,
      Map<String, String> keys,
      List<Constraint> constraints,
      List<Map<String, Object>> seed,
      List<Map<String, Object>> records) {
    FidelityReport fidelity =
        Fidelity.defaults()
            .withBins(PAIR_TREND_BINS)
            .withMaxClosestRecordChecks(CLOSEST_RECORD_CHECKS)
            .evaluate(types, seed, records);
    return new Side(fidelity, RealismReport.evaluate(types, keys, constraints, seed, records));
  }

  /** Where the spec differs from the dataset's design: types, keys, constraints. */
  private static List<String> notes(Dataset dataset, Spec spec) {
    List<String> notes = new ArrayList<>();
    dataset
        .columns()
        .forEach(
            (column, designed) -> {
              FieldType learned = spec.recordField(column).map(RecordField::type).orElse(null);
              if (learned != designed) {
                notes.add(
                    "column "
                        + column
                        + " is a "
                        + designed.yamlName()
                        + ", the spec has "
                        + (learned == null ? "no such field" : "a " + learned.yamlName()));
              }
            });
    for (String key : dataset.keys()) {
      if (spec.recordField(key).map(field -> !field.isKey()).orElse(true)) {
        notes.add("the spec has no key for " + key);
      }
    }
    for (Constraint designed : dataset.constraints()) {
      if (!follows(designed, spec.constraints())) {
        notes.add("the spec lacks the constraint " + ConstraintCheck.describe(designed));
      }
    }
    return notes;
  }

  /**
   * Whether the learned rules keep a designed one, alone or chained: city -> country and country ->
   * region keep city -> region, amount > net and net > fee keep amount > fee (the analyst writes no
   * rule that others imply).
   */
  static boolean follows(Constraint designed, List<Constraint> learned) {
    if (learned.stream().anyMatch(rule -> implies(rule, designed))) {
      return true;
    }
    if (designed instanceof Constraint.Determines wanted) {
      return reaches(wanted.from(), wanted.to(), learned, false, new HashSet<>());
    }
    if (designed instanceof Constraint.Order wanted) {
      // As "right below left": a path of lower-than steps from right up to left.
      Constraint.Order upward =
          wanted.op().startsWith(">")
              ? wanted
              : new Constraint.Order(wanted.right(), mirrored(wanted.op()), wanted.left());
      return reaches(
          upward.right(), upward.left(), learned, upward.op().equals(">"), new HashSet<>());
    }
    return false;
  }

  /**
   * A path from {@code from} to {@code to} along determines rules, or along orders upward (for
   * orders, with at least one strict step when {@code strict}).
   */
  private static boolean reaches(
      String from, String to, List<Constraint> learned, boolean strict, Set<String> seen) {
    if (!seen.add(from)) {
      return false;
    }
    for (Constraint rule : learned) {
      String next = null;
      boolean strictStep = false;
      if (rule instanceof Constraint.Determines d && d.from().equals(from)) {
        next = d.to();
      } else if (rule instanceof Constraint.Order o) {
        // The step goes from the lower side to the higher one.
        String low = o.op().startsWith(">") ? o.right() : o.left();
        String high = o.op().startsWith(">") ? o.left() : o.right();
        if (low.equals(from)) {
          next = high;
          strictStep = o.op().length() == 1;
        }
      }
      if (next == null) {
        continue;
      }
      boolean stillStrict = strict && !strictStep;
      if (next.equals(to) ? !stillStrict : reaches(next, to, learned, stillStrict, seen)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether rule {@code a} keeps rule {@code b}: the same rule whatever its tolerance, the order of
   * its parts or the side it is written from, or a strict order for the same pair as a non-strict
   * one ({@code end > start} keeps {@code end >= start}).
   */
  static boolean implies(Constraint a, Constraint b) {
    if (a instanceof Constraint.Order x && b instanceof Constraint.Order y) {
      if (x.left().equals(y.right()) && x.right().equals(y.left())) {
        x = new Constraint.Order(x.right(), mirrored(x.op()), x.left());
      }
      return x.left().equals(y.left())
          && x.right().equals(y.right())
          && (x.op().equals(y.op()) || x.op().equals(y.op().substring(0, 1)));
    }
    if (a instanceof Constraint.Sum x && b instanceof Constraint.Sum y) {
      return x.total().equals(y.total())
          && new HashSet<>(x.parts()).equals(new HashSet<>(y.parts()));
    }
    return a.equals(b);
  }

  private static String mirrored(String op) {
    switch (op) {
      case ">=":
        return "<=";
      case "<=":
        return ">=";
      case ">":
        return "<";
      case "<":
        return ">";
      default:
        throw new IllegalArgumentException("unknown order operator '" + op + "'");
    }
  }
}
