package ai.dataframer.beam.core.run;

/** Lifecycle of a run, as the hosted API reports it. */
public enum RunStatus {
  PENDING,
  PROCESSING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  /** True once the run can change no more. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }
}
