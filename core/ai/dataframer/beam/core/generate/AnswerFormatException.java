package ai.dataframer.beam.core.generate;

/**
 * A model answer that is not what the prompt asked for. The message says what is wrong in words the
 * model can act on, since it is sent back in the repair re-ask.
 */
final class AnswerFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  AnswerFormatException(String message) {
    super(message, null, false, false);
  }
}
