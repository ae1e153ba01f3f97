package ai.dataframer.beam.core.eval;

/** The hosted API's evaluation statuses. */
public enum EvaluationStatus {
  PENDING,
  PROCESSING,
  SUCCEEDED,
  FAILED
}
