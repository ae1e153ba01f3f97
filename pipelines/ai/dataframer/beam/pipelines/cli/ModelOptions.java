package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.llm.SecretSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How the model clients are reached and how they behave: keys and base URLs (overriding the
 * environment variables), the response cache, prices, retries and limits. Keys are best left in the
 * environment, out of shell history, or named as Secret Manager secrets ({@code
 * --anthropic-api-key-secret projects/P/secrets/S/versions/V}); the key options exist for wrappers
 * that pass them explicitly and reach local runners only. Whatever the route, the job carries a
 * reference, resolved on the worker (docs/ARCHITECTURE.md section 7, "Keys and secrets").
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

  @Option(
      names = "--anthropic-api-key-secret",
      paramLabel = "projects/P/secrets/S/versions/V",
      description = "Anthropic key from GCP Secret Manager, read by the workers.")
  String anthropicKeySecret;

  @Option(
      names = "--openai-api-key-secret",
      paramLabel = "projects/P/secrets/S/versions/V",
      description = "OpenAI key from GCP Secret Manager, read by the workers.")
  String openAiKeySecret;

  @Option(
      names = "--together-api-key-secret",
      paramLabel = "projects/P/secrets/S/versions/V",
      description = "Together AI key from GCP Secret Manager, read by the workers.")
  String togetherKeySecret;

  @Option(
      names = "--gemini-api-key-secret",
      paramLabel = "projects/P/secrets/S/versions/V",
      description = "Gemini key from GCP Secret Manager, read by the workers.")
  String geminiKeySecret;

  @Option(
      names = "--openai-compatible-api-key-secret",
      paramLabel = "projects/P/secrets/S/versions/V",
      description = "OpenAI-compatible server's key from GCP Secret Manager, read by the workers.")
  String compatibleKeySecret;

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
      description =
          "JSON file of USD per million tokens laid over the model catalog's prices"
              + " (model id to input, output, cache_read, cache_write).")
  String priceTable;

  @Option(
      names = "--model-catalog",
      description =
          "JSON file merged over the bundled model catalog, field by field: re-point a model id to"
              + " another provider model name, change its limits, thinking style or prices"
              + " ({\"models\": {\"deepseek-ai/DeepSeek-V3.1\": {\"provider_model\": \"...\"}}}).")
  String modelCatalog;

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

  /** How a reference to a Secret Manager secret is written where a value could stand. */
  static final String SECRET_MANAGER_PREFIX = "secret-manager:";

  private static final Map<ModelProvider, String> KEY_VARIABLES =
      Map.of(
          ModelProvider.ANTHROPIC, "ANTHROPIC_API_KEY",
          ModelProvider.OPENAI, "OPENAI_API_KEY",
          ModelProvider.TOGETHER, "TOGETHER_API_KEY",
          ModelProvider.GEMINI, "GEMINI_API_KEY",
          ModelProvider.OPENAI_COMPATIBLE, LlmSettings.OPENAI_COMPATIBLE_KEY_VARIABLE);

  /** Each provider's key option and its Secret Manager option, in the order of the options. */
  private Map<ModelProvider, String[]> keyOptions() {
    Map<ModelProvider, String[]> options = new EnumMap<>(ModelProvider.class);
    options.put(ModelProvider.ANTHROPIC, new String[] {anthropicKey, anthropicKeySecret});
    options.put(ModelProvider.OPENAI, new String[] {openAiKey, openAiKeySecret});
    options.put(ModelProvider.TOGETHER, new String[] {togetherKey, togetherKeySecret});
    options.put(ModelProvider.GEMINI, new String[] {geminiKey, geminiKeySecret});
    options.put(ModelProvider.OPENAI_COMPATIBLE, new String[] {compatibleKey, compatibleKeySecret});
    return options;
  }

  /**
   * The environment as the model checks see it: the real variables with the key and base-URL
   * options laid over them, so a key given as an option counts as set. A Secret Manager secret
   * counts as set too: its variable holds the secret's reference, never a value, since the launcher
   * need not be allowed to read it.
   */
  Map<String, String> environment(Map<String, String> real) {
    Map<String, String> merged = new HashMap<>(real);
    keyOptions()
        .forEach(
            (provider, options) -> {
              String key = options[0];
              String secret = options[1];
              put(
                  merged,
                  KEY_VARIABLES.get(provider),
                  key != null ? key : secret == null ? null : SECRET_MANAGER_PREFIX + secret);
            });
    putBaseUrls(merged);
    return merged;
  }

  /**
   * The clients' settings from the real environment {@code environment} and these options, with the
   * request's Databricks credentials when it has them. Keys become references: a variable's name, a
   * Secret Manager secret, or (a key option's value) one that resolves in this JVM only.
   *
   * @throws IllegalArgumentException when a provider has both a key and a key secret option
   */
  LlmSettings settings(
      Map<String, String> environment,
      String databricksApiBase,
      String databricksClientId,
      String databricksClientSecret) {
    Map<String, String> withBaseUrls = new HashMap<>(environment);
    putBaseUrls(withBaseUrls);
    LlmSettings settings =
        LlmSettings.fromEnvironment(withBaseUrls)
            .withMaxAttempts(maxAttempts)
            .withConcurrency(concurrency, Math.max(concurrency, maxConcurrency))
            .withRateLimits(requestsPerMinute, tokensPerMinute)
            .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(callTimeoutSeconds))
            .withCacheDirectory(cacheDirectory);
    if (modelCatalog != null) {
      // Merged here, at launch, so request validation and the workers see the same catalog.
      settings =
          settings.withModelCatalog(
              ModelCatalogData.bundled()
                  .withOverrides(read("--model-catalog", modelCatalog), modelCatalog));
    }
    if (priceTable != null) {
      settings = settings.withPriceOverrides(read("--price-table", priceTable));
    }
    for (Map.Entry<ModelProvider, String[]> option : keyOptions().entrySet()) {
      String key = option.getValue()[0];
      String secret = option.getValue()[1];
      String name = "--" + optionStem(option.getKey()) + "-api-key";
      if (key != null && secret != null) {
        throw new IllegalArgumentException("give " + name + " or " + name + "-secret, not both");
      }
      if (key != null && !key.isBlank()) {
        settings = settings.withKey(option.getKey(), SecretSource.inProcess(name, Secret.of(key)));
      } else if (secret != null) {
        settings = settings.withKey(option.getKey(), secretOption(name + "-secret", secret));
      }
    }
    if (databricksApiBase != null && databricksClientId != null && databricksClientSecret != null) {
      settings =
          settings.withDatabricks(
              new LlmSettings.Databricks(
                  databricksApiBase,
                  databricksClientId,
                  DatabricksOptions.clientSecretSource(databricksClientSecret, environment)));
    }
    return settings;
  }

  private void putBaseUrls(Map<String, String> variables) {
    Map<ModelProvider, String> urls = LlmSettings.BASE_URL_VARIABLES;
    put(variables, urls.get(ModelProvider.ANTHROPIC), anthropicBaseUrl);
    put(variables, urls.get(ModelProvider.OPENAI), openAiBaseUrl);
    put(variables, urls.get(ModelProvider.TOGETHER), togetherBaseUrl);
    put(variables, urls.get(ModelProvider.GEMINI), geminiBaseUrl);
    put(variables, urls.get(ModelProvider.OPENAI_COMPATIBLE), compatibleBaseUrl);
  }

  /** The option's Secret Manager name, or an error that names the option. */
  static SecretSource secretOption(String option, String name) {
    try {
      return SecretSource.secretManager(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  private static String optionStem(ModelProvider provider) {
    return provider == ModelProvider.OPENAI_COMPATIBLE
        ? "openai-compatible"
        : provider.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static void put(Map<String, String> environment, String variable, String value) {
    if (value != null && !value.isBlank()) {
      environment.put(variable, value);
    }
  }

  private static String read(String option, String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(option + " file not found: " + path, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + option + " " + path + ": " + e.getMessage(), e);
    }
  }
}
