/**
 * Fidelity of synthetic records to their seed: column shapes, column pair trends, exact copies and
 * distance to the closest seed record; and the realism checks (keys, precision, constraints, null
 * rates). Computed on plain lists. Plain Java: depends on core.spec and core.plan only.
 */
package ai.dataframer.beam.core.eval;
