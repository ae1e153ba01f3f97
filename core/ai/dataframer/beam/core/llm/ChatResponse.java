package ai.dataframer.beam.core.llm;

import java.io.Serializable;
import java.util.ArrayList;
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
 * @param providerBlocks blocks the provider needs back in the next turn (signed thinking), in the
 *     order they came, ahead of the text and tool calls
 * @param batchServed whether a provider batch API answered it, billed at batch prices
 *     (docs/ARCHITECTURE.md section 7, "Batch mode")
 */
public record ChatResponse(
    String modelId,
    String text,
    List<ContentPart.ToolCall> toolCalls,
    StopReason stopReason,
    String rawStopReason,
    Usage usage,
    List<ContentPart.ProviderBlock> providerBlocks,
    boolean batchServed)
    implements Serializable {
  public ChatResponse {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    usage = usage == null ? Usage.NONE : usage;
    providerBlocks = providerBlocks == null ? List.of() : List.copyOf(providerBlocks);
    if (stopReason == null) {
      throw new IllegalArgumentException("a response needs a stop reason");
    }
  }

  /** An answer of an online call. */
  public ChatResponse(
      String modelId,
      String text,
      List<ContentPart.ToolCall> toolCalls,
      StopReason stopReason,
      String rawStopReason,
      Usage usage,
      List<ContentPart.ProviderBlock> providerBlocks) {
    this(modelId, text, toolCalls, stopReason, rawStopReason, usage, providerBlocks, false);
  }

  /** The same answer, marked as served by a provider batch API. */
  public ChatResponse asBatchServed() {
    return new ChatResponse(
        modelId, text, toolCalls, stopReason, rawStopReason, usage, providerBlocks, true);
  }

  /** A response with nothing for the provider to get back. */
  public ChatResponse(
      String modelId,
      String text,
      List<ContentPart.ToolCall> toolCalls,
      StopReason stopReason,
      String rawStopReason,
      Usage usage) {
    this(modelId, text, toolCalls, stopReason, rawStopReason, usage, List.of());
  }

  /**
   * The assistant message to put back into the conversation before sending tool results: provider
   * blocks first (Anthropic requires a thinking turn to start with its thinking), then text, then
   * the tool calls.
   */
  public ChatMessage asMessage() {
    List<ContentPart> parts = new ArrayList<>(providerBlocks);
    if (!text.isEmpty()) {
      parts.add(new ContentPart.Text(text));
    }
    parts.addAll(toolCalls);
    return new ChatMessage(
        ChatMessage.Role.ASSISTANT, parts.isEmpty() ? List.of(new ContentPart.Text("")) : parts);
  }
}
