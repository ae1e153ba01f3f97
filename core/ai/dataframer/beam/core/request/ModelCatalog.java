package ai.dataframer.beam.core.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The model ids the request fields accept: the hosted API's enums (seed pages 000 and 003) plus our
 * {@code embedded} engine and {@code openai-compatible/<model>} for self-hosted servers. The enums
 * are the contract, so ids outside them (such as {@code anthropic/claude-sonnet-4-5} from the API
 * page's own examples) are rejected with the list of valid ids rather than guessed at. Where each
 * id goes, what it can do and what it costs is data: {@code
 * ai.dataframer.beam.core.llm.ModelCatalogData} (docs/ARCHITECTURE.md section 7).
 */
public final class ModelCatalog {
  public static final String EMBEDDED = "embedded";
  public static final String OPENAI_COMPATIBLE_PREFIX = "openai-compatible/";
  public static final String THINKING_SUFFIX = "-thinking";
  public static final String DATABRICKS_PREFIX = "databricks/";

  private static final List<String> DATABRICKS_MODELS =
      List.of(
          "databricks/databricks-claude-haiku-4-5",
          "databricks/databricks-claude-haiku-4-5-thinking",
          "databricks/databricks-claude-opus-4-6",
          "databricks/databricks-claude-opus-4-6-thinking",
          "databricks/databricks-claude-sonnet-4-6",
          "databricks/databricks-claude-sonnet-4-6-thinking",
          "databricks/databricks-gemini-3-1-pro",
          "databricks/databricks-gemini-3-1-pro-thinking",
          "databricks/databricks-gpt-5-4",
          "databricks/databricks-gpt-5-4-thinking");

  /** generation_model, outline_model and revision_model enum, in the seed page's order. */
  private static final List<String> RUN_MODELS =
      concat(
          List.of(
              "anthropic/claude-opus-4-6",
              "anthropic/claude-opus-4-6-thinking",
              "anthropic/claude-sonnet-4-6",
              "anthropic/claude-sonnet-4-6-thinking",
              "anthropic/claude-haiku-4-5",
              "anthropic/claude-haiku-4-5-thinking",
              "gemini/gemini-3.1-pro-preview",
              "gemini/gemini-3.1-pro-preview-thinking",
              "openai/gpt-oss-120b",
              "deepseek-ai/DeepSeek-V3.1",
              "moonshotai/Kimi-K2-Instruct",
              "deepseek-ai/DeepSeek-R1-0528-tput",
              "openai/gpt-5.4",
              "openai/gpt-5.4-thinking"),
          DATABRICKS_MODELS);

  /** spec_generation_model_name enum, in the seed page's order. */
  private static final List<String> SPEC_MODELS =
      concat(
          List.of(
              "anthropic/claude-opus-4-6-thinking",
              "anthropic/claude-sonnet-4-6-thinking",
              "gemini/gemini-3.1-pro-preview-thinking",
              "openai/gpt-5.4-thinking"),
          DATABRICKS_MODELS);

  private static final Set<String> RUN_MODEL_SET = Set.copyOf(RUN_MODELS);
  private static final Set<String> SPEC_MODEL_SET = Set.copyOf(SPEC_MODELS);

  private ModelCatalog() {}

  /** The hosted API's 24 run model ids (without our additions). */
  public static List<String> runModels() {
    return RUN_MODELS;
  }

  /** The hosted API's 14 spec generation model ids (without our additions). */
  public static List<String> specModels() {
    return SPEC_MODELS;
  }

  public static boolean isKnownRunModel(String id) {
    return id != null && (RUN_MODEL_SET.contains(id) || isOurAddition(id));
  }

  public static boolean isKnownSpecModel(String id) {
    return id != null && (SPEC_MODEL_SET.contains(id) || isOurAddition(id));
  }

  public static boolean isThinking(String id) {
    return id.endsWith(THINKING_SUFFIX);
  }

  /** The id without its {@code -thinking} suffix: the model the provider actually serves. */
  public static String baseModel(String id) {
    return isThinking(id) ? id.substring(0, id.length() - THINKING_SUFFIX.length()) : id;
  }

  public static boolean isDatabricks(String id) {
    return id.startsWith(DATABRICKS_PREFIX);
  }

  public static boolean isEmbedded(String id) {
    return EMBEDDED.equals(id);
  }

  public static boolean isOpenAiCompatible(String id) {
    return id.startsWith(OPENAI_COMPATIBLE_PREFIX)
        && id.length() > OPENAI_COMPATIBLE_PREFIX.length();
  }

  /**
   * The provider serving a known model id.
   *
   * @throws IllegalArgumentException when the id is neither a run model nor a spec model
   */
  public static ModelProvider provider(String id) {
    if (!isKnownRunModel(id) && !isKnownSpecModel(id)) {
      throw new IllegalArgumentException(unknownModelMessage("model", id, RUN_MODELS));
    }
    if (isEmbedded(id)) {
      return ModelProvider.EMBEDDED;
    }
    if (isOpenAiCompatible(id)) {
      return ModelProvider.OPENAI_COMPATIBLE;
    }
    if (isDatabricks(id)) {
      return ModelProvider.DATABRICKS;
    }
    if (id.startsWith("anthropic/")) {
      return ModelProvider.ANTHROPIC;
    }
    if (id.startsWith("gemini/")) {
      return ModelProvider.GEMINI;
    }
    if (id.startsWith("openai/gpt-5.4")) {
      return ModelProvider.OPENAI;
    }
    // What is left of the enum is served by Together: openai/gpt-oss-120b, deepseek-ai/*,
    // moonshotai/*.
    return ModelProvider.TOGETHER;
  }

  /** The environment variable holding the API key a known model needs; empty when it needs none. */
  public static Optional<String> requiredKeyVariable(String id) {
    return provider(id).keyVariable();
  }

  /**
   * "generation_model 'x' is not a known model; expected one of: ..., embedded,
   * openai-compatible/<model>".
   */
  public static String unknownRunModelMessage(String field, String id) {
    return unknownModelMessage(field, id, RUN_MODELS);
  }

  public static String unknownSpecModelMessage(String field, String id) {
    return unknownModelMessage(field, id, SPEC_MODELS);
  }

  private static String unknownModelMessage(String field, String id, List<String> valid) {
    return field
        + " '"
        + id
        + "' is not a known model; expected one of: "
        + String.join(", ", valid)
        + ", "
        + EMBEDDED
        + ", "
        + OPENAI_COMPATIBLE_PREFIX
        + "<model>";
  }

  private static boolean isOurAddition(String id) {
    return isEmbedded(id) || isOpenAiCompatible(id);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
