package ai.dataframer.beam.io.llm;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits without holding a thread: the future completes once {@code duration} has passed. Retry
 * back-off and rate-limit waits go through this, so hundreds of calls can wait on one worker while
 * its threads keep working, and tests pass a fake that records the wait and completes at once.
 */
@FunctionalInterface
public interface Sleeper {
  CompletableFuture<Void> sleep(Duration duration);

  /**
   * Waits on one shared daemon timer thread. The future completes on that thread, so what follows a
   * sleep must not block (the model clients do not: they hand the call to the HTTP transport).
   */
  static Sleeper scheduled() {
    return SharedTimer::sleep;
  }
}

/**
 * The JVM-wide timer behind {@link Sleeper#scheduled()}: one daemon thread that only wakes futures.
 */
final class SharedTimer {
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "dataframer-llm-timer");
            thread.setDaemon(true);
            return thread;
          });

  private SharedTimer() {}

  static CompletableFuture<Void> sleep(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    SCHEDULER.schedule(() -> done.complete(null), duration.toNanos(), TimeUnit.NANOSECONDS);
    return done;
  }
}
