package ai.dataframer.beam.core.llm;

import ai.dataframer.beam.core.request.ModelProvider;
import java.io.Serializable;

/**
 * Where a catalog model id goes and what it can do (docs/ARCHITECTURE.md section 7): the provider,
 * the name that provider knows the model by, whether the {@code -thinking} suffix turned reasoning
 * on, and the model's capabilities, all as {@link ModelCatalogData} lists them.
 *
 * @param modelId the catalog id, as requests name it
 * @param provider who serves it
 * @param apiModel the provider's model name (for Databricks, the serving endpoint's name)
 * @param thinking whether the id asks for the provider's reasoning mode
 * @param capabilities what the route supports
 */
public record ModelRoute(
    String modelId,
    ModelProvider provider,
    String apiModel,
    boolean thinking,
    Capabilities capabilities)
    implements Serializable {

  /** How a provider caches prompt prefixes. */
  public enum PromptCaching {
    /** Only where the request marks a cache point (Anthropic {@code cache_control}). */
    EXPLICIT,
    /** On its own for long identical prefixes; usage reports the cached tokens. */
    AUTOMATIC,
    /** Not at all, or not reported. */
    NONE
  }

  /**
   * What the catalog says the model can do (docs/ARCHITECTURE.md section 7).
   *
   * @param thinkingStyle how a {@code -thinking} id of the model is asked to think
   * @param structuredOutputLimits whose structured-output limits ({@link StructuredOutputLimits})
   *     the model's output schemas are held to
   * @param maxOutputTokens the most tokens one answer may take, thinking included
   * @param contextWindow the most tokens of prompt and answer together
   * @param tools function calling
   * @param promptCaching how prefixes are cached
   */
  public record Capabilities(
      CatalogEntry.ThinkingStyle thinkingStyle,
      ModelProvider structuredOutputLimits,
      int maxOutputTokens,
      int contextWindow,
      boolean tools,
      PromptCaching promptCaching)
      implements Serializable {}

  /**
   * The route of a model id in the bundled catalog ({@link ModelCatalogData#bundled()}); code that
   * has the job's model settings asks their catalog, which a {@code --model-catalog} file may have
   * overridden.
   *
   * @throws IllegalArgumentException naming the id and listing the valid ones when it is unknown,
   *     or when it is {@code embedded}, which no client serves
   */
  public static ModelRoute of(String modelId) {
    return ModelCatalogData.bundled().route(modelId);
  }
}
