package ai.dataframer.beam.io.llm.openai;

import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.ProviderErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OpenAI Chat Completions answer: {@code choices[0].message} (content, tool calls,
 * refusal), {@code finish_reason} and {@code usage}, as OpenAI, Together, local OpenAI-compatible
 * servers and Databricks Model Serving return them.
 */
public final class ChatCompletionsDecoder {
  private ChatCompletionsDecoder() {}

  /**
   * The response in {@code reply}, or the typed error of a non-2xx status.
   *
   * @param secrets values to scrub from any body excerpt an error carries
   * @throws LlmException for an error status ({@link ProviderErrors#fromReply}) or a 2xx body that
   *     is not a chat completion ({@link LlmException.InvalidResponse})
   */
  public static ChatResponse read(
      String provider, String modelId, HttpReply reply, List<Secret> secrets) {
    if (!reply.isSuccess()) {
      throw ProviderErrors.fromReply(provider, reply, secrets);
    }
    return decode(provider, modelId, reply, secrets);
  }

  /** The response in a 2xx {@code reply}. */
  public static ChatResponse decode(
      String provider, String modelId, HttpReply reply, List<Secret> secrets) {
    JsonNode root;
    try {
      root = ChatCompletionsEncoder.JSON.readTree(reply.body());
    } catch (JsonProcessingException e) {
      throw ProviderErrors.invalid(provider, reply, "the answer is not JSON", secrets, e);
    }
    if (root == null || !root.isObject()) {
      throw ProviderErrors.invalid(
          provider, reply, "the answer is not a JSON object", secrets, null);
    }
    JsonNode choices = root.path("choices");
    if (!choices.isArray() || choices.isEmpty()) {
      throw ProviderErrors.invalid(provider, reply, "the answer has no choices", secrets, null);
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.path("message");
    if (!message.isObject()) {
      throw ProviderErrors.invalid(
          provider, reply, "the first choice has no message", secrets, null);
    }
    try {
      List<ContentPart.ProviderBlock> reasoning = new ArrayList<>();
      String text =
          content(
              message.path("content"), ChatCompletionsEncoder.blockProvider(provider), reasoning);
      List<ContentPart.ToolCall> calls = toolCalls(message.path("tool_calls"));
      String refusal = textOrNull(message.path("refusal"));
      String finish = textOrNull(choice.path("finish_reason"));
      StopReason stop = stopReason(finish, !calls.isEmpty(), refusal != null && !refusal.isEmpty());
      if (stop == StopReason.REFUSED && text.isEmpty() && refusal != null) {
        // Structured outputs put a refusal in its own field; the text is where callers look for
        // why.
        text = refusal;
      }
      return new ChatResponse(
          modelId,
          text,
          calls,
          stop,
          finish == null ? (refusal == null ? "" : "refusal") : finish,
          usage(root.path("usage")),
          reasoning);
    } catch (IllegalArgumentException e) {
      throw ProviderErrors.invalid(
          provider, reply, "the answer is malformed: " + e.getMessage(), secrets, e);
    }
  }

  /**
   * The answer's text. OpenAI sends a string (null beside tool calls); Databricks sends some
   * models' content as a list of blocks, where {@code text} blocks hold the answer and {@code
   * reasoning} blocks the thinking, which is left out of the text and kept whole in {@code
   * reasoning} to be sent back in a tool loop.
   */
  private static String content(
      JsonNode content, String blockProvider, List<ContentPart.ProviderBlock> reasoning) {
    if (content.isMissingNode() || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (!content.isArray()) {
      throw new IllegalArgumentException("message content is neither text nor a list of blocks");
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      String type = textOrNull(block.path("type"));
      if ((type == null || "text".equals(type)) && block.path("text").isTextual()) {
        text.append(block.path("text").asText());
      } else if ("reasoning".equals(type)) {
        reasoning.add(new ContentPart.ProviderBlock(blockProvider, block.toString()));
      }
    }
    return text.toString();
  }

  private static List<ContentPart.ToolCall> toolCalls(JsonNode toolCalls) {
    List<ContentPart.ToolCall> calls = new ArrayList<>();
    if (toolCalls.isMissingNode() || toolCalls.isNull()) {
      return calls;
    }
    if (!toolCalls.isArray()) {
      throw new IllegalArgumentException("tool_calls is not a list");
    }
    for (JsonNode call : toolCalls) {
      JsonNode function = call.path("function");
      String id = textOrNull(call.path("id"));
      if (id == null || id.isEmpty()) {
        // Some local servers leave the id out; the id only has to match the result we send back.
        id = "call_" + calls.size();
      }
      calls.add(
          new ContentPart.ToolCall(
              id, textOrNull(function.path("name")), arguments(function.path("arguments"))));
    }
    return calls;
  }

  /** JSON text per the format; some local servers send the object itself, which is kept as text. */
  private static String arguments(JsonNode arguments) {
    if (arguments.isTextual()) {
      return arguments.asText();
    }
    return arguments.isObject() ? arguments.toString() : null;
  }

  /**
   * {@code finish_reason} in our words. A {@code stop} with tool calls is taken as a tool turn:
   * some OpenAI-compatible servers report {@code stop} even when the model called tools. Claude's
   * own words are understood too, should a gateway pass them through.
   */
  static StopReason stopReason(String finish, boolean calledTools, boolean refused) {
    if (refused) {
      return StopReason.REFUSED;
    }
    if (finish == null) {
      return calledTools ? StopReason.TOOL_USE : StopReason.OTHER;
    }
    switch (finish) {
      case "stop":
      case "end_turn":
        return calledTools ? StopReason.TOOL_USE : StopReason.END_TURN;
      case "length":
      case "max_tokens":
        return StopReason.MAX_TOKENS;
      case "tool_calls":
      case "function_call":
      case "tool_use":
        return StopReason.TOOL_USE;
      case "content_filter":
        return StopReason.REFUSED;
      case "stop_sequence":
        return StopReason.STOP_SEQUENCE;
      default:
        return StopReason.OTHER;
    }
  }

  /**
   * {@code prompt_tokens} counts cached tokens too, so they are taken out of the input; reasoning
   * tokens are part of {@code completion_tokens}, as {@link Usage} wants. Missing details are 0.
   */
  static Usage usage(JsonNode usage) {
    if (!usage.isObject()) {
      return Usage.NONE;
    }
    long prompt = count(usage.path("prompt_tokens"));
    long cached = count(usage.path("prompt_tokens_details").path("cached_tokens"));
    long completion = count(usage.path("completion_tokens"));
    long reasoning = count(usage.path("completion_tokens_details").path("reasoning_tokens"));
    return new Usage(Math.max(0, prompt - cached), completion, cached, 0, reasoning);
  }

  private static long count(JsonNode node) {
    return node.canConvertToLong() ? Math.max(0, node.asLong()) : 0;
  }

  /**
   * The text of a string node; null for null, missing or non-text nodes (asText would say "null").
   */
  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
