package ai.dataframer.beam.core.llm;

import java.io.Serializable;
import java.util.List;

/**
 * One turn of a conversation. The system prompt is not a message: it is {@link
 * ChatRequest#system()}.
 *
 * @param role who speaks
 * @param parts text, the assistant's tool calls, or the user's tool results, in order
 */
public record ChatMessage(Role role, List<ContentPart> parts) implements Serializable {
  public enum Role {
    USER,
    ASSISTANT
  }

  public ChatMessage {
    if (role == null) {
      throw new IllegalArgumentException("a message needs a role");
    }
    if (parts == null || parts.isEmpty()) {
      throw new IllegalArgumentException("a " + role + " message needs at least one part");
    }
    parts = List.copyOf(parts);
    for (ContentPart part : parts) {
      if ((part instanceof ContentPart.ToolCall || part instanceof ContentPart.ProviderBlock)
          && role != Role.ASSISTANT) {
        throw new IllegalArgumentException("only the assistant makes tool calls and thinks");
      }
      if (part instanceof ContentPart.ToolResult && role != Role.USER) {
        throw new IllegalArgumentException("tool results are sent in a user message");
      }
    }
  }

  public static ChatMessage user(String text) {
    return new ChatMessage(Role.USER, List.of(new ContentPart.Text(text)));
  }

  public static ChatMessage assistant(String text) {
    return new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text(text)));
  }

  /** The text parts joined, without tool calls or results. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (ContentPart part : parts) {
      if (part instanceof ContentPart.Text t) {
        text.append(t.text());
      }
    }
    return text.toString();
  }
}
