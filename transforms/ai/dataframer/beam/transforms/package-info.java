/**
 * The DataFramer semantics as Beam PTransforms: spec creation (from seeds, with a model, seedless),
 * run expansion into sample plans, sample generation (embedded or LLM) and the whole run with
 * refill; {@link ai.dataframer.beam.transforms.DataFramer} is the entry point. Depends on core, io
 * and Beam; never on pipelines.
 */
package ai.dataframer.beam.transforms;
