package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.ModelDefaults;
import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
          "dataframer "
              + String.join(" ", args)
              + " exited "
              + outcome.exitCode()
              + ":\n"
              + outcome.errors());
    }
  }

  /**
   * Runs the CLI in a fresh JVM, for what one process cannot show: identity hash codes, static
   * state and JIT differ between processes, so output that depends on them differs too.
   */
  static void succeedInNewJvm(String... args) throws IOException, InterruptedException {
    outputOfNewJvm(args);
  }

  /**
   * Runs the CLI through its main method in a fresh JVM, as the launcher does (logging set up,
   * System.exit at the end), with no provider key in its environment; fails unless it exits 0.
   *
   * @return what it printed on stdout and stderr, interleaved
   */
  static String outputOfNewJvm(String... args) throws IOException, InterruptedException {
    return outputOfNewJvm(List.of(), Map.of(), args);
  }

  /**
   * As {@link #outputOfNewJvm(String...)}, with JVM options and environment variables the launcher
   * would add for a runner (Spark's --add-opens, SPARK_LOCAL_IP).
   */
  static String outputOfNewJvm(
      List<String> jvmOptions, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DataFramerCli.class.getName());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    ModelDefaults.PROVIDER_KEY_VARIABLES.forEach(builder.environment()::remove);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(
          "dataframer " + String.join(" ", args) + " did not end in 5 minutes");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "dataframer "
              + String.join(" ", args)
              + " exited "
              + process.exitValue()
              + ":\n"
              + output);
    }
    return output;
  }

  /**
   * Starts the CLI in a fresh JVM and returns at once, its output going to a file next to the
   * working directory's temp files, for a test that kills it mid-run.
   */
  static Process startInNewJvm(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DataFramerCli.class.getName());
    command.addAll(Arrays.asList(args));
    java.io.File log = java.io.File.createTempFile("dataframer-cli-", ".log");
    log.deleteOnExit();
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
    ModelDefaults.PROVIDER_KEY_VARIABLES.forEach(builder.environment()::remove);
    return builder.start();
  }

  static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(Arrays.asList(first));
    all.addAll(Arrays.asList(more));
    return all.toArray(String[]::new);
  }
}
