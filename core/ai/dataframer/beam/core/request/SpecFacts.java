package ai.dataframer.beam.core.request;

import ai.dataframer.beam.core.spec.SpecStatus;

/**
 * What a run request is checked against, read by the caller from the spec store.
 *
 * @param specName the spec's name, for messages
 * @param latestVersion the newest stored version, 0 when none is stored yet
 * @param seeded whether the spec was learned from seed data
 * @param errorMessage why the spec FAILED, or null
 */
public record SpecFacts(
    String specName, SpecStatus status, int latestVersion, boolean seeded, String errorMessage) {}
