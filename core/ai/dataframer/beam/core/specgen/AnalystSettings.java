package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.profile.InferenceSettings;
import ai.dataframer.beam.core.request.SpecCreate;
import java.io.Serializable;

/**
 * How the LLM analyst writes a spec: the {@code SpecCreate} options with the API's defaults, the
 * model, and the bounds of the conversation.
 *
 * @param modelId the spec generation model (a catalog id, not {@code embedded})
 * @param thinkingBudget tokens a {@code -thinking} model may think with
 * @param maxOutputTokens the most tokens one answer may take (thinking excluded)
 * @param sampleTokens the most tokens the fenced seed sample may take in the prompt
 * @param maxReasks how often an answer that cannot be repaired is asked for again
 * @param generateDistributions base distributions from the model; false gives uniform ones
 * @param generateConditionalDistributions child | parent distributions; only with distributions
 * @param extrapolateValues the model may propose values beyond those in the seeds
 * @param extrapolateAxes the model may add properties that are not seed columns
 * @param description the spec's description; null to take the model's
 * @param objectives {@code generation_objectives} for a seeded spec, or null (a seedless spec
 *     carries its objectives in {@link SeedMaterial.Seedless})
 */
public record AnalystSettings(
    String modelId,
    int thinkingBudget,
    int maxOutputTokens,
    int sampleTokens,
    int maxReasks,
    boolean generateDistributions,
    boolean generateConditionalDistributions,
    boolean extrapolateValues,
    boolean extrapolateAxes,
    String description,
    String objectives)
    implements Serializable {

  public static final int DEFAULT_THINKING_BUDGET = 4096;
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 16_000;

  /** As many seed tokens as the run's default example budget. */
  public static final int DEFAULT_SAMPLE_TOKENS = 10_000;

  public static final int DEFAULT_MAX_REASKS = 2;

  /** Below this a sample cannot show even one typical record or the start of a document. */
  public static final int MIN_SAMPLE_TOKENS = 200;

  public AnalystSettings {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("the analyst needs a spec generation model id");
    }
    if (thinkingBudget < ChatRequest.MIN_THINKING_BUDGET) {
      throw new IllegalArgumentException(
          "thinkingBudget must be >= "
              + ChatRequest.MIN_THINKING_BUDGET
              + ", but was "
              + thinkingBudget);
    }
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException(
          "maxOutputTokens must be >= 1, but was " + maxOutputTokens);
    }
    if (sampleTokens < MIN_SAMPLE_TOKENS) {
      throw new IllegalArgumentException(
          "sampleTokens must be >= " + MIN_SAMPLE_TOKENS + ", but was " + sampleTokens);
    }
    if (maxReasks < 0) {
      throw new IllegalArgumentException("maxReasks must be >= 0, but was " + maxReasks);
    }
  }

  /** The API defaults with {@code modelId}. */
  public static AnalystSettings defaults(String modelId) {
    return new AnalystSettings(
        modelId,
        DEFAULT_THINKING_BUDGET,
        DEFAULT_MAX_OUTPUT_TOKENS,
        DEFAULT_SAMPLE_TOKENS,
        DEFAULT_MAX_REASKS,
        true,
        true,
        true,
        false,
        null,
        null);
  }

  /** The settings of a validated request: its model, flags, description and objectives. */
  public static AnalystSettings fromRequest(SpecCreate request) {
    return defaults(request.specGenerationModelName())
        .withGenerateDistributions(request.generateDistributions())
        .withGenerateConditionalDistributions(request.generateConditionalDistributions())
        .withExtrapolateValues(request.extrapolateValues())
        .withExtrapolateAxes(request.extrapolateAxes())
        .withDescription(request.description())
        .withObjectives(request.isSeeded() ? request.generationObjectives() : null);
  }

  /**
   * Conditionals need distributions to condition (the API says "requires generate_distributions").
   */
  public boolean conditionalsEnabled() {
    return generateDistributions && generateConditionalDistributions;
  }

  /** The embedded analyst's settings for the statistical half of a record spec. */
  public InferenceSettings inferenceSettings() {
    return new InferenceSettings(
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        description,
        objectives);
  }

  public AnalystSettings withModelId(String value) {
    return new AnalystSettings(
        value,
        thinkingBudget,
        maxOutputTokens,
        sampleTokens,
        maxReasks,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        description,
        objectives);
  }

  public AnalystSettings withThinkingBudget(int value) {
    return new AnalystSettings(
        modelId,
        value,
        maxOutputTokens,
        sampleTokens,
        maxReasks,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        description,
        objectives);
  }

  public AnalystSettings withMaxOutputTokens(int value) {
    return new AnalystSettings(
        modelId,
        thinkingBudget,
        value,
        sampleTokens,
        maxReasks,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        description,
        objectives);
  }

  public AnalystSettings withSampleTokens(int value) {
    return new AnalystSettings(
        modelId,
        thinkingBudget,
        maxOutputTokens,
        value,
        maxReasks,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        description,
        objectives);
  }

  public AnalystSettings withMaxReasks(int value) {
    return new AnalystSettings(
        modelId,
        thinkingBudget,
        maxOutputTokens,
        sampleTokens,
        value,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        description,
        objectives);
  }

  public AnalystSettings withGenerateDistributions(boolean value) {
    return new AnalystSettings(
        modelId,
        thinkingBudget,
        maxOutputTokens,
        sampleTokens,
        maxReasks,
        value,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        description,
        objectives);
  }

  public AnalystSettings withGenerateConditionalDistributions(boolean value) {
    return new AnalystSettings(
        modelId,
        thinkingBudget,
        maxOutputTokens,
        sampleTokens,
        maxReasks,
        generateDistributions,
        value,
        extrapolateValues,
        extrapolateAxes,
        description,
        objectives);
  }

  public AnalystSettings withExtrapolateValues(boolean value) {
    return new AnalystSettings(
        modelId,
        thinkingBudget,
        maxOutputTokens,
        sampleTokens,
        maxReasks,
        generateDistributions,
        generateConditionalDistributions,
        value,
        extrapolateAxes,
        description,
        objectives);
  }

  public AnalystSettings withExtrapolateAxes(boolean value) {
    return new AnalystSettings(
        modelId,
        thinkingBudget,
        maxOutputTokens,
        sampleTokens,
        maxReasks,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        value,
        description,
        objectives);
  }

  public AnalystSettings withDescription(String value) {
    return new AnalystSettings(
        modelId,
        thinkingBudget,
        maxOutputTokens,
        sampleTokens,
        maxReasks,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        value,
        objectives);
  }

  public AnalystSettings withObjectives(String value) {
    return new AnalystSettings(
        modelId,
        thinkingBudget,
        maxOutputTokens,
        sampleTokens,
        maxReasks,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        description,
        value);
  }
}
