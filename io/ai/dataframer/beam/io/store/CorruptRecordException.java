package ai.dataframer.beam.io.store;

/**
 * A store file that exists but cannot be read as what it should hold (truncated, hand-edited, from
 * a foreign tool). It concerns that one spec or run only; the message names the file.
 */
public class CorruptRecordException extends IllegalStateException {
  private final String file;

  public CorruptRecordException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The unreadable file. */
  public String file() {
    return file;
  }
}
