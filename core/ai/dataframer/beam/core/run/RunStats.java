package ai.dataframer.beam.core.run;

import java.io.Serializable;

/**
 * What a part of a run produced: samples accepted and failed, model tokens and cost. Workers add up
 * their samples into one per bundle and the run sums those, so the manifest's counts come from a few
 * small values instead of a second pass over every sample.
 *
 * @param samplesCompleted samples accepted
 * @param samplesFailed samples that went to the failure output
 * @param inputTokens model input tokens
 * @param outputTokens model output tokens
 * @param costUsd model cost in USD
 */
public record RunStats(
    long samplesCompleted, long samplesFailed, long inputTokens, long outputTokens, double costUsd)
    implements Serializable {
  public static final RunStats ZERO = new RunStats(0, 0, 0, 0, 0.0);

  public RunStats plus(RunStats other) {
    return new RunStats(
        samplesCompleted + other.samplesCompleted,
        samplesFailed + other.samplesFailed,
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
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

  /** One accepted sample. */
  public static RunStats completed(long inputTokens, long outputTokens, double costUsd) {
    return new RunStats(1, 0, inputTokens, outputTokens, costUsd);
  }

  /** One failed sample; the tokens its attempts used still count. */
  public static RunStats failed(long inputTokens, long outputTokens, double costUsd) {
    return new RunStats(0, 1, inputTokens, outputTokens, costUsd);
  }
}
