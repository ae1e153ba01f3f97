package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A fake model: answers each call with the next scripted outcome and records the requests. */
final class ScriptedClient implements LlmClient {
  private final Deque<Object> script = new ArrayDeque<>();
  private final Function<ChatRequest, Object> fallback;
  private final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private boolean closed;

  /** Answers every unscripted call with {@link #answer}. */
  ScriptedClient() {
    this(request -> answer(request, "ok"));
  }

  /** Answers every unscripted call with what {@code fallback} gives: a response or a throwable. */
  ScriptedClient(Function<ChatRequest, Object> fallback) {
    this.fallback = fallback;
  }

  static ChatResponse answer(ChatRequest request, String text) {
    return new ChatResponse(
        request.modelId(),
        text,
        List.of(),
        StopReason.END_TURN,
        "end_turn",
        new Usage(100, 20, 0, 0, 0));
  }

  /** The next calls fail with these errors, in order. */
  ScriptedClient thenFail(Throwable... errors) {
    script.addAll(List.of(errors));
    return this;
  }

  /** The next call answers with this response. */
  ScriptedClient thenAnswer(ChatResponse response) {
    script.add(response);
    return this;
  }

  @Override
  public synchronized CompletableFuture<ChatResponse> chat(ChatRequest request) {
    requests.add(request);
    Object outcome = script.isEmpty() ? fallback.apply(request) : script.pollFirst();
    return outcome instanceof Throwable error
        ? CompletableFuture.failedFuture(error)
        : CompletableFuture.completedFuture((ChatResponse) outcome);
  }

  int calls() {
    return requests.size();
  }

  List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
