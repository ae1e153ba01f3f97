package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.engine.GenerationLoop;
import java.util.List;

/**
 * Why an attempt at a sample ended without a sample, carried through the sample's chain of futures.
 * A retryable failure (an answer that could not be used, a filter that objected) leads to the next
 * attempt with the same plan; a final one (a failed model call, the budget, a bug) ends the sample.
 * No stack trace: it is control flow, and the reasons say everything.
 */
final class SampleFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The stage of failures no stage accounts for: bugs and plans that cannot be used. */
  static final String STAGE_GENERATE = GenerationLoop.STAGE_GENERATE;

  static final String STAGE_BUDGET = "budget";

  private final String stage;
  private final List<String> reasons;
  private final boolean isFinal;

  private SampleFailure(String stage, List<String> reasons, boolean isFinal) {
    super(stage + ": " + String.join("; ", reasons), null, false, false);
    this.stage = stage;
    this.reasons = List.copyOf(reasons);
    this.isFinal = isFinal;
  }

  /** The next attempt may succeed. */
  static SampleFailure retryable(String stage, List<String> reasons) {
    return new SampleFailure(stage, reasons, false);
  }

  static SampleFailure retryable(String stage, String reason) {
    return retryable(stage, List.of(reason));
  }

  /** Ends the sample now: another attempt would fail the same way, or must not be made. */
  static SampleFailure terminal(String stage, String reason) {
    return new SampleFailure(stage, List.of(reason), true);
  }

  /**
   * {@code error} as a failure: itself, or a terminal "generate" failure naming what went wrong.
   */
  static SampleFailure of(Throwable error) {
    Throwable cause = Futures.unwrap(error);
    if (cause instanceof SampleFailure failure) {
      return failure;
    }
    String message = cause.getMessage();
    return terminal(
        STAGE_GENERATE,
        "unexpected error: "
            + (message == null || message.isBlank()
                ? cause.getClass().getName()
                : cause.getClass().getSimpleName() + ": " + message));
  }

  String stage() {
    return stage;
  }

  List<String> reasons() {
    return reasons;
  }

  boolean isFinal() {
    return isFinal;
  }
}
