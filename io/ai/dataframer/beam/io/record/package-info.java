/**
 * Core records as Beam {@link org.apache.beam.sdk.values.Row}s and back, the {@code _df_} metadata
 * columns of generated records, and the one schema every failure output uses. Depends on core and
 * Beam; shared by io.seed, io.sink and the transforms.
 */
package ai.dataframer.beam.io.record;
