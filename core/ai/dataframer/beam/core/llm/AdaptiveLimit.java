package ai.dataframer.beam.core.llm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
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
 * <p>{@link #acquire(Long)} never blocks: it returns a future that completes when a slot is free.
 * Waiters are served lowest order first, unordered ones before every ordered one, ties in the order
 * they came. Generation orders a call by its sample's index: when several bundles share the limit,
 * the oldest samples take the slots and later bundles' calls wait, so a bundle that ends and drains
 * its last calls leaves its slots to the waiting calls of the next one. With FIFO every bundle
 * progressed evenly, they all drained at the same moment, and the limit ran empty at each of those
 * boundaries (docs/ARCHITECTURE.md section 7, client stack). The limit has no threads; a waiter is
 * completed by the release that frees its slot, outside the lock. Thread-safe.
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

  /** A call waiting for a slot; {@code order} null sorts first. */
  private record Waiter(Long order, long arrival, CompletableFuture<Permit> future) {}

  private static final Comparator<Waiter> SERVICE_ORDER =
      Comparator.comparing(Waiter::order, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparingLong(Waiter::arrival);

  private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(SERVICE_ORDER);
  private long arrivals;
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

  /** An unordered permit: {@link #acquire(Long)} with null. */
  public CompletableFuture<Permit> acquire() {
    return acquire(null);
  }

  /**
   * A permit now when a slot is free and nobody waits, otherwise once the waiters ahead of it
   * (lower order, or the same and earlier) are served.
   *
   * @param order lowest is served first; null before any number
   */
  public CompletableFuture<Permit> acquire(Long order) {
    synchronized (this) {
      if (waiters.isEmpty() && inFlight < limit) {
        inFlight++;
        return CompletableFuture.completedFuture(new Permit(epoch));
      }
      CompletableFuture<Permit> waiter = new CompletableFuture<>();
      waiters.add(new Waiter(order, arrivals++, waiter));
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
        CompletableFuture<Permit> waiter = waiters.poll().future();
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
