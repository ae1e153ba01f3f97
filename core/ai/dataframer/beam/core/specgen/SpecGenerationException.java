package ai.dataframer.beam.core.specgen;

/**
 * No spec could be created with the model: it failed, or none of its answers could be repaired into
 * a valid spec. The message names the model and the reason, and is what the spec store records for
 * the FAILED spec.
 */
public class SpecGenerationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpecGenerationException(String message) {
    super(message);
  }

  public SpecGenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
