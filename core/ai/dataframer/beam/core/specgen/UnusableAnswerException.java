package ai.dataframer.beam.core.specgen;

/** An answer that cannot be repaired into a spec; the message is sent back to the model as is. */
final class UnusableAnswerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnusableAnswerException(String problem) {
    super(problem);
  }
}
