package ai.dataframer.beam.pipelines;

import org.apache.beam.sdk.Pipeline;

/**
 * A job that ran and failed, with the exit code a scheduler sees (the README lists them): {@link
 * #EXIT_FAILED} for an error, {@link #EXIT_INCOMPLETE} for a pipeline that finished with too few
 * accepted samples.
 */
public class JobFailedException extends RuntimeException {
  /** The job failed: a pre-check, the pipeline, or the commit. */
  public static final int EXIT_FAILED = 1;

  /** The command line or the request was invalid; nothing ran. */
  public static final int EXIT_USAGE = 2;

  /** The pipeline finished but accepted fewer samples than the run requires (at least one). */
  public static final int EXIT_INCOMPLETE = 3;

  private final int exitCode;
  private final boolean reported;

  public JobFailedException(String message, int exitCode, Throwable cause) {
    this(message, exitCode, cause, false);
  }

  private JobFailedException(String message, int exitCode, Throwable cause, boolean reported) {
    super(message, cause);
    this.exitCode = exitCode;
    this.reported = reported;
  }

  /**
   * A job ended by a signal, whose handler has printed the job's end already: the command line
   * exits with the code and says nothing more, so the console shows the end once.
   */
  static JobFailedException alreadyReported(String message, int exitCode, Throwable cause) {
    return new JobFailedException(message, exitCode, cause, true);
  }

  public int exitCode() {
    return exitCode;
  }

  /** Whether the job's end was printed when it happened (see {@link #alreadyReported}). */
  public boolean reported() {
    return reported;
  }

  /**
   * What went wrong, for a person: Beam wraps errors raised in workers, and the user needs the
   * message of the error inside. An Error's message alone (a method signature, a class name) does
   * not say what went wrong, so it is shown with its class.
   */
  public static String rootMessage(Throwable error) {
    Throwable shown = error;
    while (shown instanceof Pipeline.PipelineExecutionException && shown.getCause() != null) {
      shown = shown.getCause();
    }
    if (shown instanceof Error || shown.getMessage() == null) {
      return shown.toString();
    }
    return shown.getMessage();
  }
}
