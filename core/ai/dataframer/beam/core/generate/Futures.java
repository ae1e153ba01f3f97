package ai.dataframer.beam.core.generate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Small helpers for chains of futures that never block. */
final class Futures {
  private Futures() {}

  /** The cause behind the wrappers that futures add. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The future {@code step} returns, or a failed one when it throws instead (or returns null). */
  static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> step) {
    try {
      CompletableFuture<T> future = step.get();
      return future != null
          ? future
          : CompletableFuture.failedFuture(new IllegalStateException("a step returned no future"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
