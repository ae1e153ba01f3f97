package ai.dataframer.beam.core.plan;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one sample must be: its identity, its assigned property values and the seed examples it
 * shows.
 *
 * @param runId the run this sample belongs to
 * @param index 0-based position in the run
 * @param sampleId stable id derived from run id and index
 * @param propertyValues property name -> assigned value, in the topological order they were drawn
 * @param exampleIndices indices into the run's seed example list; empty when examples are drawn per
 *     call
 * @param seed randomness for this sample (derived from the run seed and index)
 */
public record SamplePlan(
    String runId,
    long index,
    String sampleId,
    Map<String, String> propertyValues,
    List<Integer> exampleIndices,
    long seed)
    implements Serializable {}
