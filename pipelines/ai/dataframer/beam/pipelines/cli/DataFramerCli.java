package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.request.RequestValidationException;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.pipelines.Cancellation;
import ai.dataframer.beam.pipelines.JobFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.beam.sdk.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dataframer} command line: spec creation, runs, and both in one job. */
@Command(
    name = "dataframer",
    mixinStandardHelpOptions = true,
    version = "dataframer-beam 0.1.0",
    description = "DataFramer synthetic data on Apache Beam.",
    subcommands = {SpecCommand.class, RunCommand.class, GenerateCommand.class})
public final class DataFramerCli implements Runnable {
  /** Set to print stack traces of errors, for bug reports. */
  static final String DEBUG_VARIABLE = "DATAFRAMER_DEBUG";

  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  /**
   * Held so the levels set below are not lost when java.util.logging drops unreferenced loggers.
   */
  private static final List<Logger> QUIETED = new ArrayList<>();

  public static void main(String[] args) {
    HttpTransport.useCommonPoolForCallbacks();
    quietLibraryLogs();
    Cancellation.install();
    System.exit(commandLine().execute(args));
  }

  /**
   * Libraries log routine INFO lines (codec pools, runner start-up); the CLI shows warnings only.
   */
  public static void quietLibraryLogs() {
    for (String name :
        List.of(
            "org.apache.beam",
            "org.apache.hadoop",
            "org.apache.parquet",
            "org.apache.flink",
            "akka",
            "org.apache.pekko")) {
      quiet(name, Level.WARNING);
    }
    // Warns, at every run, that CreateSpec's profile accumulators have no equals(): they are
    // combined
    // values, never compared or used as keys, so the warning says nothing to a user.
    quiet("org.apache.beam.sdk.coders.SerializableCoder", Level.SEVERE);
  }

  private static void quiet(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(level);
    QUIETED.add(logger);
  }

  /**
   * The CLI with its error handling: a user error prints its message, not a stack trace. Commands
   * with required options can still have subcommands ({@code run --output X}, {@code run list}).
   */
  public static CommandLine commandLine() {
    return SubcommandDispatch.install(
        new CommandLine(new DataFramerCli())
            .setExecutionExceptionHandler(
                (error, commandLine, parseResult) -> {
                  if (System.getenv(DEBUG_VARIABLE) != null) {
                    error.printStackTrace(commandLine.getErr());
                  }
                  commandLine.getErr().println("error: " + rootMessage(error));
                  return exitCode(error);
                }));
  }

  /**
   * The exit code a scheduler sees (README, "Scheduling"): a run's own code when it ran and failed,
   * 2 for an invalid request, 1 for any other error.
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

  /** Beam wraps errors raised in workers; the user needs the message of what went wrong there. */
  static String rootMessage(Throwable error) {
    Throwable shown = error;
    while (shown instanceof Pipeline.PipelineExecutionException && shown.getCause() != null) {
      shown = shown.getCause();
    }
    return shown.getMessage() != null ? shown.getMessage() : shown.toString();
  }

  @Override
  public void run() {
    commandSpec.commandLine().usage(System.out);
  }
}
