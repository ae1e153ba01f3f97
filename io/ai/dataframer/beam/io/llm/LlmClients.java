package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.RetryPolicy;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.llm.UsageLedger;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.anthropic.AnthropicBatchApi;
import ai.dataframer.beam.io.llm.anthropic.AnthropicClient;
import ai.dataframer.beam.io.llm.batch.BatchApi;
import ai.dataframer.beam.io.llm.databricks.DatabricksClient;
import ai.dataframer.beam.io.llm.gemini.GeminiBatchApi;
import ai.dataframer.beam.io.llm.gemini.GeminiClient;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import ai.dataframer.beam.io.llm.openai.OpenAiBatchApi;
import ai.dataframer.beam.io.llm.openai.OpenAiChatClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Builds the model client a job uses: one client for every model id, routing each request to its
 * provider, wrapped in the policies of docs/ARCHITECTURE.md section 7. From the inside out: the
 * provider clients; the adaptive in-flight limit (per provider and model, shared in the JVM);
 * retries of transient failures; metering (tokens, cost, Beam counters); and, when a directory is
 * set, the response cache, so a hit costs nothing and is not metered as a call. In batch mode the
 * calls to providers with a batch API leave the limited, retried path for {@link BatchingClient}.
 */
public final class LlmClients {
  private LlmClients() {}

  /**
   * The full stack over {@code transport}, metering into {@code ledger} only (no Beam counters).
   *
   * @throws IllegalArgumentException when the price overrides cannot be read
   */
  public static LlmClient create(
      LlmSettings settings, HttpTransport transport, UsageLedger ledger) {
    return create(settings, transport, ledger, new StepMetrics());
  }

  /**
   * The full stack over {@code transport}, metering into {@code ledger} and into the Beam counters
   * of the step {@code metrics} is bound to.
   *
   * @throws IllegalArgumentException when the price overrides cannot be read
   */
  public static LlmClient create(
      LlmSettings settings, HttpTransport transport, UsageLedger ledger, StepMetrics metrics) {
    LlmClient client = new Router(settings, transport);
    client =
        LimitingClient.shared(
            client,
            new LimitingClient.Settings(
                settings.initialConcurrency(),
                1,
                settings.maxConcurrency(),
                settings.requestsPerMinute(),
                settings.tokensPerMinute()));
    client =
        new RetryingClient(
            client,
            RetryPolicy.defaults().withMaxAttempts(settings.maxAttempts()),
            Sleeper.scheduled());
    if (settings.batch().isPresent()) {
      client = batching(settings, transport, client);
    }
    client = new MeteredClient(client, prices(settings), ledger, metrics);
    if (settings.cacheDirectory().isPresent()) {
      client =
          CachingClient.at(
              client, settings.cacheDirectory().get(), metrics, settings.modelCatalog());
    }
    return client;
  }

  /**
   * Batch mode over {@code online}: the queues are shared by every client of the JVM with the same
   * state directory and endpoints, so a worker's calls of one round go out together.
   */
  private static BatchingClient batching(
      LlmSettings settings, HttpTransport transport, LlmClient online) {
    BatchSettings batch = settings.batch().orElseThrow();
    String scope = batch + "|" + settings + "|" + System.identityHashCode(transport);
    PriceTable prices = prices(settings);
    return BatchingClient.shared(
        scope,
        provider -> batchApi(provider, settings, transport),
        batch,
        settings.maxAttempts(),
        // A model without a batch price goes online: never billed at a price nobody knows.
        modelId -> prices.findBatch(modelId).isPresent(),
        online);
  }

  private static BatchApi batchApi(
      ModelProvider provider, LlmSettings settings, HttpTransport transport) {
    // Resolved here, on the worker, as the online clients' keys are (SecretSource).
    Secret key = settings.key(provider).map(SecretSource::resolve).orElse(null);
    if (key == null) {
      throw new IllegalArgumentException(
          provider
              + " batches need "
              + provider.keyVariable().orElse("a key")
              + ", which is not set");
    }
    ProviderEndpoint endpoint = new ProviderEndpoint(settings.baseUrl(provider).orElseThrow(), key);
    switch (provider) {
      case OPENAI:
        return new OpenAiBatchApi(
            OpenAiBatchApi.Dialect.OPENAI, transport, endpoint, settings.modelCatalog());
      case ANTHROPIC:
        return new AnthropicBatchApi(transport, endpoint);
      case GEMINI:
        return new GeminiBatchApi(transport, endpoint, settings.modelCatalog());
      case TOGETHER:
        return new OpenAiBatchApi(
            OpenAiBatchApi.Dialect.TOGETHER, transport, endpoint, settings.modelCatalog());
      default:
        throw new IllegalArgumentException(provider + " has no batch API in batch mode");
    }
  }

  /**
   * The settings' model catalog's prices with the {@code --price-table} overrides laid over them
   * (docs/ARCHITECTURE.md section 7).
   */
  public static PriceTable prices(LlmSettings settings) {
    PriceTable prices = settings.modelCatalog().prices();
    return settings.priceOverridesJson().map(prices::withOverrides).orElse(prices);
  }

  /**
   * What keeps {@code modelId} from being called with these settings: a missing key, base URL or
   * Databricks credentials, each naming what to set. Empty when the model can be called (or needs
   * no client: {@code embedded}).
   */
  public static List<String> missingConfiguration(
      String field, String modelId, LlmSettings settings) {
    List<String> missing = new ArrayList<>();
    ModelRoute route;
    try {
      route = settings.modelCatalog().route(modelId);
    } catch (IllegalArgumentException embeddedOrUnknown) {
      return missing; // unknown ids are reported by request validation, embedded needs nothing
    }
    ModelProvider provider = route.provider();
    switch (provider) {
      case DATABRICKS:
        if (settings.databricks().isEmpty()) {
          missing.add(
              field
                  + " "
                  + modelId
                  + " needs databricks_client_id, databricks_client_secret"
                  + " and databricks_api_base");
        }
        break;
      case OPENAI_COMPATIBLE:
        if (settings.baseUrl(provider).isEmpty()) {
          missing.add(
              field
                  + " "
                  + modelId
                  + " needs the server's base URL: set "
                  + LlmSettings.BASE_URL_VARIABLES.get(provider)
                  + " (e.g. http://localhost:8000/v1)");
        }
        break;
      default:
        if (settings.key(provider).isEmpty()) {
          missing.add(
              field
                  + " "
                  + modelId
                  + " needs "
                  + provider.keyVariable().orElse("a key")
                  + ", which is not set");
        }
    }
    return missing;
  }

  /** Sends each request to the client of its model's provider, made on first use. */
  static final class Router implements LlmClient {
    private final LlmSettings settings;
    private final HttpTransport transport;
    private final Map<ModelProvider, LlmClient> clients = new EnumMap<>(ModelProvider.class);

    Router(LlmSettings settings, HttpTransport transport) {
      this.settings = settings;
      this.transport = transport;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      LlmClient client;
      try {
        client =
            clientFor(
                settings.modelCatalog().route(request.modelId()).provider(), request.modelId());
      } catch (IllegalArgumentException e) {
        return CompletableFuture.failedFuture(e);
      }
      return client.chat(request);
    }

    private synchronized LlmClient clientFor(ModelProvider provider, String modelId) {
      LlmClient client = clients.get(provider);
      if (client == null) {
        client = newClient(provider, modelId);
        clients.put(provider, client);
      }
      return client;
    }

    private LlmClient newClient(ModelProvider provider, String modelId) {
      List<String> missing = missingConfiguration("model", modelId, settings);
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", missing));
      }
      switch (provider) {
        case ANTHROPIC:
          return new AnthropicClient(transport, endpoint(provider), settings.modelCatalog());
        case GEMINI:
          return new GeminiClient(transport, endpoint(provider), settings.modelCatalog());
        case OPENAI:
        case TOGETHER:
        case OPENAI_COMPATIBLE:
          return new OpenAiChatClient(
              transport, endpoint(provider), provider, settings.modelCatalog());
        case DATABRICKS:
          LlmSettings.Databricks databricks = settings.databricks().orElseThrow();
          return new DatabricksClient(
              transport,
              databricks.apiBase(),
              databricks.clientId(),
              databricks.clientSecret().resolve(),
              Clock.systemUTC(),
              settings.modelCatalog());
        default:
          throw new IllegalArgumentException("no model client serves " + modelId);
      }
    }

    private ProviderEndpoint endpoint(ModelProvider provider) {
      // Resolved here, on the worker, never before the settings travel (SecretSource).
      Secret key = settings.key(provider).map(SecretSource::resolve).orElse(null);
      return new ProviderEndpoint(settings.baseUrl(provider).orElseThrow(), key);
    }

    @Override
    public String toString() {
      return "LlmClients.Router[" + settings + "]";
    }
  }
}
