package ai.dataframer.beam.core.eval;

/** How a column is compared between seed and synthetic data. */
public enum ColumnKind {
  /** Ordered values (numbers, dates, timestamps, decimals) compared as numbers; nulls set aside. */
  NUMERIC,
  /**
   * Booleans and low-cardinality strings compared as category shares; null is a category of its
   * own.
   */
  CATEGORICAL,
  /**
   * Strings with more distinct values than categories that repeat (product names, cities): compared
   * as the shares of the seed's most frequent values, its other values together, and values the
   * seed never has; null a group of its own. Left out of pair trends.
   */
  NAMES
}
