package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.LlmSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How the model clients are reached and how they behave: keys and base URLs (overriding the
 * environment variables), the response cache, prices, retries and limits. Keys are best left in the
 * environment, out of shell history; the options exist for wrappers that pass them explicitly.
 */
public final class ModelOptions {
  @Option(names = "--anthropic-api-key", description = "Overrides $ANTHROPIC_API_KEY.")
  String anthropicKey;

  @Option(names = "--openai-api-key", description = "Overrides $OPENAI_API_KEY.")
  String openAiKey;

  @Option(names = "--together-api-key", description = "Overrides $TOGETHER_API_KEY.")
  String togetherKey;

  @Option(names = "--gemini-api-key", description = "Overrides $GEMINI_API_KEY.")
  String geminiKey;

  @Option(
      names = "--openai-compatible-api-key",
      description =
          "Key of an OpenAI-compatible server, if it wants one ($OPENAI_COMPATIBLE_API_KEY).")
  String compatibleKey;

  @Option(names = "--anthropic-base-url", description = "Overrides $ANTHROPIC_BASE_URL.")
  String anthropicBaseUrl;

  @Option(names = "--openai-base-url", description = "Overrides $OPENAI_BASE_URL.")
  String openAiBaseUrl;

  @Option(names = "--together-base-url", description = "Overrides $TOGETHER_BASE_URL.")
  String togetherBaseUrl;

  @Option(names = "--gemini-base-url", description = "Overrides $GEMINI_BASE_URL.")
  String geminiBaseUrl;

  @Option(
      names = "--openai-compatible-base-url",
      description =
          "Server for openai-compatible/<model> ids, e.g. http://localhost:8000/v1"
              + " ($OPENAI_COMPATIBLE_BASE_URL).")
  String compatibleBaseUrl;

  @Option(
      names = "--cache-dir",
      description = "Cache model answers here (any Beam filesystem): a re-run pays nothing twice.")
  String cacheDirectory;

  @Option(
      names = "--price-table",
      description = "JSON file of USD per million tokens overriding the bundled prices.")
  String priceTable;

  @Option(
      names = "--llm-max-attempts",
      defaultValue = "6",
      description = "Attempts per model call on transient errors (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(
      names = "--llm-concurrency",
      defaultValue = "64",
      description =
          "Calls in flight per model per worker to start with; a 429 cuts it, successes"
              + " raise it up to --llm-max-concurrency (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--llm-max-concurrency",
      defaultValue = "512",
      description =
          "The most calls in flight per model per worker the limit grows to"
              + " (default: ${DEFAULT-VALUE}).")
  int maxConcurrency;

  @Option(
      names = "--requests-per-minute",
      defaultValue = "0",
      description = "Per-worker request quota per model, 0 for none.")
  long requestsPerMinute;

  @Option(
      names = "--tokens-per-minute",
      defaultValue = "0",
      description = "Per-worker token quota per model, 0 for none.")
  long tokensPerMinute;

  @Option(
      names = "--llm-timeout-seconds",
      defaultValue = "600",
      description = "Longest a model call may take (default: ${DEFAULT-VALUE}).")
  long callTimeoutSeconds;

  private static final Map<ModelProvider, String> KEY_VARIABLES =
      Map.of(
          ModelProvider.ANTHROPIC, "ANTHROPIC_API_KEY",
          ModelProvider.OPENAI, "OPENAI_API_KEY",
          ModelProvider.TOGETHER, "TOGETHER_API_KEY",
          ModelProvider.GEMINI, "GEMINI_API_KEY",
          ModelProvider.OPENAI_COMPATIBLE, LlmSettings.OPENAI_COMPATIBLE_KEY_VARIABLE);

  /**
   * The environment as the model checks see it: the real variables with the key and base-URL
   * options laid over them, so a key given as an option counts as set.
   */
  Map<String, String> environment(Map<String, String> real) {
    Map<String, String> merged = new HashMap<>(real);
    put(merged, KEY_VARIABLES.get(ModelProvider.ANTHROPIC), anthropicKey);
    put(merged, KEY_VARIABLES.get(ModelProvider.OPENAI), openAiKey);
    put(merged, KEY_VARIABLES.get(ModelProvider.TOGETHER), togetherKey);
    put(merged, KEY_VARIABLES.get(ModelProvider.GEMINI), geminiKey);
    put(merged, KEY_VARIABLES.get(ModelProvider.OPENAI_COMPATIBLE), compatibleKey);
    put(merged, LlmSettings.BASE_URL_VARIABLES.get(ModelProvider.ANTHROPIC), anthropicBaseUrl);
    put(merged, LlmSettings.BASE_URL_VARIABLES.get(ModelProvider.OPENAI), openAiBaseUrl);
    put(merged, LlmSettings.BASE_URL_VARIABLES.get(ModelProvider.TOGETHER), togetherBaseUrl);
    put(merged, LlmSettings.BASE_URL_VARIABLES.get(ModelProvider.GEMINI), geminiBaseUrl);
    put(
        merged,
        LlmSettings.BASE_URL_VARIABLES.get(ModelProvider.OPENAI_COMPATIBLE),
        compatibleBaseUrl);
    return merged;
  }

  /**
   * The clients' settings from the environment and these options, with the request's Databricks
   * credentials when it has them.
   */
  LlmSettings settings(
      Map<String, String> environment,
      String databricksApiBase,
      String databricksClientId,
      String databricksClientSecret) {
    LlmSettings settings =
        LlmSettings.fromEnvironment(environment(environment))
            .withMaxAttempts(maxAttempts)
            .withConcurrency(concurrency, Math.max(concurrency, maxConcurrency))
            .withRateLimits(requestsPerMinute, tokensPerMinute)
            .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(callTimeoutSeconds))
            .withCacheDirectory(cacheDirectory);
    if (priceTable != null) {
      settings = settings.withPriceOverrides(read(priceTable));
    }
    if (databricksApiBase != null && databricksClientId != null && databricksClientSecret != null) {
      settings =
          settings.withDatabricks(
              new LlmSettings.Databricks(
                  databricksApiBase, databricksClientId, Secret.of(databricksClientSecret)));
    }
    return settings;
  }

  private static void put(Map<String, String> environment, String variable, String value) {
    if (value != null && !value.isBlank()) {
      environment.put(variable, value);
    }
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--price-table file not found: " + path, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --price-table " + path + ": " + e.getMessage(), e);
    }
  }
}
