/**
 * What a run records about itself: the run manifest and status, the owning process, per-bundle
 * statistics, and failure records (with the JSON written for rejected samples). Plain Java: depends
 * on core.engine, core.generate, core.llm and core.plan; nothing in core below it depends on it.
 */
package ai.dataframer.beam.core.run;
