package ai.dataframer.beam.core.llm;

import java.io.Serializable;

/** A piece of a message: text, a tool call the model made, or the result we send back for one. */
public sealed interface ContentPart extends Serializable
    permits ContentPart.Text,
        ContentPart.ToolCall,
        ContentPart.ToolResult,
        ContentPart.ProviderBlock {

  /**
   * @param text the text
   * @param cachePoint true when everything up to and including this part is a stable prefix worth
   *     caching (Anthropic {@code cache_control}); providers that cache on their own ignore it
   */
  record Text(String text, boolean cachePoint) implements ContentPart {
    public Text {
      if (text == null) {
        throw new IllegalArgumentException("text must not be null");
      }
    }

    public Text(String text) {
      this(text, false);
    }
  }

  /**
   * @param id the provider's id for the call, echoed in its result
   * @param name the tool's name
   * @param argumentsJson the arguments, a JSON object as text
   */
  record ToolCall(String id, String name, String argumentsJson) implements ContentPart {
    public ToolCall {
      if (id == null || id.isEmpty() || name == null || name.isEmpty()) {
        throw new IllegalArgumentException("a tool call needs an id and a name");
      }
      if (argumentsJson == null || argumentsJson.isBlank()) {
        argumentsJson = "{}";
      }
    }
  }

  /**
   * @param toolCallId the id of the call this answers
   * @param toolName the tool's name (Gemini matches results by name, not id)
   * @param content the result as text
   * @param isError true when the tool failed and {@code content} says why
   */
  record ToolResult(String toolCallId, String toolName, String content, boolean isError)
      implements ContentPart {
    public ToolResult {
      if (toolCallId == null || toolCallId.isEmpty() || toolName == null || toolName.isEmpty()) {
        throw new IllegalArgumentException("a tool result needs the call's id and the tool's name");
      }
      if (content == null) {
        content = "";
      }
    }
  }

  /**
   * A block of the assistant's turn that only its provider understands and that must be sent back
   * unchanged in the next turn: Anthropic's signed {@code thinking} and {@code redacted_thinking}
   * blocks (a thinking model's tool loop is refused without them), Gemini's thought signatures.
   * Never part of the answer's text.
   *
   * @param provider the provider that wrote it ({@code ModelProvider} name); others drop it
   * @param json the block as the provider sent it, JSON text
   */
  record ProviderBlock(String provider, String json) implements ContentPart {
    public ProviderBlock {
      if (provider == null || provider.isEmpty() || json == null || json.isBlank()) {
        throw new IllegalArgumentException("a provider block needs its provider and its JSON");
      }
    }
  }
}
