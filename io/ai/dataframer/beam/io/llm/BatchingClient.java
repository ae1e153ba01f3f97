package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.batch.BatchApi;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Batch mode (docs/ARCHITECTURE.md section 7, "Batch mode"): calls to a provider with a batch API
 * (OpenAI, Anthropic, Gemini, Together) go out in provider batches at batch prices, collected
 * across every client of the worker JVM ({@link BatchQueues}); calls to the others (Databricks,
 * OpenAI-compatible servers), and to models the catalog has no batch price for (Together's models
 * that its Batch API does not run), go to {@code online}, the usual limited and retried stack, so
 * no answer is billed at a price nobody knows.
 *
 * <p>Batch calls skip the adaptive in-flight limit and the retrying client: a batch holds thousands
 * of calls for hours, which would starve an online limit, and the batch queues retry batch creation
 * and polls, and resubmit expired or transiently failed requests once, themselves.
 */
public final class BatchingClient implements LlmClient {
  /** The providers whose calls batch mode sends as batches. */
  public static final Set<ModelProvider> BATCH_PROVIDERS =
      Set.of(
          ModelProvider.OPENAI,
          ModelProvider.ANTHROPIC,
          ModelProvider.GEMINI,
          ModelProvider.TOGETHER);

  private static final ConcurrentMap<String, BatchQueues> SHARED = new ConcurrentHashMap<>();

  private final BatchQueues queues;
  private final Predicate<String> batchPriced;
  private final LlmClient online;

  private BatchingClient(BatchQueues queues, Predicate<String> batchPriced, LlmClient online) {
    this.queues = queues;
    this.batchPriced = batchPriced;
    this.online = online;
  }

  /**
   * A client on the JVM-wide queues of {@code scope} (the state directory and the endpoints: the
   * clients of one job share them, made by the first with its factory and settings).
   *
   * @param batchPriced whether a model id has a batch price; calls to one without go online
   */
  static BatchingClient shared(
      String scope,
      Function<ModelProvider, BatchApi> apis,
      BatchSettings settings,
      int maxAttempts,
      Predicate<String> batchPriced,
      LlmClient online) {
    BatchQueues queues =
        SHARED.computeIfAbsent(
            scope, s -> new BatchQueues(apis, settings, maxAttempts, Sleeper.scheduled()));
    return new BatchingClient(queues, batchPriced, online);
  }

  /** A client on queues of its own, batching every model of a batch provider. */
  static BatchingClient of(BatchQueues queues, LlmClient online) {
    return new BatchingClient(queues, modelId -> true, online);
  }

  /** A client on queues of its own, batching the models {@code batchPriced} accepts. */
  static BatchingClient of(BatchQueues queues, Predicate<String> batchPriced, LlmClient online) {
    return new BatchingClient(queues, batchPriced, online);
  }

  /**
   * Drops every shared queue, leaving their calls unanswered and their batch records on disk as a
   * killed worker would: tests simulate a kill with it.
   */
  public static void abandonSharedQueues() {
    SHARED.values().forEach(BatchQueues::abandon);
    SHARED.clear();
  }

  /**
   * How many batches are recorded in a run's batch state directory ({@link
   * BatchSettings#stateDirectory()}): what its manifest reports.
   */
  public static long batchesRecordedIn(String stateDirectory) {
    return BatchJournal.count(stateDirectory);
  }

  /** Batches submitted through this client's queues (shared with the other clients of the job). */
  public int batchesSubmitted() {
    return queues.batchesSubmitted();
  }

  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    ModelProvider provider;
    try {
      provider = ModelRoute.of(request.modelId()).provider();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return BATCH_PROVIDERS.contains(provider) && batchPriced.test(request.modelId())
        ? queues.call(request, provider)
        : ClientCalls.safely(online, request);
  }

  @Override
  public void close() {
    online.close();
  }
}
