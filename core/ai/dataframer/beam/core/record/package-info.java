/**
 * Records as core sees them ({@code Map<String, Object>} in field order) and their fingerprints, so
 * an exact copy of a seed record can be recognised without keeping the seed. Plain Java: depends on
 * core.plan only.
 */
package ai.dataframer.beam.core.record;
