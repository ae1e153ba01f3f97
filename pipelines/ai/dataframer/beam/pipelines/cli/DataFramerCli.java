package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.request.RequestValidationException;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.pipelines.Cancellation;
import ai.dataframer.beam.pipelines.JobFailedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dataframer} command line: spec creation, runs, and both in one job. */
@Command(
    name = "dataframer",
    mixinStandardHelpOptions = true,
    version = "dataframer-beam 0.1.0",
    description = "DataFramer synthetic data on Apache Beam.",
    subcommands = {
      SpecCommand.class,
      RunCommand.class,
      GenerateCommand.class,
      EvaluateCommand.class
    })
public final class DataFramerCli implements Runnable {
  /** Set to print stack traces of errors, for bug reports. */
  static final String DEBUG_VARIABLE = "DATAFRAMER_DEBUG";

  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  public static void main(String[] args) {
    int exitCode = 1;
    try {
      // After the library logs are quieted: the registry may log.
      quietLibraryLogs();
      StartupWarmer.start(args);
      HttpTransport.useCommonPoolForCallbacks();
      Cancellation.install();
      exitCode = execute(commandLine(), args);
    } finally {
      // Always, even after an error: runners leave threads that are not daemons (Flink's actor
      // system, ...), and they would keep the JVM alive after main returned.
      System.exit(exitCode);
    }
  }

  /**
   * Runs the command line and returns its exit code. picocli's handler below sees exceptions only;
   * an Error (a method missing from the class path, out of memory) is reported here the same way
   * instead of escaping main.
   */
  static int execute(CommandLine cli, String... args) {
    try {
      return cli.execute(args);
    } catch (Error error) {
      report(error, cli.getErr());
      return Cancellation.exitCode(JobFailedException.EXIT_FAILED);
    }
  }

  /**
   * Libraries print their warnings and errors, not routine INFO lines nor the warnings every local
   * run prints ({@link LibraryLogs}).
   */
  public static void quietLibraryLogs() {
    LibraryLogs.quiet();
  }

  /**
   * The CLI with its error handling (a user error prints its message, not a stack trace); each
   * notice is said once per command.
   */
  public static CommandLine commandLine() {
    return SubcommandDispatch.install(
        new CommandLine(new DataFramerCli())
            .setExecutionStrategy(
                parseResult -> Notices.scoped(() -> new CommandLine.RunLast().execute(parseResult)))
            .setExecutionExceptionHandler(
                (error, commandLine, parseResult) -> {
                  report(error, commandLine.getErr());
                  return exitCode(error);
                }));
  }

  /**
   * The exit code a scheduler sees (README, "Scheduling"): a run's own code when it ran and failed,
   * 2 for an invalid request, 1 for any other error; 130 or 143 once a signal canceled the job.
   */
  static int exitCode(Throwable error) {
    if (error instanceof JobFailedException failed) {
      return Cancellation.exitCode(failed.exitCode());
    }
    if (error instanceof RequestValidationException) {
      return JobFailedException.EXIT_USAGE;
    }
    return Cancellation.exitCode(JobFailedException.EXIT_FAILED);
  }

  private static void report(Throwable error, PrintWriter err) {
    if (System.getenv(DEBUG_VARIABLE) != null) {
      error.printStackTrace(err);
    }
    if (error instanceof JobFailedException failed && failed.reported()) {
      return;
    }
    err.println("error: " + JobFailedException.rootMessage(error));
    err.flush();
  }

  @Override
  public void run() {
    commandSpec.commandLine().usage(System.out);
  }
}
