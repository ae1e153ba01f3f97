/**
 * Writing generated rows and failures to Parquet, JSON Lines or CSV shard files (deterministic
 * names and order) or to a BigQuery table, and checking a sink before a job starts. Depends on
 * core, io.record and Beam; never on transforms or pipelines.
 */
package ai.dataframer.beam.io.sink;
