package ai.dataframer.beam.core.generate;

import java.io.Serializable;

/**
 * The model a stage calls and how much it may think.
 *
 * @param modelId catalog id; {@code -thinking} ids think with {@code thinkingBudget} tokens
 * @param thinkingBudget the stage's {@code *_thinking_budget}
 */
public record StageModel(String modelId, int thinkingBudget) implements Serializable {}
