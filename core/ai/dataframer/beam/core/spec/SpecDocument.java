package ai.dataframer.beam.core.spec;

import java.io.Serializable;

/**
 * A spec YAML file: the spec and, for files written by the store, its metadata block.
 *
 * @param spec the validated, normalized spec
 * @param metadata the store's metadata block, or null when the file has none
 */
public record SpecDocument(Spec spec, SpecMetadata metadata) implements Serializable {}
