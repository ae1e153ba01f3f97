package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.AdaptiveLimit;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.RateLimits;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Keeps the calls to each (provider, API model) within an {@link AdaptiveLimit}, and within its
 * {@link RateLimits} when the key's quota is configured. A call first takes a permit (waiting,
 * without a thread, when the limit is reached), then waits for its rate-limit reservation, then
 * goes out; when it ends the permit is released with its outcome, so 429s shrink the limit and
 * successes grow it.
 *
 * <p>A provider's quota belongs to the key, not to one client object: {@link #shared} clients take
 * their limits from one JVM-wide registry keyed by provider and API model, so every client of a
 * worker (one per DoFn instance, say) draws from the same limit. The first client to use a key
 * creates its limits with its settings.
 */
public final class LimitingClient implements LlmClient {
  /**
   * How the limits of a key start out.
   *
   * @param initialLimit concurrent calls allowed at first
   * @param minLimit fewest concurrent calls the limit shrinks to
   * @param maxLimit most concurrent calls the limit grows to
   * @param requestsPerMinute the key's request quota, 0 for none
   * @param tokensPerMinute the key's token quota (prompt plus output), 0 for none
   */
  public record Settings(
      int initialLimit, int minLimit, int maxLimit, long requestsPerMinute, long tokensPerMinute) {
    public static final Settings DEFAULTS =
        new Settings(
            AdaptiveLimit.DEFAULT_INITIAL,
            AdaptiveLimit.DEFAULT_MIN,
            AdaptiveLimit.DEFAULT_MAX,
            0,
            0);

    public Settings {
      // Validated here so a bad setting fails where it is made, not at the first call.
      new AdaptiveLimit(initialLimit, minLimit, maxLimit);
      RateLimits.of(requestsPerMinute, tokensPerMinute, () -> 0L);
    }

    public Settings withRateLimits(long requestsPerMinute, long tokensPerMinute) {
      return new Settings(initialLimit, minLimit, maxLimit, requestsPerMinute, tokensPerMinute);
    }

    AdaptiveLimit newLimit() {
      return new AdaptiveLimit(initialLimit, minLimit, maxLimit);
    }

    Optional<RateLimits> newRateLimits() {
      RateLimits limits = RateLimits.of(requestsPerMinute, tokensPerMinute);
      return limits.isUnlimited() ? Optional.empty() : Optional.of(limits);
    }
  }

  private static final ConcurrentMap<String, AdaptiveLimit> SHARED_LIMITS =
      new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, Optional<RateLimits>> SHARED_RATES =
      new ConcurrentHashMap<>();

  private final LlmClient inner;
  private final Function<ModelRoute, AdaptiveLimit> limits;
  private final Function<ModelRoute, Optional<RateLimits>> rateLimits;
  private final Sleeper sleeper;

  /**
   * A client with its own limits: {@code limits} and {@code rateLimits} give the limits of a route
   * (and must give the same objects for the same key every time).
   */
  public LimitingClient(
      LlmClient inner,
      Function<ModelRoute, AdaptiveLimit> limits,
      Function<ModelRoute, Optional<RateLimits>> rateLimits,
      Sleeper sleeper) {
    if (inner == null || limits == null || rateLimits == null || sleeper == null) {
      throw new IllegalArgumentException(
          "a limiting client needs a client, limits, rate limits and a sleeper");
    }
    this.inner = inner;
    this.limits = limits;
    this.rateLimits = rateLimits;
    this.sleeper = sleeper;
  }

  /** A client drawing on the JVM-wide limits of each key, waiting on the shared timer thread. */
  public static LimitingClient shared(LlmClient inner, Settings settings) {
    return new LimitingClient(
        inner,
        route -> SHARED_LIMITS.computeIfAbsent(key(route), k -> settings.newLimit()),
        route -> SHARED_RATES.computeIfAbsent(key(route), k -> settings.newRateLimits()),
        Sleeper.scheduled());
  }

  /** The JVM-wide limit of a route's key, created with defaults if no client used it yet. */
  public static AdaptiveLimit sharedLimit(ModelRoute route) {
    return SHARED_LIMITS.computeIfAbsent(key(route), k -> Settings.DEFAULTS.newLimit());
  }

  /** Provider and API model: thinking and non-thinking ids of one model share one quota. */
  static String key(ModelRoute route) {
    return route.provider().name() + "/" + route.apiModel();
  }

  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    ModelRoute route;
    AdaptiveLimit limit;
    Optional<RateLimits> rates;
    try {
      route = ModelRoute.of(request.modelId());
      limit = limits.apply(route);
      rates = rateLimits.apply(route);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return limit.acquire(request.order()).thenCompose(permit -> callWithin(permit, rates, request));
  }

  private CompletableFuture<ChatResponse> callWithin(
      AdaptiveLimit.Permit permit, Optional<RateLimits> rates, ChatRequest request) {
    RateLimits.Reservation reservation;
    CompletableFuture<Void> turn;
    try {
      reservation = rates.map(r -> r.reserve(RateLimits.estimateTokens(request))).orElse(null);
      Duration wait = reservation == null ? Duration.ZERO : reservation.delay();
      turn = wait.isZero() ? CompletableFuture.completedFuture(null) : sleeper.sleep(wait);
    } catch (RuntimeException e) {
      permit.release(AdaptiveLimit.Outcome.IGNORED);
      return CompletableFuture.failedFuture(e);
    }
    return turn.thenCompose(ignored -> ClientCalls.safely(inner, request))
        .whenComplete(
            (response, error) -> {
              permit.release(outcome(error));
              if (reservation != null) {
                // A failed call is settled at zero: most failures (429, connection) used no tokens.
                reservation.settle(
                    response == null
                        ? 0
                        : response.usage().totalInputTokens() + response.usage().outputTokens());
              }
            });
  }

  private static AdaptiveLimit.Outcome outcome(Throwable error) {
    if (error == null) {
      return AdaptiveLimit.Outcome.SUCCESS;
    }
    return ClientCalls.unwrap(error) instanceof LlmException.RateLimited
        ? AdaptiveLimit.Outcome.RATE_LIMITED
        : AdaptiveLimit.Outcome.IGNORED;
  }

  @Override
  public void close() {
    inner.close();
  }
}
