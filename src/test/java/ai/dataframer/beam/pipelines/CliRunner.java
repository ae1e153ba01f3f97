package ai.dataframer.beam.pipelines;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs the dataframer CLI in-process, as the launcher script would, and keeps what it said. */
final class CliRunner {
  record Outcome(int exitCode, String errors) {}

  private CliRunner() {}

  static Outcome run(String... args) {
    StringWriter errors = new StringWriter();
    CommandLine cli = DataFramerCli.commandLine();
    cli.setErr(new PrintWriter(errors, true));
    int exitCode = cli.execute(args);
    return new Outcome(exitCode, errors.toString());
  }

  /** Runs and fails the test, with what the CLI said, unless it exits 0. */
  static void succeed(String... args) {
    Outcome outcome = run(args);
    if (outcome.exitCode() != 0) {
      throw new AssertionError(
          "dataframer " + String.join(" ", args) + " exited " + outcome.exitCode() + ":\n"
              + outcome.errors());
    }
  }

  static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(Arrays.asList(first));
    all.addAll(Arrays.asList(more));
    return all.toArray(String[]::new);
  }
}
