package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the model clients of a job need, as values that travel to the workers: where the keys
 * come from, base URLs, Databricks credentials, timeouts, retries, limits and the cache directory.
 * Keys and the Databricks client secret are {@link SecretSource}s: references resolved on the
 * worker, so neither serializing nor printing the settings shows a value (docs/ARCHITECTURE.md
 * section 7, "Keys and secrets").
 *
 * <p>{@link #fromEnvironment} reads the variables of docs/ARCHITECTURE.md section 7 and the SDKs'
 * base-URL variables; the {@code withX()} methods (the command line's options) override them.
 */
public final class LlmSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where each provider is reached by default; the OpenAI-format roots include {@code /v1}. */
  public static final Map<ModelProvider, String> DEFAULT_BASE_URLS =
      Map.of(
          ModelProvider.ANTHROPIC, "https://api.anthropic.com",
          ModelProvider.OPENAI, "https://api.openai.com/v1",
          ModelProvider.GEMINI, "https://generativelanguage.googleapis.com",
          ModelProvider.TOGETHER, "https://api.together.xyz/v1");

  /**
   * The environment variables naming base URLs, as the official SDKs spell them where they exist.
   */
  public static final Map<ModelProvider, String> BASE_URL_VARIABLES =
      Map.of(
          ModelProvider.ANTHROPIC, "ANTHROPIC_BASE_URL",
          ModelProvider.OPENAI, "OPENAI_BASE_URL",
          ModelProvider.GEMINI, "GEMINI_BASE_URL",
          ModelProvider.TOGETHER, "TOGETHER_BASE_URL",
          ModelProvider.OPENAI_COMPATIBLE, "OPENAI_COMPATIBLE_BASE_URL");

  /** The optional key of an OpenAI-compatible server. */
  public static final String OPENAI_COMPATIBLE_KEY_VARIABLE = "OPENAI_COMPATIBLE_API_KEY";

  /**
   * A Databricks service principal and the workspace's serving endpoints.
   *
   * @param apiBase {@code databricks_api_base}, e.g. {@code
   *     https://adb-1.azuredatabricks.net/serving-endpoints}
   * @param clientId {@code databricks_client_id}
   * @param clientSecret where {@code databricks_client_secret} is read from
   */
  public record Databricks(String apiBase, String clientId, SecretSource clientSecret)
      implements Serializable {
    /** A secret given to this process: it resolves in this JVM only ({@link SecretSource}). */
    public Databricks(String apiBase, String clientId, Secret clientSecret) {
      this(apiBase, clientId, SecretSource.inProcess("databricks_client_secret", clientSecret));
    }
  }

  private final EnumMap<ModelProvider, String> baseUrls;
  private final EnumMap<ModelProvider, SecretSource> keys;
  private final Databricks databricks;
  private final Duration connectTimeout;
  private final Duration callTimeout;
  private final int maxAttempts;
  private final int initialConcurrency;
  private final int maxConcurrency;
  private final long requestsPerMinute;
  private final long tokensPerMinute;
  private final String cacheDirectory;
  private final String priceOverridesJson;
  private final BatchSettings batch;
  private final ModelCatalogData modelCatalog;

  private LlmSettings(
      EnumMap<ModelProvider, String> baseUrls,
      EnumMap<ModelProvider, SecretSource> keys,
      Databricks databricks,
      Duration connectTimeout,
      Duration callTimeout,
      int maxAttempts,
      int initialConcurrency,
      int maxConcurrency,
      long requestsPerMinute,
      long tokensPerMinute,
      String cacheDirectory,
      String priceOverridesJson,
      BatchSettings batch,
      ModelCatalogData modelCatalog) {
    this.baseUrls = baseUrls;
    this.keys = keys;
    this.databricks = databricks;
    this.connectTimeout = connectTimeout;
    this.callTimeout = callTimeout;
    this.maxAttempts = maxAttempts;
    this.initialConcurrency = initialConcurrency;
    this.maxConcurrency = maxConcurrency;
    this.requestsPerMinute = requestsPerMinute;
    this.tokensPerMinute = tokensPerMinute;
    this.cacheDirectory = cacheDirectory;
    this.priceOverridesJson = priceOverridesJson;
    this.batch = batch;
    this.modelCatalog = modelCatalog;
  }

  /** Defaults only: no keys, the providers' public base URLs. */
  public static LlmSettings defaults() {
    return new LlmSettings(
        new EnumMap<>(DEFAULT_BASE_URLS),
        new EnumMap<>(ModelProvider.class),
        null,
        Duration.ofSeconds(10),
        Duration.ofMinutes(10),
        6,
        64,
        512,
        0,
        0,
        null,
        null,
        null,
        ModelCatalogData.bundled());
  }

  /** Keys and base URLs from {@code environment}; blank variables count as not set. */
  public static LlmSettings fromEnvironment(Map<String, String> environment) {
    LlmSettings settings = defaults();
    for (ModelProvider provider : ModelProvider.values()) {
      String keyVariable =
          provider == ModelProvider.OPENAI_COMPATIBLE
              ? OPENAI_COMPATIBLE_KEY_VARIABLE
              : provider.keyVariable().orElse(null);
      String key = keyVariable == null ? null : environment.get(keyVariable);
      if (key != null && !key.isBlank()) {
        settings = settings.withKey(provider, SecretSource.environment(keyVariable, key));
      }
      String baseUrl =
          BASE_URL_VARIABLES.containsKey(provider)
              ? environment.get(BASE_URL_VARIABLES.get(provider))
              : null;
      if (baseUrl != null && !baseUrl.isBlank()) {
        settings = settings.withBaseUrl(provider, baseUrl.strip());
      }
    }
    return settings;
  }

  /**
   * A key given as a value. It reaches the clients of this JVM only (Direct, Flink and Spark
   * local): the value is never serialized, and a worker in another process fails naming the key;
   * give such runners {@link SecretSource#environment} or {@link SecretSource#secretManager}
   * instead.
   */
  public LlmSettings withKey(ModelProvider provider, Secret key) {
    return withKey(provider, SecretSource.inProcess("LlmSettings.withKey(" + provider + ")", key));
  }

  /** The key of {@code provider}, resolved where its client is built. */
  public LlmSettings withKey(ModelProvider provider, SecretSource key) {
    EnumMap<ModelProvider, SecretSource> more = new EnumMap<>(keys);
    more.put(provider, key);
    return copy(baseUrls, more, databricks, connectTimeout, callTimeout, maxAttempts);
  }

  public LlmSettings withBaseUrl(ModelProvider provider, String baseUrl) {
    new ProviderEndpoint(baseUrl, null); // checks the URL now, naming it, not at the first call
    EnumMap<ModelProvider, String> more = new EnumMap<>(baseUrls);
    more.put(provider, baseUrl);
    return copy(more, keys, databricks, connectTimeout, callTimeout, maxAttempts);
  }

  public LlmSettings withDatabricks(Databricks credentials) {
    return copy(baseUrls, keys, credentials, connectTimeout, callTimeout, maxAttempts);
  }

  public LlmSettings withTimeouts(Duration connect, Duration call) {
    if (connect.isNegative() || connect.isZero() || call.isNegative() || call.isZero()) {
      throw new IllegalArgumentException(
          "timeouts must be positive, but were " + connect + ", " + call);
    }
    return copy(baseUrls, keys, databricks, connect, call, maxAttempts);
  }

  /** Attempts per call, the first included (1 = no retries). */
  public LlmSettings withMaxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + attempts);
    }
    return copy(baseUrls, keys, databricks, connectTimeout, callTimeout, attempts);
  }

  /**
   * Calls in flight per (provider, model) per worker: where the adaptive limit starts and its
   * ceiling.
   */
  public LlmSettings withConcurrency(int initial, int max) {
    if (initial < 1 || max < initial) {
      throw new IllegalArgumentException(
          "concurrency must be >= 1 with a ceiling at least as high, but was "
              + initial
              + ", "
              + max);
    }
    return new LlmSettings(
        baseUrls,
        keys,
        databricks,
        connectTimeout,
        callTimeout,
        maxAttempts,
        initial,
        max,
        requestsPerMinute,
        tokensPerMinute,
        cacheDirectory,
        priceOverridesJson,
        batch,
        modelCatalog);
  }

  /** The key's quotas per worker, 0 for none. */
  public LlmSettings withRateLimits(long requests, long tokens) {
    if (requests < 0 || tokens < 0) {
      throw new IllegalArgumentException(
          "rate limits must be >= 0, but were " + requests + ", " + tokens);
    }
    return new LlmSettings(
        baseUrls,
        keys,
        databricks,
        connectTimeout,
        callTimeout,
        maxAttempts,
        initialConcurrency,
        maxConcurrency,
        requests,
        tokens,
        cacheDirectory,
        priceOverridesJson,
        batch,
        modelCatalog);
  }

  /** Answers are cached in this directory (any Beam filesystem); null turns the cache off. */
  public LlmSettings withCacheDirectory(String directory) {
    return new LlmSettings(
        baseUrls,
        keys,
        databricks,
        connectTimeout,
        callTimeout,
        maxAttempts,
        initialConcurrency,
        maxConcurrency,
        requestsPerMinute,
        tokensPerMinute,
        directory,
        priceOverridesJson,
        batch,
        modelCatalog);
  }

  /** Prices overriding the bundled table, as {@code PriceTable.withOverrides} reads them. */
  public LlmSettings withPriceOverrides(String json) {
    return new LlmSettings(
        baseUrls,
        keys,
        databricks,
        connectTimeout,
        callTimeout,
        maxAttempts,
        initialConcurrency,
        maxConcurrency,
        requestsPerMinute,
        tokensPerMinute,
        cacheDirectory,
        json,
        batch,
        modelCatalog);
  }

  private LlmSettings copy(
      EnumMap<ModelProvider, String> urls,
      EnumMap<ModelProvider, SecretSource> withKeys,
      Databricks credentials,
      Duration connect,
      Duration call,
      int attempts) {
    return new LlmSettings(
        urls,
        withKeys,
        credentials,
        connect,
        call,
        attempts,
        initialConcurrency,
        maxConcurrency,
        requestsPerMinute,
        tokensPerMinute,
        cacheDirectory,
        priceOverridesJson,
        batch,
        modelCatalog);
  }

  public Optional<SecretSource> key(ModelProvider provider) {
    return Optional.ofNullable(keys.get(provider));
  }

  public Optional<String> baseUrl(ModelProvider provider) {
    return Optional.ofNullable(baseUrls.get(provider));
  }

  public Optional<Databricks> databricks() {
    return Optional.ofNullable(databricks);
  }

  public Map<ModelProvider, SecretSource> keys() {
    return Collections.unmodifiableMap(keys);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public int initialConcurrency() {
    return initialConcurrency;
  }

  public int maxConcurrency() {
    return maxConcurrency;
  }

  public long requestsPerMinute() {
    return requestsPerMinute;
  }

  public long tokensPerMinute() {
    return tokensPerMinute;
  }

  public Optional<String> cacheDirectory() {
    return Optional.ofNullable(cacheDirectory);
  }

  /**
   * Calls to providers with a batch API go out as provider batches with these settings
   * (docs/ARCHITECTURE.md section 7, "Batch mode").
   */
  public LlmSettings withBatch(BatchSettings settings) {
    return new LlmSettings(
        baseUrls,
        keys,
        databricks,
        connectTimeout,
        callTimeout,
        maxAttempts,
        initialConcurrency,
        maxConcurrency,
        requestsPerMinute,
        tokensPerMinute,
        cacheDirectory,
        priceOverridesJson,
        settings,
        modelCatalog);
  }

  /** Batch mode's settings, empty when calls go out online. */
  public Optional<BatchSettings> batch() {
    return Optional.ofNullable(batch);
  }

  public Optional<String> priceOverridesJson() {
    return Optional.ofNullable(priceOverridesJson);
  }

  /**
   * The model catalog the job routes and prices with: the bundled one, or what {@link
   * #withModelCatalog} set (a {@code --model-catalog} file merged over it, at launch). Not secret,
   * so it travels with the settings to the workers.
   */
  public ModelCatalogData modelCatalog() {
    return modelCatalog;
  }

  /** These settings routing and pricing with {@code catalog}. */
  public LlmSettings withModelCatalog(ModelCatalogData catalog) {
    if (catalog == null) {
      throw new IllegalArgumentException("a model catalog is required");
    }
    return new LlmSettings(
        baseUrls,
        keys,
        databricks,
        connectTimeout,
        callTimeout,
        maxAttempts,
        initialConcurrency,
        maxConcurrency,
        requestsPerMinute,
        tokensPerMinute,
        cacheDirectory,
        priceOverridesJson,
        batch,
        catalog);
  }

  @Override
  public String toString() {
    return "LlmSettings[keys "
        + keys
        + ", base URLs "
        + baseUrls
        + (databricks == null
            ? ""
            : ", databricks "
                + databricks.apiBase()
                + " as "
                + databricks.clientId()
                + " with "
                + databricks.clientSecret())
        + ", attempts "
        + maxAttempts
        + ", concurrency "
        + initialConcurrency
        + ".."
        + maxConcurrency
        + (cacheDirectory == null ? "" : ", cache " + cacheDirectory)
        + (batch == null ? "" : ", batch mode")
        + ", catalog "
        + modelCatalog.version()
        + "]";
  }
}
