/**
 * Sample planning: the property values and seed examples of each sample, drawn from the spec, the
 * run settings and the sample index alone, with deterministic run and sample ids, so any worker
 * computes the same plan. Plain Java: depends on core.spec only.
 */
package ai.dataframer.beam.core.plan;
