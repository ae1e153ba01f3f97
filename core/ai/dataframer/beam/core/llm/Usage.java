package ai.dataframer.beam.core.llm;

import java.io.Serializable;

/**
 * Tokens one or more calls used, as the provider reported them.
 *
 * @param inputTokens prompt tokens billed at the input rate (cache reads and writes excluded)
 * @param outputTokens generated tokens, reasoning included
 * @param cacheReadTokens prompt tokens served from the provider's prompt cache
 * @param cacheWriteTokens prompt tokens written to the provider's prompt cache
 * @param reasoningTokens of the output tokens, those spent thinking
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    long reasoningTokens)
    implements Serializable {
  public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

  public Usage {
    if (inputTokens < 0
        || outputTokens < 0
        || cacheReadTokens < 0
        || cacheWriteTokens < 0
        || reasoningTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0");
    }
  }

  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheReadTokens + other.cacheReadTokens,
        cacheWriteTokens + other.cacheWriteTokens,
        reasoningTokens + other.reasoningTokens);
  }

  /** Every prompt token, however billed. */
  public long totalInputTokens() {
    return inputTokens + cacheReadTokens + cacheWriteTokens;
  }
}
