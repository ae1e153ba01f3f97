package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.llm.Usage;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A plan's outcome with what it cost.
 *
 * @param outcome the accepted record or the failure, with the attempts made
 * @param usageByStage tokens per stage, over every attempt (a failed sample's calls were paid too)
 * @param costUsd the cost of those tokens
 * @param revisionCycles revision cycles the accepted sample went through (0 without revisions)
 * @param modelCalls model calls made for the sample, repairs and tool rounds included
 */
public record SampleResult(
    SampleOutcome outcome,
    Map<Stage, Usage> usageByStage,
    double costUsd,
    int revisionCycles,
    int modelCalls)
    implements Serializable {
  public SampleResult {
    EnumMap<Stage, Usage> copy = new EnumMap<>(Stage.class);
    if (usageByStage != null) {
      copy.putAll(usageByStage);
    }
    usageByStage = Collections.unmodifiableMap(copy);
  }

  /** An outcome that made no model call: the embedded engine's. */
  public static SampleResult free(SampleOutcome outcome) {
    return new SampleResult(outcome, Map.of(), 0.0, 0, 0);
  }

  public Usage totalUsage() {
    Usage total = Usage.NONE;
    for (Usage usage : usageByStage.values()) {
      total = total.plus(usage);
    }
    return total;
  }
}
