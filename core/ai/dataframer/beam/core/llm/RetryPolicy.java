package ai.dataframer.beam.core.llm;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed model call again, and after how long (docs/ARCHITECTURE.md section 7).
 *
 * <p>Only transient failures are retried ({@link LlmException#isTransient()}: connection errors,
 * timeouts, 408, 409, 429, 500, 502, 503, 504, 529); a bad request or a refused key gives the same
 * answer however often it is sent. The wait before retry {@code k} (the second attempt is retry 1)
 * is drawn uniformly from {@code [0, min(maxDelay, baseDelay * 2^(k-1))]} ("full jitter"), so many
 * workers that failed together do not come back together. When the provider says how long to wait
 * ({@code Retry-After}, {@code retry-after-ms}) that wait is used exactly, because the provider
 * knows when its window reopens, but never longer than {@code retryAfterCeiling}, so one odd header
 * cannot park a worker for an hour.
 *
 * <p>Immutable; the randomness is injected so tests can pin every delay.
 */
public final class RetryPolicy {
  public static final int DEFAULT_MAX_ATTEMPTS = 6;
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RETRY_AFTER_CEILING = Duration.ofSeconds(120);

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Duration retryAfterCeiling;
  private final DoubleSupplier random;

  private RetryPolicy(
      int maxAttempts,
      Duration baseDelay,
      Duration maxDelay,
      Duration retryAfterCeiling,
      DoubleSupplier random) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
    }
    requirePositive("baseDelay", baseDelay);
    requirePositive("maxDelay", maxDelay);
    requirePositive("retryAfterCeiling", retryAfterCeiling);
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay (" + maxDelay + ") must not be shorter than baseDelay (" + baseDelay + ")");
    }
    if (random == null) {
      throw new IllegalArgumentException("a retry policy needs a source of randomness");
    }
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.retryAfterCeiling = retryAfterCeiling;
    this.random = random;
  }

  /** 6 attempts, 1 s base, 60 s cap, provider waits up to 120 s, thread-local randomness. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_BASE_DELAY,
        DEFAULT_MAX_DELAY,
        DEFAULT_RETRY_AFTER_CEILING,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Never retries: one attempt. */
  public static RetryPolicy none() {
    return defaults().withMaxAttempts(1);
  }

  /** Attempts in all, the first included. */
  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, retryAfterCeiling, random);
  }

  public RetryPolicy withBaseDelay(Duration baseDelay) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, retryAfterCeiling, random);
  }

  public RetryPolicy withMaxDelay(Duration maxDelay) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, retryAfterCeiling, random);
  }

  /** The longest provider-requested wait that is honoured; longer requests wait this long. */
  public RetryPolicy withRetryAfterCeiling(Duration retryAfterCeiling) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, retryAfterCeiling, random);
  }

  /** Uniform doubles in {@code [0, 1)}, e.g. {@code new SplittableRandom(seed)::nextDouble}. */
  public RetryPolicy withRandom(DoubleSupplier random) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, retryAfterCeiling, random);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration baseDelay() {
    return baseDelay;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  public Duration retryAfterCeiling() {
    return retryAfterCeiling;
  }

  /**
   * How long to wait before attempt {@code nextAttempt} (2 for the first retry) after {@code
   * failure}; empty when the call should not be tried again: the attempts are used up, or the
   * failure is not a transient {@link LlmException}. Completion and execution wrappers are looked
   * through.
   */
  public Optional<Duration> delayBefore(int nextAttempt, Throwable failure) {
    if (nextAttempt < 2) {
      throw new IllegalArgumentException("the first retry is attempt 2, but was " + nextAttempt);
    }
    if (nextAttempt > maxAttempts) {
      return Optional.empty();
    }
    Optional<LlmException> error = llmCause(failure);
    if (error.isEmpty() || !error.get().isTransient()) {
      return Optional.empty();
    }
    Optional<Duration> asked = error.get().retryAfter();
    if (asked.isPresent()) {
      Duration wait = asked.get().isNegative() ? Duration.ZERO : asked.get();
      return Optional.of(wait.compareTo(retryAfterCeiling) > 0 ? retryAfterCeiling : wait);
    }
    return Optional.of(jittered(backoffCap(nextAttempt - 1)));
  }

  /** The upper bound of the jittered wait before retry {@code retry} (1-based). */
  public Duration backoffCap(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries are counted from 1, but was " + retry);
    }
    // 2^62 nanoseconds is over a century: past that the cap is maxDelay whatever the base.
    int doublings = Math.min(retry - 1, 62);
    long baseNanos = baseDelay.toNanos();
    long capNanos = maxDelay.toNanos();
    if (doublings >= 62 || baseNanos > (capNanos >> doublings)) {
      return maxDelay;
    }
    return Duration.ofNanos(baseNanos << doublings);
  }

  private Duration jittered(Duration cap) {
    double draw = random.getAsDouble();
    if (!(draw >= 0 && draw < 1)) {
      throw new IllegalStateException("the retry randomness must be in [0, 1), but gave " + draw);
    }
    return Duration.ofNanos((long) (draw * cap.toNanos()));
  }

  /** The LlmException a future or executor wrapped, if the failure is one. */
  public static Optional<LlmException> llmCause(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof LlmException llm ? Optional.of(llm) : Optional.empty();
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, but was " + value);
    }
  }

  @Override
  public String toString() {
    return "RetryPolicy[attempts="
        + maxAttempts
        + ", base="
        + baseDelay
        + ", max="
        + maxDelay
        + ", retryAfterCeiling="
        + retryAfterCeiling
        + "]";
  }
}
