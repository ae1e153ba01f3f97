package ai.dataframer.beam.core.llm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Optional requests-per-minute and tokens-per-minute limits of one (provider, model), for keys
 * whose quota is known: waiting our turn is cheaper than being refused with a 429 and retried.
 *
 * <p>Each limit is a token bucket holding up to one minute's worth, refilled continuously from an
 * injected ticker. A call {@link #reserve reserves} its share up front and is told how long to wait
 * before sending; the bucket may go into debt, which is what makes later callers wait behind
 * earlier ones, in order, without a queue. Token counts are estimated before the call ({@link
 * #estimateTokens}) and {@link Reservation#settle settled} with the real usage after it, so a run
 * of overestimates does not starve the key. No threads: the caller does the waiting
 * (asynchronously). Thread-safe.
 */
public final class RateLimits {
  private static final long NANOS_PER_MINUTE = TimeUnit.MINUTES.toNanos(1);

  private final Bucket requests;
  private final Bucket tokens;

  private RateLimits(long requestsPerMinute, long tokensPerMinute, LongSupplier nanoTicker) {
    if (requestsPerMinute < 0 || tokensPerMinute < 0) {
      throw new IllegalArgumentException(
          "per-minute limits must be >= 0 (0 for none), but were "
              + requestsPerMinute
              + " requests and "
              + tokensPerMinute
              + " tokens");
    }
    if (nanoTicker == null) {
      throw new IllegalArgumentException("rate limits need a ticker");
    }
    this.requests = requestsPerMinute == 0 ? null : new Bucket(requestsPerMinute, nanoTicker);
    this.tokens = tokensPerMinute == 0 ? null : new Bucket(tokensPerMinute, nanoTicker);
  }

  /**
   * @param requestsPerMinute requests a minute, 0 for no limit
   * @param tokensPerMinute prompt plus output tokens a minute, 0 for no limit
   * @param nanoTicker monotonic nanoseconds, such as {@code System::nanoTime}
   */
  public static RateLimits of(
      long requestsPerMinute, long tokensPerMinute, LongSupplier nanoTicker) {
    return new RateLimits(requestsPerMinute, tokensPerMinute, nanoTicker);
  }

  /** Limits on the system's monotonic clock. */
  public static RateLimits of(long requestsPerMinute, long tokensPerMinute) {
    return of(requestsPerMinute, tokensPerMinute, System::nanoTime);
  }

  /** True when neither limit is set: reserving never waits. */
  public boolean isUnlimited() {
    return requests == null && tokens == null;
  }

  /**
   * Takes one request and {@code estimatedTokens} tokens from the buckets. The returned reservation
   * says how long to wait before sending; settle it once the call is over.
   */
  public Reservation reserve(long estimatedTokens) {
    if (estimatedTokens < 0) {
      throw new IllegalArgumentException(
          "estimated tokens must be >= 0, but was " + estimatedTokens);
    }
    long requestWait = requests == null ? 0 : requests.take(1);
    long tokenWait = 0;
    long takenTokens = 0;
    if (tokens != null) {
      // One call cannot be split: a call above the whole minute's budget waits for a full bucket,
      // not
      // for several minutes of debt.
      takenTokens = Math.min(estimatedTokens, tokens.capacity);
      tokenWait = tokens.take(takenTokens);
    }
    return new Reservation(Duration.ofNanos(Math.max(requestWait, tokenWait)), takenTokens);
  }

  /**
   * The tokens a request will likely use: about four characters a token, plus its output budget.
   */
  public static long estimateTokens(ChatRequest request) {
    long chars = length(request.system());
    for (ChatMessage message : request.messages()) {
      for (ContentPart part : message.parts()) {
        if (part instanceof ContentPart.Text text) {
          chars += text.text().length();
        } else if (part instanceof ContentPart.ToolCall call) {
          chars += call.name().length() + call.argumentsJson().length();
        } else if (part instanceof ContentPart.ToolResult result) {
          chars += result.content().length();
        }
      }
    }
    for (ToolSpec tool : request.tools()) {
      chars += tool.name().length() + tool.description().length() + tool.inputSchemaJson().length();
    }
    if (request.jsonOutput() != null) {
      chars += length(request.jsonOutput().schemaJson());
    }
    long budget =
        request.maxOutputTokens()
            + (request.thinkingBudget() == null ? 0 : request.thinkingBudget());
    return (chars + 3) / 4 + budget;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }

  /** A call's place in the buckets. */
  public final class Reservation {
    private final Duration delay;
    private final long reservedTokens;
    private boolean settled;

    private Reservation(Duration delay, long reservedTokens) {
      this.delay = delay;
      this.reservedTokens = reservedTokens;
    }

    /** How long to wait before sending; zero when capacity was there. */
    public Duration delay() {
      return delay;
    }

    public long reservedTokens() {
      return reservedTokens;
    }

    /**
     * Corrects the token bucket by what the call really used: unused tokens go back, extra ones are
     * taken (possibly into debt for later callers). Later settles are ignored. Pass 0 for a call
     * that failed before the provider did any work.
     */
    public synchronized void settle(long actualTokens) {
      if (settled) {
        return;
      }
      settled = true;
      if (tokens != null) {
        tokens.adjust(reservedTokens - Math.min(Math.max(actualTokens, 0), tokens.capacity));
      }
    }
  }

  /** A bucket of up to {@code capacity}, refilled at {@code capacity} per minute. */
  private static final class Bucket {
    private final long capacity;
    private final LongSupplier ticker;
    // A double, so the fractions refilled between calls add up instead of being rounded away.
    private double available;
    private long lastRefill;

    Bucket(long capacity, LongSupplier ticker) {
      this.capacity = capacity;
      this.ticker = ticker;
      this.available = capacity;
      this.lastRefill = ticker.getAsLong();
    }

    /** Takes {@code amount} and returns the nanoseconds until the bucket is out of debt again. */
    synchronized long take(long amount) {
      refill();
      available -= amount;
      return available >= 0 ? 0 : (long) Math.ceil(-available * NANOS_PER_MINUTE / capacity);
    }

    synchronized void adjust(long giveBack) {
      refill();
      available = Math.min(capacity, available + giveBack);
    }

    private void refill() {
      long now = ticker.getAsLong();
      long elapsed = now - lastRefill;
      if (elapsed > 0) {
        available = Math.min(capacity, available + (double) elapsed * capacity / NANOS_PER_MINUTE);
        lastRefill = now;
      }
    }
  }

  @Override
  public String toString() {
    return "RateLimits[requests/min="
        + (requests == null ? "none" : requests.capacity)
        + ", tokens/min="
        + (tokens == null ? "none" : tokens.capacity)
        + "]";
  }
}
