package ai.dataframer.beam.core.tools;

/** An expression the calculator cannot evaluate; the message is what the model is told. */
public final class CalculatorException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public CalculatorException(String message) {
    super(message);
  }
}
