package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.llm.RequestKey;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.io.store.StoreFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Answers a request it has seen before from a file instead of the model: a rerun, a resumed job or
 * a second stage asking the same question costs nothing. Responses are kept one file per request at
 * {@code <directory>/<first 2 hex of key>/<key>.json}, keyed by {@link RequestKey}, on any Beam
 * filesystem, and written through a temporary file and a rename, so a reader never sees half a
 * file.
 *
 * <p>The same request gets the same answer, even with a temperature: a stage that wants several
 * different samples must make the requests differ (a sample index in the prompt, say). Two
 * identical requests in flight at once both go to the model; the later write wins, both are valid
 * answers.
 *
 * <p>FileSystems calls block, so reads and writes run on an I/O executor, never on the caller's
 * thread or the HTTP threads (the returned future then completes on that executor: what follows it
 * must not block either). A cache file that cannot be read or parsed is a miss (and is rewritten);
 * a failed write is logged and the answer is still returned: the cache saves money, it must not
 * cost answers. Hits and misses are counted as Beam counters {@code llm_cache_hits} and {@code
 * llm_cache_misses} (namespace {@value StepMetrics#NAMESPACE}) and in {@link #hits()} and {@link
 * #misses()}.
 *
 * <p>A hit carries the usage of the call that made the answer; place {@link MeteredClient} inside
 * this client so that only calls really made are counted and paid.
 */
public final class CachingClient implements LlmClient {
  static final String HITS = "llm_cache_hits";
  static final String MISSES = "llm_cache_misses";

  /** Bumped when the file layout changes; files of another format are misses. */
  static final int FORMAT_VERSION = 1;

  private static final int IO_THREADS = 16;
  private static final Logger LOG = Logger.getLogger(CachingClient.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LlmClient inner;
  private final String directory;
  private final Executor io;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final StepMetrics metrics;
  private final ModelCatalogData catalog;

  /**
   * @param inner the client asked on a miss
   * @param directory where the cache lives: a local path or any registered scheme ({@code
   *     gs://...})
   * @param io where file reads and writes run
   * @param metrics where hits and misses are counted as Beam counters
   */
  public CachingClient(LlmClient inner, String directory, Executor io, StepMetrics metrics) {
    this(inner, directory, io, metrics, ModelCatalogData.bundled());
  }

  /**
   * As the constructor above, keying requests by the provider model names of {@code catalog}, so a
   * model id re-pointed by a {@code --model-catalog} file does not get the old model's answers.
   */
  public CachingClient(
      LlmClient inner,
      String directory,
      Executor io,
      StepMetrics metrics,
      ModelCatalogData catalog) {
    if (catalog == null) {
      throw new IllegalArgumentException("a caching client needs a model catalog");
    }
    this.catalog = catalog;
    if (inner == null
        || directory == null
        || directory.isBlank()
        || io == null
        || metrics == null) {
      throw new IllegalArgumentException(
          "a caching client needs a client, a directory, an executor and step metrics");
    }
    this.inner = inner;
    this.directory = directory;
    this.io = io;
    this.metrics = metrics;
  }

  /** Caches in {@code directory}, with file I/O on a JVM-wide pool of daemon threads. */
  public static CachingClient at(LlmClient inner, String directory, StepMetrics metrics) {
    return new CachingClient(inner, directory, SharedIo.EXECUTOR, metrics);
  }

  /** As {@link #at(LlmClient, String, StepMetrics)}, keying with {@code catalog}'s routes. */
  public static CachingClient at(
      LlmClient inner, String directory, StepMetrics metrics, ModelCatalogData catalog) {
    return new CachingClient(inner, directory, SharedIo.EXECUTOR, metrics, catalog);
  }

  /** As {@link #at(LlmClient, String, StepMetrics)}, counting no Beam counters. */
  public static CachingClient at(LlmClient inner, String directory) {
    return at(inner, directory, new StepMetrics());
  }

  /** Requests answered from the cache. */
  public long hits() {
    return hits.get();
  }

  /** Requests that went to the model. */
  public long misses() {
    return misses.get();
  }

  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    String key;
    try {
      key = RequestKey.of(request, catalog);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    ResourceId file = fileOf(key);
    return CompletableFuture.supplyAsync(() -> lookup(file, key), io)
        .thenCompose(
            cached -> {
              if (cached.isPresent()) {
                hits.incrementAndGet();
                metrics.inc(HITS, 1);
                return CompletableFuture.completedFuture(cached.get());
              }
              misses.incrementAndGet();
              metrics.inc(MISSES, 1);
              return ClientCalls.safely(inner, request)
                  .thenCompose(
                      response ->
                          CompletableFuture.supplyAsync(
                              () -> {
                                store(file, key, response);
                                return response;
                              },
                              io));
            });
  }

  ResourceId fileOf(String key) {
    return StoreFiles.file(StoreFiles.directory(directory, key.substring(0, 2)), key + ".json");
  }

  private Optional<ChatResponse> lookup(ResourceId file, String key) {
    try {
      if (!StoreFiles.exists(file)) {
        return Optional.empty();
      }
      return Optional.of(fromJson(StoreFiles.read(file), key));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cache file " + file + " is unusable, asking the model again: " + e);
      return Optional.empty();
    }
  }

  private void store(ResourceId file, String key, ChatResponse response) {
    try {
      StoreFiles.writeAtomically(file, toJson(key, response));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "cannot write cache file " + file + "; the answer is returned uncached: " + e);
    }
  }

  static String toJson(String key, ChatResponse response) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT_VERSION);
    root.put("key", key);
    root.put("modelId", response.modelId());
    root.put("text", response.text());
    ArrayNode calls = root.putArray("toolCalls");
    for (ContentPart.ToolCall call : response.toolCalls()) {
      calls
          .addObject()
          .put("id", call.id())
          .put("name", call.name())
          .put("argumentsJson", call.argumentsJson());
    }
    ArrayNode blocks = root.putArray("providerBlocks");
    for (ContentPart.ProviderBlock block : response.providerBlocks()) {
      blocks.addObject().put("provider", block.provider()).put("json", block.json());
    }
    root.put("stopReason", response.stopReason().name());
    root.put("rawStopReason", response.rawStopReason());
    Usage usage = response.usage();
    root.putObject("usage")
        .put("inputTokens", usage.inputTokens())
        .put("outputTokens", usage.outputTokens())
        .put("cacheReadTokens", usage.cacheReadTokens())
        .put("cacheWriteTokens", usage.cacheWriteTokens())
        .put("reasoningTokens", usage.reasoningTokens());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a response as JSON", e);
    }
  }

  static ChatResponse fromJson(String json, String expectedKey) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.path("format").asInt() != FORMAT_VERSION) {
      throw new IllegalArgumentException("not a cached response of format " + FORMAT_VERSION);
    }
    if (!expectedKey.equals(root.path("key").asText())) {
      throw new IllegalArgumentException("holds the answer to another request");
    }
    List<ContentPart.ToolCall> calls = new ArrayList<>();
    for (JsonNode call : root.path("toolCalls")) {
      calls.add(
          new ContentPart.ToolCall(
              call.path("id").asText(),
              call.path("name").asText(),
              call.path("argumentsJson").asText()));
    }
    List<ContentPart.ProviderBlock> blocks = new ArrayList<>();
    for (JsonNode block : root.path("providerBlocks")) {
      blocks.add(
          new ContentPart.ProviderBlock(
              block.path("provider").asText(), block.path("json").asText()));
    }
    JsonNode usage = root.path("usage");
    return new ChatResponse(
        required(root, "modelId").asText(),
        required(root, "text").asText(),
        calls,
        StopReason.valueOf(required(root, "stopReason").asText()),
        root.path("rawStopReason").isTextual() ? root.path("rawStopReason").asText() : null,
        new Usage(
            usage.path("inputTokens").asLong(),
            usage.path("outputTokens").asLong(),
            usage.path("cacheReadTokens").asLong(),
            usage.path("cacheWriteTokens").asLong(),
            usage.path("reasoningTokens").asLong()),
        blocks);
  }

  private static JsonNode required(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("has no '" + field + "'");
    }
    return value;
  }

  @Override
  public void close() {
    inner.close();
  }

  /** Blocking file I/O of every caching client in the JVM, off the callers' and HTTP threads. */
  private static final class SharedIo {
    private static final AtomicInteger COUNT = new AtomicInteger();
    static final ExecutorService EXECUTOR =
        Executors.newFixedThreadPool(
            IO_THREADS,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "dataframer-llm-cache-" + COUNT.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }
}
