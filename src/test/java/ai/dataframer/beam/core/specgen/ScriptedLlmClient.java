package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A model that gives scripted answers in order and records every request: a fake, not a mock. */
final class ScriptedLlmClient implements LlmClient {
  static final Usage USAGE_PER_CALL = new Usage(1000, 200, 0, 0, 50);

  private final Deque<Object> script = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();

  /** Answers with this text, ending its turn. */
  ScriptedLlmClient answer(String text) {
    script.add(
        new ChatResponse(
            "scripted", text, List.of(), StopReason.END_TURN, "end_turn", USAGE_PER_CALL));
    return this;
  }

  ScriptedLlmClient respond(ChatResponse response) {
    script.add(response);
    return this;
  }

  /** Fails the call with this exception. */
  ScriptedLlmClient fail(RuntimeException error) {
    script.add(error);
    return this;
  }

  List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public synchronized CompletableFuture<ChatResponse> chat(ChatRequest request) {
    requests.add(request);
    Object next = script.poll();
    if (next == null) {
      return CompletableFuture.failedFuture(
          new AssertionError("the script has no answer for call " + requests.size()));
    }
    if (next instanceof RuntimeException error) {
      return CompletableFuture.failedFuture(error);
    }
    return CompletableFuture.completedFuture((ChatResponse) next);
  }
}
