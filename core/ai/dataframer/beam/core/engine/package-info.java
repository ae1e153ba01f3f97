/**
 * The embedded statistical engine: drafts records for a sample plan from the spec and the seed rows
 * (quantile functions, matched seed groups, a Gaussian copula of the ordered fields, Markov text),
 * and the filters a candidate must pass (structural, conformance, exact copy) in the draft, filter,
 * regenerate loop. Plain Java: depends on core.spec, core.plan and core.record only; no Beam, no
 * HTTP, no model calls.
 */
package ai.dataframer.beam.core.engine;
