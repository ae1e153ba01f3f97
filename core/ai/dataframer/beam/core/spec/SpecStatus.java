package ai.dataframer.beam.core.spec;

/**
 * Lifecycle of a spec in the store: PROCESSING while the creating job runs, then SUCCEEDED or
 * FAILED.
 */
public enum SpecStatus {
  PROCESSING,
  SUCCEEDED,
  FAILED
}
