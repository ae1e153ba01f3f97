package ai.dataframer.beam.core.spec;

import java.io.Serializable;

/**
 * A key field (the {@code key} of a record field): generated values are unique within a run and
 * never equal a seed value, in the shape {@code format} gives ({@link KeyFormat}).
 *
 * @param format the key's format, such as {@code "ORD-{seq:6}"} or {@code "{uuid:4}"}
 * @param start the first value of the format's {@code {seq}} segment (sample index 0 gets it); null
 *     when the format has no sequence
 */
public record FieldKey(String format, Long start) implements Serializable {}
