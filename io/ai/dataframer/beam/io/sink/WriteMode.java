package ai.dataframer.beam.io.sink;

/** What a BigQuery sink does with rows already in its table. */
public enum WriteMode {
  /** Replace the table's rows: a scheduled refresh. */
  TRUNCATE,
  /** Add to the table's rows. */
  APPEND
}
