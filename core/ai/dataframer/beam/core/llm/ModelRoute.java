package ai.dataframer.beam.core.llm;

import ai.dataframer.beam.core.request.ModelCatalog;
import ai.dataframer.beam.core.request.ModelProvider;
import java.io.Serializable;

/**
 * Where a catalog model id goes and what it can do (docs/ARCHITECTURE.md section 7): the provider,
 * the name that provider knows the model by, and whether the {@code -thinking} suffix turned
 * reasoning on.
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
   * @param thinking reasoning with a token budget or effort
   * @param jsonSchema structured outputs constrained by a JSON schema
   * @param tools function calling
   * @param promptCaching how prefixes are cached
   */
  public record Capabilities(
      boolean thinking, boolean jsonSchema, boolean tools, PromptCaching promptCaching)
      implements Serializable {}

  /**
   * The route of a model id.
   *
   * @throws IllegalArgumentException naming the id and listing the valid ones when it is unknown,
   *     or when it is {@code embedded}, which no client serves
   */
  public static ModelRoute of(String modelId) {
    ModelProvider provider = ModelCatalog.provider(modelId);
    boolean thinking =
        provider != ModelProvider.OPENAI_COMPATIBLE && ModelCatalog.isThinking(modelId);
    String base = thinking ? ModelCatalog.baseModel(modelId) : modelId;
    switch (provider) {
      case ANTHROPIC:
        return new ModelRoute(
            modelId,
            provider,
            strip(base, "anthropic/"),
            thinking,
            new Capabilities(true, true, true, PromptCaching.EXPLICIT));
      case OPENAI:
        return new ModelRoute(
            modelId,
            provider,
            strip(base, "openai/"),
            thinking,
            new Capabilities(true, true, true, PromptCaching.AUTOMATIC));
      case GEMINI:
        return new ModelRoute(
            modelId,
            provider,
            strip(base, "gemini/"),
            thinking,
            new Capabilities(true, true, true, PromptCaching.AUTOMATIC));
      case TOGETHER:
        // Together names models with their organisation, exactly as the catalog does.
        return new ModelRoute(
            modelId,
            provider,
            base,
            false,
            new Capabilities(false, true, true, PromptCaching.NONE));
      case DATABRICKS:
        return new ModelRoute(
            modelId,
            provider,
            strip(base, ModelCatalog.DATABRICKS_PREFIX),
            thinking,
            new Capabilities(true, true, true, PromptCaching.NONE));
      case OPENAI_COMPATIBLE:
        return new ModelRoute(
            modelId,
            provider,
            strip(modelId, ModelCatalog.OPENAI_COMPATIBLE_PREFIX),
            false,
            new Capabilities(false, true, true, PromptCaching.NONE));
      case EMBEDDED:
      default:
        throw new IllegalArgumentException(
            "model '" + modelId + "' is the embedded engine, which needs no model client");
    }
  }

  private static String strip(String id, String prefix) {
    return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
  }
}
