package ai.dataframer.beam.transforms;

/**
 * The DataFramer semantics as Beam transforms: one namespace, one static verb per transform, each
 * returning an immutable transform configured with {@code withX()} methods.
 */
public final class DataFramer {
  private DataFramer() {}
}
