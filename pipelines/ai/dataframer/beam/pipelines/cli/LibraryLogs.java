package ai.dataframer.beam.pipelines.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the libraries may print on the CLI's console (java.util.logging, which slf4j-jdk14 feeds):
 * their warnings and errors, but not routine INFO lines, and not the warnings every local run
 * prints that no user can act on. Those are dropped one message at a time, by logger and the start
 * of the message, so any other warning of the same logger still shows.
 */
final class LibraryLogs {
  /** Libraries that log routine INFO lines (codec pools, runner start-up). */
  private static final List<String> WARNINGS_ONLY =
      List.of(
          "org.apache.beam",
          "org.apache.hadoop",
          "org.apache.parquet",
          "org.apache.flink",
          "akka",
          "org.apache.pekko",
          "org.apache.spark",
          // Spark's shaded Jetty and Guava.
          "org.sparkproject");

  /** Warnings of every run on a laptop or a plain server, by logger: the start of each message. */
  private static final Map<String, List<String>> ROUTINE_WARNINGS =
      Map.of(
          // Once per operator and subtask (hundreds a run): Beam's step names are long, and the
          // metric names Flink makes of them are cut at 80 characters.
          "org.apache.flink.metrics.MetricGroup",
          List.of("The operator name "),
          // The CLI sets fasterCopy (Jobs); a user who turns it off has chosen the copies.
          "org.apache.beam.runners.flink.FlinkRunner",
          List.of("For maximum performance you should set the 'fasterCopy' option"),
          // Local mode has no Hadoop cluster, Kerberos, or log file for the web dashboard.
          "org.apache.flink.runtime.util.HadoopUtils",
          List.of("Could not find Hadoop configuration"),
          "org.apache.flink.runtime.security.token.DefaultDelegationTokenManager",
          List.of("No tokens obtained", "Tokens update task not started"),
          "org.apache.flink.runtime.webmonitor.WebMonitorUtils",
          List.of("Log file environment variable 'log.file' is not set", "JobManager log files"),
          "org.apache.hadoop.util.NativeCodeLoader",
          List.of("Unable to load native-hadoop library"));

  /**
   * Held so the levels and filters set below are not lost when java.util.logging drops unreferenced
   * loggers.
   */
  private static final List<Logger> CONFIGURED = new ArrayList<>();

  private static final Pattern LARGE_TASK =
      Pattern.compile("contains a task of very large size \\((\\d+) KiB\\)");
  private static final long ROUTINE_TASK_KIB = 16 * 1024;

  private LibraryLogs() {}

  static synchronized void quiet() {
    for (String name : WARNINGS_ONLY) {
      configure(name).setLevel(Level.WARNING);
    }
    // Warns, at every run, that CreateSpec's profile accumulators have no equals(): they are
    // combined values, never compared or used as keys, so the warning says nothing to a user.
    configure("org.apache.beam.sdk.coders.SerializableCoder").setLevel(Level.SEVERE);
    configure("org.apache.spark.scheduler.TaskSetManager").setFilter(LibraryLogs::notASmallTask);
    ROUTINE_WARNINGS.forEach(
        (name, routine) ->
            configure(name)
                .setFilter(
                    record ->
                        record.getLevel().intValue() > Level.WARNING.intValue()
                            || record.getMessage() == null
                            || routine.stream().noneMatch(record.getMessage()::startsWith)));
  }

  /**
   * Spark warns of any task above 1000 KiB. A singleton side input (a Combine.globally result)
   * reaches Spark through parallelize(), inside one task of the stage that reads it: the
   * evaluation's record sample (at most 10,000 rows, about 5 MB) does so on every evaluation of a
   * run of a few thousand records or more. Tasks up to {@value #ROUTINE_TASK_KIB} KiB are routine;
   * a bigger one (a seed's fingerprint set of tens of millions of rows) still warns, as it nears
   * Spark's 128 MiB message limit.
   */
  private static boolean notASmallTask(LogRecord record) {
    Matcher large = LARGE_TASK.matcher(record.getMessage() == null ? "" : record.getMessage());
    return record.getLevel().intValue() > Level.WARNING.intValue()
        || !large.find()
        || Long.parseLong(large.group(1)) > ROUTINE_TASK_KIB;
  }

  private static Logger configure(String name) {
    Logger logger = Logger.getLogger(name);
    CONFIGURED.add(logger);
    return logger;
  }
}
