package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.RequestKey;
import ai.dataframer.beam.core.llm.RetryPolicy;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.batch.BatchApi;
import ai.dataframer.beam.io.llm.batch.BatchLine;
import ai.dataframer.beam.io.llm.batch.LineResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The calls of a worker JVM waiting to go out in provider batches, and the batches out (see {@link
 * BatchingClient}, docs/ARCHITECTURE.md section 7, "Batch mode"). Calls are collected per provider
 * and API model; a collection is submitted as one batch once no call joined it for the quiet
 * window, once its first call waited the longest wait, or once it reaches the provider's request or
 * byte limit. Each submitted batch is recorded in the {@link BatchJournal} and then polled with
 * doubling intervals up to the longest; when it ends, every call gets its own result by custom id.
 *
 * <p>A call whose request was not run (expired, canceled, no result) or failed transiently is
 * resubmitted once, in a later batch; on its second submission it fails, an expiry as {@link
 * LlmException.BatchExpired}. A call whose {@link RequestKey} the journal holds from an earlier run
 * of the same inputs joins that batch instead of being submitted again.
 */
final class BatchQueues {
  private static final Logger LOG = Logger.getLogger(BatchQueues.class.getName());

  private final Function<ModelProvider, BatchApi> apiFactory;
  private final Map<ModelProvider, BatchApi> apis = new EnumMap<>(ModelProvider.class);
  private final BatchSettings settings;
  private final BatchJournal journal;
  private final Sleeper sleeper;
  private final RetryPolicy retries;
  private final ExecutorService io;
  private final Map<String, Collector> collectors = new ConcurrentHashMap<>();
  private final Map<String, Tracker> resumedTrackers = new ConcurrentHashMap<>();
  private final AtomicInteger submitted = new AtomicInteger();
  private final AtomicInteger resumed = new AtomicInteger();
  private Map<String, Deque<Resumable>> resumable;
  private RuntimeException journalError;
  private volatile boolean abandoned;

  /** A request of an earlier run's batch, found by its key. */
  private record Resumable(BatchJournal.Entry entry, BatchJournal.Line line) {}

  /** A call on its way through batches. */
  private static final class Call {
    final ChatRequest request;
    final String key;
    final String body;
    final BatchApi api;
    final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    final List<String> batchIds = new ArrayList<>();

    Call(ChatRequest request, String key, String body, BatchApi api) {
      this.request = request;
      this.key = key;
      this.body = body;
      this.api = api;
    }
  }

  private record Waiting(Call call, int submission) {}

  /**
   * @param apiFactory the batch API of a provider, made on its first call
   * @param settings windows, poll intervals and where batches are recorded
   * @param maxAttempts attempts at a batch's creation, and polls in a row, on transient errors
   */
  BatchQueues(
      Function<ModelProvider, BatchApi> apiFactory,
      BatchSettings settings,
      int maxAttempts,
      Sleeper sleeper) {
    this.apiFactory = apiFactory;
    this.settings = settings;
    this.journal =
        settings.stateDirectory() == null ? null : new BatchJournal(settings.stateDirectory());
    this.sleeper = sleeper;
    this.retries = RetryPolicy.defaults().withMaxAttempts(maxAttempts);
    this.io =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "dataframer-batch-journal");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Batches this JVM submitted. */
  int batchesSubmitted() {
    return submitted.get();
  }

  /** Calls answered from batches an earlier run submitted. */
  int callsResumed() {
    return resumed.get();
  }

  /**
   * Stops every poll and submission, leaving the calls unanswered and the journal as it is: what a
   * killed worker leaves behind.
   */
  void abandon() {
    abandoned = true;
    io.shutdown();
  }

  CompletableFuture<ChatResponse> call(ChatRequest request, ModelProvider provider) {
    Call call;
    Resumable earlier;
    try {
      BatchApi api = api(provider);
      call = new Call(request, RequestKey.of(request), api.encode(request), api);
      earlier = takeResumable(call.key);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (earlier != null) {
      resumed.incrementAndGet();
      Tracker tracker =
          resumedTrackers.computeIfAbsent(
              earlier.entry().batchId(), id -> new Tracker(call.api, earlier.entry()));
      call.batchIds.add(earlier.entry().batchId());
      tracker.await(earlier.line().customId(), new Waiting(call, earlier.line().submission()));
    } else {
      enqueue(call, 1);
    }
    return call.result;
  }

  private synchronized BatchApi api(ModelProvider provider) {
    return apis.computeIfAbsent(provider, apiFactory);
  }

  /** The earlier batch holding {@code key}'s latest submission, taken so it answers one call. */
  private synchronized Resumable takeResumable(String key) {
    if (journal == null) {
      return null;
    }
    if (journalError != null) {
      throw journalError;
    }
    if (resumable == null) {
      try {
        resumable = index(journal.readAll());
      } catch (RuntimeException e) {
        journalError = e;
        throw e;
      }
    }
    Deque<Resumable> found = resumable.get(key);
    return found == null ? null : found.poll();
  }

  private static Map<String, Deque<Resumable>> index(List<BatchJournal.Entry> entries) {
    Map<String, Deque<Resumable>> byKey = new HashMap<>();
    for (BatchJournal.Entry entry : entries) {
      for (BatchJournal.Line line : entry.lines()) {
        Deque<Resumable> found = byKey.computeIfAbsent(line.requestKey(), k -> new ArrayDeque<>());
        int latest = found.isEmpty() ? 0 : found.peek().line().submission();
        if (line.submission() > latest) {
          found.clear(); // a resubmission replaces the batch that did not run the request
        }
        if (line.submission() >= latest) {
          found.add(new Resumable(entry, line));
        }
      }
    }
    return byKey;
  }

  private void enqueue(Call call, int submission) {
    ModelRoute route = ModelRoute.of(call.request.modelId());
    String group = route.provider() + "/" + route.apiModel();
    collectors
        .computeIfAbsent(group, g -> new Collector(call.api))
        .add(new Waiting(call, submission));
  }

  /** What a call does with its result from a batch. */
  private void deliver(Waiting waiting, LineResult result) {
    Call call = waiting.call();
    if (result instanceof LineResult.Answered answered) {
      call.result.complete(answered.response());
      return;
    }
    boolean again =
        result instanceof LineResult.NotRun || ((LineResult.Failed) result).error().isTransient();
    if (again && waiting.submission() == 1) {
      enqueue(call, 2);
      return;
    }
    if (result instanceof LineResult.NotRun notRun) {
      call.result.completeExceptionally(
          new LlmException.BatchExpired(
              call.api.providerName(),
              "the request was not run by its batch ("
                  + notRun.reason()
                  + ") on its first submission nor on its resubmission (batches "
                  + String.join(", ", call.batchIds)
                  + ")"));
    } else {
      call.result.completeExceptionally(((LineResult.Failed) result).error());
    }
  }

  /** Calls collected for one provider and API model, submitted together. */
  private final class Collector {
    private final BatchApi api;
    private final int maxRequests;
    private List<Waiting> pending = new ArrayList<>();
    private long bytes;
    private long generation;
    private long epoch;

    Collector(BatchApi api) {
      this.api = api;
      this.maxRequests =
          settings.maxRequests() > 0
              ? Math.min(settings.maxRequests(), api.maxRequests())
              : api.maxRequests();
    }

    void add(Waiting waiting) {
      List<Waiting> full = null;
      long joined;
      long opened = -1;
      synchronized (this) {
        pending.add(waiting);
        bytes += waiting.call().body.getBytes(StandardCharsets.UTF_8).length;
        if (pending.size() >= maxRequests || bytes >= api.maxBytes()) {
          full = take();
        }
        joined = ++generation;
        if (full == null && pending.size() == 1) {
          opened = epoch;
        }
      }
      if (full != null) {
        submit(full);
        return;
      }
      sleeper.sleep(settings.quietWindow()).thenRun(() -> submitIf(joined, -1));
      if (opened >= 0) {
        long first = opened;
        sleeper.sleep(settings.maxWait()).thenRun(() -> submitIf(-1, first));
      }
    }

    /**
     * Submits what is pending if no call joined since {@code joined}, or still in {@code epoch}.
     */
    private void submitIf(long joined, long sameEpoch) {
      List<Waiting> batch = null;
      synchronized (this) {
        boolean quiet = joined >= 0 && joined == generation;
        boolean waitedLongest = sameEpoch >= 0 && sameEpoch == epoch;
        if ((quiet || waitedLongest) && !pending.isEmpty()) {
          batch = take();
        }
      }
      if (batch != null) {
        submit(batch);
      }
    }

    private List<Waiting> take() {
      List<Waiting> batch = pending;
      pending = new ArrayList<>();
      bytes = 0;
      epoch++;
      return batch;
    }

    private void submit(List<Waiting> batch) {
      if (abandoned) {
        return;
      }
      List<BatchLine> lines = new ArrayList<>();
      List<BatchJournal.Line> recorded = new ArrayList<>();
      Map<String, Waiting> byCustomId = new LinkedHashMap<>();
      for (int i = 0; i < batch.size(); i++) {
        Waiting waiting = batch.get(i);
        Call call = waiting.call();
        String customId = "req-" + i;
        lines.add(new BatchLine(customId, call.key, call.request.modelId(), call.body));
        recorded.add(
            new BatchJournal.Line(
                customId, call.request.modelId(), call.key, waiting.submission()));
        byCustomId.put(customId, waiting);
      }
      create(lines, 1)
          .whenComplete(
              (batchId, error) -> {
                if (error != null) {
                  Throwable cause = ClientCalls.unwrap(error);
                  batch.forEach(w -> w.call().result.completeExceptionally(cause));
                  return;
                }
                submitted.incrementAndGet();
                BatchJournal.Entry entry =
                    new BatchJournal.Entry(api.providerName(), batchId, "submitted", recorded);
                record(entry)
                    .whenComplete(
                        (ignored, writeError) -> {
                          Tracker tracker = new Tracker(api, entry);
                          byCustomId.forEach(
                              (customId, waiting) -> {
                                synchronized (waiting.call().batchIds) {
                                  waiting.call().batchIds.add(batchId);
                                }
                                tracker.await(customId, waiting);
                              });
                        });
              });
    }

    /** Creates the batch, trying again after transient errors as the retry policy says. */
    private CompletableFuture<String> create(List<BatchLine> lines, int attempt) {
      return ClientCalls.orFailure(() -> api.submit(lines))
          .handle(
              (batchId, error) -> {
                if (error == null) {
                  return CompletableFuture.completedFuture(batchId);
                }
                Throwable cause = ClientCalls.unwrap(error);
                Optional<Duration> delay = retries.delayBefore(attempt + 1, cause);
                if (delay.isEmpty() || abandoned) {
                  return CompletableFuture.<String>failedFuture(cause);
                }
                return sleeper.sleep(delay.get()).thenCompose(x -> create(lines, attempt + 1));
              })
          .thenCompose(f -> f);
    }
  }

  /** Writes a batch's record off the calling thread; a failed write costs resumption only. */
  private CompletableFuture<Void> record(BatchJournal.Entry entry) {
    if (journal == null || abandoned) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(() -> journal.write(entry), io)
        .exceptionally(
            e -> {
              LOG.log(
                  Level.WARNING,
                  "cannot record batch "
                      + entry.batchId()
                      + " in "
                      + journal.directory()
                      + "; a restarted run would submit its requests again: "
                      + ClientCalls.unwrap(e));
              return null;
            });
  }

  /** Polls one batch until it ends and hands each waiting call its result. */
  private final class Tracker {
    private final BatchApi api;
    private final BatchJournal.Entry entry;
    private final Map<String, String> modelIds = new HashMap<>();
    private final Map<String, Waiting> waiting = new HashMap<>();
    private Map<String, LineResult> results;
    private boolean polling;

    Tracker(BatchApi api, BatchJournal.Entry entry) {
      this.api = api;
      this.entry = entry;
      entry.lines().forEach(line -> modelIds.put(line.customId(), line.modelId()));
    }

    void await(String customId, Waiting call) {
      LineResult ready = null;
      boolean startPolling = false;
      synchronized (this) {
        if (results != null) {
          ready = results.remove(customId);
          if (ready == null) {
            ready = new LineResult.NotRun("its result was already taken");
          }
        } else {
          waiting.put(customId, call);
          startPolling = !polling;
          polling = true;
        }
      }
      if (ready != null) {
        deliver(call, ready);
      } else if (startPolling) {
        poll(settings.firstPoll(), 1);
      }
    }

    private void poll(Duration wait, int attempt) {
      sleeper
          .sleep(wait)
          .thenCompose(x -> abandoned ? new CompletableFuture<>() : api.poll(entry.batchId()))
          .thenCompose(
              state -> {
                switch (state.phase()) {
                  case RUNNING:
                    Duration next = wait.multipliedBy(2);
                    poll(
                        next.compareTo(settings.maxPollInterval()) > 0
                            ? settings.maxPollInterval()
                            : next,
                        1);
                    return CompletableFuture.completedFuture(null);
                  case FAILED:
                    failAll(
                        new LlmException.ServerError(
                            api.providerName(),
                            0,
                            "batch " + entry.batchId() + " failed: " + state.failure(),
                            false,
                            null));
                    return CompletableFuture.completedFuture(null);
                  default:
                    return api.results(state, modelIds).thenAccept(this::ended);
                }
              })
          .exceptionally(
              error -> {
                Throwable cause = ClientCalls.unwrap(error);
                Optional<Duration> delay = retries.delayBefore(attempt + 1, cause);
                if (delay.isPresent() && !abandoned) {
                  poll(delay.get(), attempt + 1);
                } else {
                  failAll(cause);
                }
                return null;
              });
    }

    private void ended(Map<String, LineResult> all) {
      Map<String, Waiting> answered;
      synchronized (this) {
        results = new HashMap<>(all);
        answered = new HashMap<>(waiting);
        waiting.clear();
        answered.keySet().forEach(results::remove);
      }
      answered.forEach(
          (customId, call) ->
              deliver(
                  call,
                  all.getOrDefault(
                      customId, new LineResult.NotRun("the batch reported no result for it"))));
      record(entry.withState("ended"));
    }

    private void failAll(Throwable error) {
      Map<String, Waiting> failed;
      synchronized (this) {
        failed = new HashMap<>(waiting);
        waiting.clear();
        polling = false;
      }
      failed.values().forEach(call -> call.call().result.completeExceptionally(error));
    }
  }
}
