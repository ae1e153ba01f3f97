/**
 * Spec inference from seed records: mergeable column profiles and sketches, property candidates,
 * pairwise counts and the embedded analyst that turns them into a spec. Plain Java: depends on
 * core.spec and core.plan only; Beam runs these as combine accumulators from the transforms layer.
 */
package ai.dataframer.beam.core.profile;
