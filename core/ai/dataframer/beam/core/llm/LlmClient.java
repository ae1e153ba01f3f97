package ai.dataframer.beam.core.llm;

import java.util.concurrent.CompletableFuture;

/**
 * A chat model behind one call. Implementations never block the caller: the future completes when
 * the model has answered, or exceptionally with an {@link LlmException}. Retries, concurrency
 * limits, caching and metering are decorators implementing this same interface, so a stage is
 * written once against it whatever provider and policies are configured.
 */
public interface LlmClient extends AutoCloseable {
  CompletableFuture<ChatResponse> chat(ChatRequest request);

  /** Releases connections and threads; the default has none. */
  @Override
  default void close() {}
}
