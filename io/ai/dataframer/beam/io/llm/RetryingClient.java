package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Tries a failed call again as its {@link RetryPolicy} says: transient failures only, after capped,
 * jittered exponential back-off or the wait the provider asked for. Waiting goes through an
 * asynchronous {@link Sleeper}, so no thread is held between attempts. When the attempts run out,
 * or the failure is not worth retrying, the call fails with the last error.
 *
 * <p>Place it outside {@link LimitingClient}: each attempt then takes its own concurrency permit
 * and reports its own 429, and a call sleeping between attempts holds no permit.
 */
public final class RetryingClient implements LlmClient {
  private final LlmClient inner;
  private final RetryPolicy policy;
  private final Sleeper sleeper;

  public RetryingClient(LlmClient inner, RetryPolicy policy, Sleeper sleeper) {
    if (inner == null || policy == null || sleeper == null) {
      throw new IllegalArgumentException(
          "a retrying client needs a client, a policy and a sleeper");
    }
    this.inner = inner;
    this.policy = policy;
    this.sleeper = sleeper;
  }

  /** Retries with {@code policy}, waiting on the shared timer thread. */
  public static RetryingClient wrap(LlmClient inner, RetryPolicy policy) {
    return new RetryingClient(inner, policy, Sleeper.scheduled());
  }

  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    attempt(request, 1, result);
    return result;
  }

  private void attempt(ChatRequest request, int attempt, CompletableFuture<ChatResponse> result) {
    ClientCalls.safely(inner, request)
        .whenComplete(
            (response, error) -> {
              if (error == null) {
                result.complete(response);
                return;
              }
              Throwable failure = ClientCalls.unwrap(error);
              Optional<Duration> delay = policy.delayBefore(attempt + 1, failure);
              if (delay.isEmpty()) {
                result.completeExceptionally(failure);
                return;
              }
              sleeper
                  .sleep(delay.get())
                  .whenComplete(
                      (ignored, sleepError) -> {
                        if (sleepError != null) {
                          // The timer failed (shut down): the call's own error is what the caller
                          // needs.
                          failure.addSuppressed(sleepError);
                          result.completeExceptionally(failure);
                        } else {
                          attempt(request, attempt + 1, result);
                        }
                      });
            });
  }

  @Override
  public void close() {
    inner.close();
  }
}
