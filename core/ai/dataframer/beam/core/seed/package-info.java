/**
 * Parsing seed text into typed core records: CSV scanning and parsing, JSON Lines, value parsing
 * and column type inference, and the seed errors. Plain Java: depends on core.spec only; reading
 * files through Beam filesystems is io.seed's job.
 */
package ai.dataframer.beam.core.seed;
