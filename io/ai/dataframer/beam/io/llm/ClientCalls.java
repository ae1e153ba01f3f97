package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What every decorator does around its inner client's call. */
final class ClientCalls {
  private ClientCalls() {}

  /**
   * The inner call as a future, also when the client broke its contract and threw or returned null:
   * a decorator that holds a permit or counts a call must see every ending through the future.
   */
  static CompletableFuture<ChatResponse> safely(LlmClient client, ChatRequest request) {
    try {
      CompletableFuture<ChatResponse> call = client.chat(request);
      return call != null
          ? call
          : CompletableFuture.failedFuture(
              new IllegalStateException("the client returned no future"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The error a future or executor wrapped. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The future {@code start} returns, or a failed one when it throws or returns null. */
  static <T> CompletableFuture<T> orFailure(
      java.util.function.Supplier<CompletableFuture<T>> start) {
    try {
      CompletableFuture<T> started = start.get();
      return started != null
          ? started
          : CompletableFuture.failedFuture(new IllegalStateException("no future was returned"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
