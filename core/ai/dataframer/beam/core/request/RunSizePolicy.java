package ai.dataframer.beam.core.request;

/** Whether number_of_samples is held to the hosted API's 20000 limit. */
public enum RunSizePolicy {
  /** 1..20000, as the hosted API accepts. */
  API_LIMITS,
  /** Any number >= 1: the user asked for it explicitly with --allow-large-runs. */
  ALLOW_LARGE_RUNS
}
