package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A scripted model: records every request and answers it with the handler of its prompt's kind,
 * read from the task marker ({@code TASK: critique:consistency} is kind "critique", detail
 * "consistency"). A handler returns answer text, a {@link ChatResponse}, a list of tool calls, or a
 * throwable to fail the call with. Every answer uses {@link #USAGE}.
 */
final class FakeModel implements LlmClient {
  static final Usage USAGE = new Usage(100, 10, 0, 0, 0);

  /** One request as a handler sees it. */
  record Call(ChatRequest request, int number) {
    /** The task text of the first user message (the last of its parts). */
    String task() {
      List<ContentPart> parts = request.messages().get(0).parts();
      return ((ContentPart.Text) parts.get(parts.size() - 1)).text();
    }

    /** The seed example block that opens the prompt, or null. */
    ContentPart.Text examples() {
      List<ContentPart> parts = request.messages().get(0).parts();
      return parts.size() < 2 ? null : (ContentPart.Text) parts.get(0);
    }

    String marker() {
      return PromptTemplates.markerOf(task());
    }

    String kind() {
      String marker = marker();
      int colon = marker.indexOf(':');
      return colon < 0 ? marker : marker.substring(0, colon);
    }

    String detail() {
      String marker = marker();
      int colon = marker.indexOf(':');
      return colon < 0 ? null : marker.substring(colon + 1);
    }

    ChatMessage last() {
      return request.messages().get(request.messages().size() - 1);
    }

    /** True for the re-ask after an answer that did not parse. */
    boolean isRepair() {
      return request.messages().size() > 1
          && last().role() == ChatMessage.Role.USER
          && last().text().startsWith("TASK: repair");
    }

    /** True for the call that carries tool results. */
    boolean isToolFollowUp() {
      return last().parts().get(0) instanceof ContentPart.ToolResult;
    }

    /** Everything the prompt says, parts and messages joined. */
    String allText() {
      StringBuilder text = new StringBuilder();
      for (ChatMessage message : request.messages()) {
        text.append(message.text()).append('\n');
      }
      return text.toString();
    }
  }

  private final Map<String, Function<Call, Object>> handlers = new HashMap<>();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  /** Answers prompts of {@code kind} (or of one exact marker such as "critique:consistency"). */
  FakeModel on(String kindOrMarker, Function<Call, Object> handler) {
    handlers.put(kindOrMarker, handler);
    return this;
  }

  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    Call call = new Call(request, calls.size() + 1);
    calls.add(call);
    Function<Call, Object> handler = handlers.get(call.marker());
    if (handler == null) {
      handler = handlers.get(call.kind());
    }
    if (handler == null) {
      return CompletableFuture.failedFuture(
          new AssertionError("no fake answer for prompt " + call.marker()));
    }
    Object answer;
    try {
      answer = handler.apply(call);
    } catch (RuntimeException | AssertionError e) {
      return CompletableFuture.failedFuture(e);
    }
    if (answer instanceof Throwable error) {
      return CompletableFuture.failedFuture(error);
    }
    return CompletableFuture.completedFuture(response(request, answer));
  }

  @SuppressWarnings("unchecked")
  private static ChatResponse response(ChatRequest request, Object answer) {
    if (answer instanceof ChatResponse response) {
      return response;
    }
    if (answer instanceof List<?> toolCalls) {
      return new ChatResponse(
          request.modelId(),
          "",
          (List<ContentPart.ToolCall>) toolCalls,
          StopReason.TOOL_USE,
          "tool_use",
          USAGE);
    }
    return new ChatResponse(
        request.modelId(), (String) answer, List.of(), StopReason.END_TURN, "end_turn", USAGE);
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> calls(String kind) {
    return calls().stream().filter(call -> call.kind().equals(kind)).toList();
  }
}
