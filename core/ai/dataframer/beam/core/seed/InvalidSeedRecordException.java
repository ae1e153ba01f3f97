package ai.dataframer.beam.core.seed;

/**
 * One seed record that cannot become a row (wrong cell count, a value of the wrong type, bad JSON).
 * Checked, so every caller decides where the record goes: readers turn it into a failure row.
 */
public class InvalidSeedRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidSeedRecordException(String reason) {
    super(reason);
  }

  /** The reason, naming the line or record, the column and what was expected. */
  public String reason() {
    return getMessage();
  }
}
