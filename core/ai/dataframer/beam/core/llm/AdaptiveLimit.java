package ai.dataframer.beam.core.llm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many calls to one (provider, model) may be in flight, learned from the provider's answers
 * (additive increase, multiplicative decrease, as TCP does with its window).
 *
 * <p>A 429 means we are above what the provider will take right now: the limit halves (never below
 * {@code min}). A run of {@code limit} successes in a row means the current level is comfortable:
 * the limit grows by one (never above {@code max}). Other failures say nothing about our rate and
 * leave the limit alone. So the limit settles just under the provider's real capacity, whatever
 * tier the key is on, without configuring it.
 *
 * <p>When many calls are in flight and the provider starts refusing, they all come back 429 at
 * about the same time; those are one signal, not many. A cut therefore only counts for permits
 * granted after the previous cut, and the limit halves once per burst instead of collapsing to the
 * minimum.
 *
 * <p>{@link #acquire()} never blocks: it returns a future that completes when a slot is free, in
 * the order the requests came (FIFO). The limit has no threads; a waiter is completed by the
 * release that frees its slot, outside the lock. Thread-safe.
 */
public final class AdaptiveLimit {
  public static final int DEFAULT_INITIAL = 64;
  public static final int DEFAULT_MIN = 1;
  public static final int DEFAULT_MAX = 512;

  /** How a call that held a permit ended, as far as the limit cares. */
  public enum Outcome {
    /** Answered: counts towards raising the limit. */
    SUCCESS,
    /** 429: cuts the limit. */
    RATE_LIMITED,
    /** Any other failure, or the call was never made: leaves the limit as it is. */
    IGNORED
  }

  /** A slot, given back with {@link #release(Outcome)}; releasing twice is harmless. */
  public final class Permit {
    private final long epoch;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(long epoch) {
      this.epoch = epoch;
    }

    public void release(Outcome outcome) {
      if (released.compareAndSet(false, true)) {
        AdaptiveLimit.this.release(epoch, outcome);
      }
    }
  }

  private final int min;
  private final int max;
  private final ArrayDeque<CompletableFuture<Permit>> waiters = new ArrayDeque<>();
  private int limit;
  private int inFlight;
  private int successStreak;
  // Incremented on each cut; permits remember the epoch they were granted in.
  private long epoch;

  public AdaptiveLimit(int initial, int min, int max) {
    if (min < 1 || max < min || initial < min || initial > max) {
      throw new IllegalArgumentException(
          "need 1 <= min <= initial <= max, but was min="
              + min
              + ", initial="
              + initial
              + ", max="
              + max);
    }
    this.min = min;
    this.max = max;
    this.limit = initial;
  }

  /**
   * Starts at {@value #DEFAULT_INITIAL}, between {@value #DEFAULT_MIN} and {@value #DEFAULT_MAX}.
   */
  public static AdaptiveLimit withDefaults() {
    return new AdaptiveLimit(DEFAULT_INITIAL, DEFAULT_MIN, DEFAULT_MAX);
  }

  /**
   * A permit now when a slot is free and nobody waits, otherwise once earlier waiters are served.
   */
  public CompletableFuture<Permit> acquire() {
    synchronized (this) {
      if (waiters.isEmpty() && inFlight < limit) {
        inFlight++;
        return CompletableFuture.completedFuture(new Permit(epoch));
      }
      CompletableFuture<Permit> waiter = new CompletableFuture<>();
      waiters.addLast(waiter);
      return waiter;
    }
  }

  private void release(long permitEpoch, Outcome outcome) {
    List<CompletableFuture<Permit>> granted = new ArrayList<>();
    long grantEpoch;
    synchronized (this) {
      inFlight--;
      adjust(permitEpoch, outcome);
      grantEpoch = epoch;
      while (inFlight < limit && !waiters.isEmpty()) {
        CompletableFuture<Permit> waiter = waiters.pollFirst();
        if (!waiter.isDone()) {
          inFlight++;
          granted.add(waiter);
        }
      }
    }
    // Completing runs the waiters' continuations (the next call): never under the lock.
    for (CompletableFuture<Permit> waiter : granted) {
      Permit permit = new Permit(grantEpoch);
      if (!waiter.complete(permit)) {
        // Cancelled between the check and now: hand the slot on.
        permit.release(Outcome.IGNORED);
      }
    }
  }

  private void adjust(long permitEpoch, Outcome outcome) {
    switch (outcome) {
      case SUCCESS:
        successStreak++;
        if (successStreak >= limit) {
          limit = Math.min(max, limit + 1);
          successStreak = 0;
        }
        break;
      case RATE_LIMITED:
        successStreak = 0;
        if (permitEpoch == epoch) {
          limit = Math.max(min, limit / 2);
          epoch++;
        }
        break;
      case IGNORED:
      default:
        break;
    }
  }

  /** The current limit. */
  public synchronized int limit() {
    return limit;
  }

  /** Permits granted and not yet released. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /** Acquires waiting for a slot (cancelled ones may be counted until a release skips them). */
  public synchronized int waiting() {
    return waiters.size();
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  @Override
  public synchronized String toString() {
    return "AdaptiveLimit[limit="
        + limit
        + " in "
        + min
        + ".."
        + max
        + ", inFlight="
        + inFlight
        + ", waiting="
        + waiters.size()
        + "]";
  }
}
