package ai.dataframer.beam.core.llm;

import java.io.Serializable;
import java.util.List;

/**
 * A model's answer.
 *
 * @param modelId the catalog id the request named
 * @param text the answer's text parts joined (thinking excluded); empty when it only called tools
 * @param toolCalls tool calls, in the order the model made them
 * @param stopReason why it stopped
 * @param rawStopReason the provider's own word for it, for messages and metrics
 * @param usage tokens used by this call
 */
public record ChatResponse(
    String modelId,
    String text,
    List<ContentPart.ToolCall> toolCalls,
    StopReason stopReason,
    String rawStopReason,
    Usage usage) implements Serializable {
  public ChatResponse {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    usage = usage == null ? Usage.NONE : usage;
    if (stopReason == null) {
      throw new IllegalArgumentException("a response needs a stop reason");
    }
  }

  /** The assistant message to put back into the conversation before sending tool results. */
  public ChatMessage asMessage() {
    List<ContentPart> parts = new java.util.ArrayList<>();
    if (!text.isEmpty()) {
      parts.add(new ContentPart.Text(text));
    }
    parts.addAll(toolCalls);
    return new ChatMessage(ChatMessage.Role.ASSISTANT, parts.isEmpty()
        ? List.of(new ContentPart.Text("")) : parts);
  }
}
