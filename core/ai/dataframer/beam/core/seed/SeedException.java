package ai.dataframer.beam.core.seed;

/**
 * A seed that cannot be read at all: missing, empty, not the format its name says, or with columns
 * we cannot represent. Raised while the pipeline is built, so a bad seed fails the job before any
 * generation; the message names the file, and the line or column when there is one.
 */
public class SeedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SeedException(String message) {
    super(message);
  }

  public SeedException(String message, Throwable cause) {
    super(message, cause);
  }
}
