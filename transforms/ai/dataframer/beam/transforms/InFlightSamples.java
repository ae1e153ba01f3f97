package ai.dataframer.beam.transforms;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The samples a DoFn has taken and not yet emitted. Futures complete on other threads; Beam allows
 * output only on the bundle's thread, so completions wait here until that thread takes them.
 *
 * <p>A sample taken while the in-flight limit is reached waits in a queue of up to {@code limit}
 * samples, and the thread whose sample finishes starts the next one at once. With the bundle's
 * thread alone starting samples, a wave of answers arriving together was turned into new calls one
 * at a time, each behind the previous one's prompt and request encoding, and the window of calls in
 * flight sagged after every wave (docs/ARCHITECTURE.md section 7). The generator must therefore
 * accept calls from any thread, as the LLM path's continuations already do. The bundle's thread
 * waits (without spinning) only when the queue is full or the bundle ends.
 *
 * @param <K> what a completion is emitted with (the element's window and timestamp)
 * @param <T> what a sample completes with
 */
final class InFlightSamples<K, T> {
  /** A finished sample, with what it was started with. */
  record Done<K, T>(K key, T value, Throwable error) {}

  /** A sample taken but not started. */
  private record Waiting<K, T>(K key, Function<K, CompletableFuture<T>> start) {}

  private final int limit;
  private final Object lock = new Object();
  private final ArrayDeque<Waiting<K, T>> waiting = new ArrayDeque<>();
  private final List<Done<K, T>> finished = new ArrayList<>();
  private int inFlight;

  /**
   * Whether this thread is already in {@link #startWaiting()} further up its stack: a sample that
   * completes at once (the embedded engine, an early failure) finishes inside its own start, and
   * the outer loop starts the next instead of recursing once per waiting sample.
   */
  private final ThreadLocal<Boolean> starting = ThreadLocal.withInitial(() -> false);

  InFlightSamples(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the in-flight limit must be >= 1, but was " + limit);
    }
    this.limit = limit;
  }

  /**
   * Takes a sample: started now when fewer than the limit are in flight, else queued and started by
   * the first sample to finish; waits only while {@code limit} samples are queued already.
   *
   * @param start starts the sample; may complete at once (the embedded engine) or much later
   */
  void start(K key, Function<K, CompletableFuture<T>> start) throws InterruptedException {
    synchronized (lock) {
      while (waiting.size() >= limit) {
        waitOrAbandon();
      }
      waiting.add(new Waiting<>(key, start));
    }
    startWaiting();
  }

  /** The samples finished since the last call, without waiting. */
  List<Done<K, T>> takeFinished() {
    synchronized (lock) {
      List<Done<K, T>> taken = new ArrayList<>(finished);
      finished.clear();
      return taken;
    }
  }

  /** Waits until every sample taken has started and finished, then takes them. */
  List<Done<K, T>> awaitAll() throws InterruptedException {
    synchronized (lock) {
      while (inFlight > 0 || !waiting.isEmpty()) {
        waitOrAbandon();
      }
    }
    return takeFinished();
  }

  /**
   * Drops the samples not started yet, so a bundle that failed or a job that was cancelled makes no
   * further model calls from the threads of the samples still in flight.
   */
  void abandonWaiting() {
    synchronized (lock) {
      waiting.clear();
      lock.notifyAll();
    }
  }

  /** Waits on the lock (held); interrupted, as when the job is cancelled, drops the queue. */
  private void waitOrAbandon() throws InterruptedException {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      waiting.clear(); // the queued samples would cost model calls for nothing
      throw e;
    }
  }

  /** Starts queued samples while there is room, outside the lock (a start does real work). */
  private void startWaiting() {
    if (starting.get()) {
      return;
    }
    starting.set(true);
    try {
      while (true) {
        Waiting<K, T> next;
        synchronized (lock) {
          if (inFlight >= limit || waiting.isEmpty()) {
            return;
          }
          next = waiting.poll();
          inFlight++;
          lock.notifyAll(); // room in the queue
        }
        launch(next);
      }
    } finally {
      starting.remove();
    }
  }

  private void launch(Waiting<K, T> sample) {
    CompletableFuture<T> future;
    try {
      future = sample.start().apply(sample.key());
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete(
        (value, error) -> {
          synchronized (lock) {
            inFlight--;
            finished.add(new Done<>(sample.key(), value, error));
            lock.notifyAll();
          }
          startWaiting();
        });
  }
}
