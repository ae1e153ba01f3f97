package ai.dataframer.beam.core.run;

import ai.dataframer.beam.core.generate.SampleResult;
import ai.dataframer.beam.core.generate.Stage;
import ai.dataframer.beam.core.llm.Usage;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a part of a run produced: samples accepted and failed, model tokens per stage and cost.
 * Workers add up their samples into one per bundle and the run sums those, so the manifest's counts
 * come from a few small values instead of a second pass over every sample.
 *
 * @param samplesCompleted samples accepted
 * @param samplesFailed samples that went to the failure output
 * @param usageByStage model tokens per stage, failed samples' calls included
 * @param costUsd model cost in USD
 */
public record RunStats(
    long samplesCompleted, long samplesFailed, Map<Stage, Usage> usageByStage, double costUsd)
    implements Serializable {
  public static final RunStats ZERO = new RunStats(0, 0, Map.of(), 0.0);

  public RunStats {
    EnumMap<Stage, Usage> copy = new EnumMap<>(Stage.class);
    if (usageByStage != null) {
      copy.putAll(usageByStage);
    }
    usageByStage = Collections.unmodifiableMap(copy);
  }

  /** One sample's contribution. */
  public static RunStats of(SampleResult result, boolean accepted) {
    return new RunStats(
        accepted ? 1 : 0, accepted ? 0 : 1, result.usageByStage(), result.costUsd());
  }

  public RunStats plus(RunStats other) {
    EnumMap<Stage, Usage> usage = new EnumMap<>(Stage.class);
    usage.putAll(usageByStage);
    other.usageByStage.forEach((stage, tokens) -> usage.merge(stage, tokens, Usage::plus));
    return new RunStats(
        samplesCompleted + other.samplesCompleted,
        samplesFailed + other.samplesFailed,
        usage,
        costUsd + other.costUsd);
  }

  /** The sum of all of them; ZERO for none. */
  public static RunStats sum(Iterable<RunStats> parts) {
    RunStats total = ZERO;
    for (RunStats part : parts) {
      total = total.plus(part);
    }
    return total;
  }

  /** Tokens per stage as the manifest writes them: stage -> count name -> tokens. */
  public Map<String, Map<String, Long>> tokenUsage() {
    Map<String, Map<String, Long>> out = new java.util.LinkedHashMap<>();
    usageByStage.forEach(
        (stage, usage) -> {
          Map<String, Long> counts = new java.util.LinkedHashMap<>();
          counts.put("input_tokens", usage.inputTokens());
          counts.put("output_tokens", usage.outputTokens());
          counts.put("cache_read_tokens", usage.cacheReadTokens());
          counts.put("cache_write_tokens", usage.cacheWriteTokens());
          counts.put("reasoning_tokens", usage.reasoningTokens());
          out.put(stage.wireName(), counts);
        });
    return out;
  }

  public Usage totalUsage() {
    Usage total = Usage.NONE;
    for (Usage usage : usageByStage.values()) {
      total = total.plus(usage);
    }
    return total;
  }
}
