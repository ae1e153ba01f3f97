package ai.dataframer.beam.core.run;

import java.io.Serializable;

/**
 * Something that did not become a sample or a seed row, kept with its reason so nothing is lost.
 *
 * @param stage where it failed: seed_read, plan, generate, revise, filter, budget, ...
 * @param source the file or run it came from
 * @param location line / record number within the source, or sample index, or null
 * @param reason human-readable reason naming the field and what was expected
 * @param sampleId sample id when the failure is a sample, else null
 * @param attempts attempts made (0 for seed failures)
 * @param payload the offending input (raw line, plan JSON or last candidate), possibly truncated
 */
public record Failure(
    String stage,
    String source,
    String location,
    String reason,
    String sampleId,
    int attempts,
    String payload)
    implements Serializable {}
