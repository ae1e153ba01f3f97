package ai.dataframer.beam.core.profile;

import java.io.Serializable;

/**
 * One record reduced to the value index of each candidate property of a {@link Discretisation},
 * with the number of values of each property, which sizes the {@link JointCounts} tables.
 *
 * @param cardinalities number of values of each property, in property order
 * @param codes value index of each property for this record, each in [0, cardinality)
 */
public record PropertyCodes(int[] cardinalities, int[] codes) implements Serializable {}
