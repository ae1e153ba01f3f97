package ai.dataframer.beam.core.llm;

import ai.dataframer.beam.core.request.ModelProvider;
import java.io.Serializable;

/**
 * One model of the catalog (docs/ARCHITECTURE.md section 7): who serves it, under which name, what
 * it can do and what it costs. Read from the bundled {@code model-catalog.json} or an override
 * file; {@link ModelCatalogData} checks the values.
 *
 * @param provider who serves the model
 * @param providerModel the name the provider knows it by (for Databricks, the serving endpoint)
 * @param thinking how a {@code -thinking} id of this model is asked to think
 * @param structuredOutputLimits whose documented structured-output limits the model gets; the
 *     numbers live in {@link StructuredOutputLimits}
 * @param maxOutputTokens the most tokens one answer may take, thinking included
 * @param contextWindow the most tokens of prompt and answer together
 * @param tools whether the model takes function calling
 * @param promptCaching how the provider caches prompt prefixes
 * @param price standard list price
 * @param batchPrice the price through the provider's batch API, or null when it has none bundled
 */
public record CatalogEntry(
    ModelProvider provider,
    String providerModel,
    ThinkingStyle thinking,
    ModelProvider structuredOutputLimits,
    int maxOutputTokens,
    int contextWindow,
    boolean tools,
    ModelRoute.PromptCaching promptCaching,
    PriceTable.Price price,
    PriceTable.Price batchPrice)
    implements Serializable {

  /** How a model is asked to think; the catalog's {@code thinking} field. */
  public enum ThinkingStyle {
    /** It does not think through this route; {@code -thinking} ids of it are refused. */
    NONE,
    /**
     * A token budget on top of the answer's limit: Anthropic's {@code thinking: {type: enabled,
     * budget_tokens}}.
     */
    BUDGET,
    /**
     * An effort level derived from the budget ({@link ThinkingEffort}): OpenAI's {@code
     * reasoning_effort}, Gemini 3's {@code thinkingLevel}.
     */
    EFFORT,
    /**
     * Anthropic's adaptive thinking, {@code thinking: {type: adaptive}} with {@code
     * output_config.effort} from the budget; {@code type: enabled} is deprecated or refused.
     */
    ADAPTIVE
  }

  public CatalogEntry {
    if (provider == null
        || providerModel == null
        || providerModel.isBlank()
        || thinking == null
        || structuredOutputLimits == null
        || promptCaching == null
        || price == null) {
      throw new IllegalArgumentException(
          "a catalog entry needs a provider, a provider model, a thinking style, structured-output"
              + " limits, prompt caching and a price");
    }
    if (maxOutputTokens < 1 || contextWindow < maxOutputTokens) {
      throw new IllegalArgumentException(
          "a catalog entry needs max_output_tokens >= 1 and context_window >= it, but they were "
              + maxOutputTokens
              + " and "
              + contextWindow);
    }
  }
}
