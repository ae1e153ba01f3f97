package ai.dataframer.beam.core.eval;

/** How a column is compared between seed and synthetic data. */
public enum ColumnKind {
  /** Ordered values (numbers, dates, timestamps, decimals) compared as numbers; nulls set aside. */
  NUMERIC,
  /**
   * Booleans and low-cardinality strings compared as category shares; null is a category of its
   * own.
   */
  CATEGORICAL
}
