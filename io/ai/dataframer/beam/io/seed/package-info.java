/**
 * Reading seeds (CSV, Parquet, JSON Lines, document folders) through Beam filesystems into Beam
 * rows, with unreadable records as failure rows. Depends on core (parsers in core.seed), io.record
 * and Beam; never on transforms or pipelines.
 */
package ai.dataframer.beam.io.seed;
