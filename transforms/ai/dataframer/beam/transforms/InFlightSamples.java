package ai.dataframer.beam.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The samples a DoFn has started and not yet emitted. Futures complete on other threads; Beam
 * allows output only on the bundle's thread, so completions wait here until that thread takes them.
 * The bundle thread waits (without spinning) only when the in-flight limit is reached or the bundle
 * ends.
 *
 * @param <K> what a completion is emitted with (the element's window and timestamp)
 * @param <T> what a sample completes with
 */
final class InFlightSamples<K, T> {
  /** A finished sample, with what it was started with. */
  record Done<K, T>(K key, T value, Throwable error) {}

  private final int limit;
  private final Object lock = new Object();
  private final List<Done<K, T>> finished = new ArrayList<>();
  private int inFlight;

  InFlightSamples(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the in-flight limit must be >= 1, but was " + limit);
    }
    this.limit = limit;
  }

  /**
   * Starts a sample once fewer than the limit are in flight, waiting for one to finish otherwise.
   *
   * @param start starts the sample; may complete at once (the embedded engine) or much later
   */
  void start(K key, Function<K, CompletableFuture<T>> start) throws InterruptedException {
    synchronized (lock) {
      while (inFlight >= limit) {
        lock.wait();
      }
      inFlight++;
    }
    CompletableFuture<T> future;
    try {
      future = start.apply(key);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete(
        (value, error) -> {
          synchronized (lock) {
            inFlight--;
            finished.add(new Done<>(key, value, error));
            lock.notifyAll();
          }
        });
  }

  /** The samples finished since the last call, without waiting. */
  List<Done<K, T>> takeFinished() {
    synchronized (lock) {
      List<Done<K, T>> taken = new ArrayList<>(finished);
      finished.clear();
      return taken;
    }
  }

  /** Waits until every started sample has finished, then takes them. */
  List<Done<K, T>> awaitAll() throws InterruptedException {
    synchronized (lock) {
      while (inFlight > 0) {
        lock.wait();
      }
    }
    return takeFinished();
  }

  int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }
}
