package ai.dataframer.beam.io.llm.anthropic;

import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.ProviderErrors;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads a 2xx answer of {@code POST /v1/messages} into a {@link ChatResponse}. */
final class AnthropicResponseDecoder {
  private final String modelId;
  private final HttpReply reply;
  private final List<Secret> secrets;

  private AnthropicResponseDecoder(String modelId, HttpReply reply, List<Secret> secrets) {
    this.modelId = modelId;
    this.reply = reply;
    this.secrets = secrets;
  }

  /**
   * The response to the request for catalog id {@code modelId}.
   *
   * @throws LlmException.InvalidResponse when the body is not a Messages API answer
   */
  static ChatResponse decode(String modelId, HttpReply reply, List<Secret> secrets) {
    return new AnthropicResponseDecoder(modelId, reply, secrets).decode();
  }

  private ChatResponse decode() {
    JsonNode root = parse();
    JsonNode content = root.get("content");
    if (content == null || !content.isArray()) {
      throw invalid("the answer has no content array");
    }
    StringBuilder text = new StringBuilder();
    List<ContentPart.ToolCall> toolCalls = new ArrayList<>();
    List<ContentPart.ProviderBlock> thinking = new ArrayList<>();
    for (JsonNode block : content) {
      switch (block.path("type").asText("")) {
        case "text":
          text.append(textual(block, "text"));
          break;
        case "tool_use":
          toolCalls.add(toolCall(block));
          break;
        case "thinking":
        case "redacted_thinking":
          // The model's reasoning, not its answer; kept signed and whole because a thinking model's
          // next turn in a tool loop must start with it.
          thinking.add(
              new ContentPart.ProviderBlock(ModelProvider.ANTHROPIC.name(), block.toString()));
          break;
        default:
          // Server tool blocks (web search and the like) are never requested by this client.
          break;
      }
    }
    String rawStopReason = root.path("stop_reason").asText("");
    return new ChatResponse(
        modelId,
        text.toString(),
        toolCalls,
        stopReason(rawStopReason),
        rawStopReason,
        usage(root.path("usage")),
        thinking);
  }

  /**
   * The body as a JSON object. Jackson's own message quotes the offending token, which could be
   * anything the server echoed, so only the position is kept and the parser error is not the cause.
   */
  private JsonNode parse() {
    JsonNode root;
    try {
      root = AnthropicJson.MAPPER.readTree(reply.body());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw invalid("the answer is not valid JSON" + where);
    }
    if (root == null || !root.isObject()) {
      throw invalid("the answer is not a JSON object");
    }
    return root;
  }

  private ContentPart.ToolCall toolCall(JsonNode block) {
    String id = textual(block, "id");
    String name = textual(block, "name");
    JsonNode input = block.get("input");
    if (input != null && !input.isObject()) {
      throw invalid("a tool_use block has an input that is not an object");
    }
    if (id.isEmpty() || name.isEmpty()) {
      throw invalid("a tool_use block has no id or name");
    }
    return new ContentPart.ToolCall(id, name, input == null ? "{}" : input.toString());
  }

  private static StopReason stopReason(String raw) {
    switch (raw) {
      case "end_turn":
        return StopReason.END_TURN;
      case "max_tokens":
        return StopReason.MAX_TOKENS;
      case "tool_use":
        return StopReason.TOOL_USE;
      case "stop_sequence":
        return StopReason.STOP_SEQUENCE;
      case "refusal":
        return StopReason.REFUSED;
      default:
        // pause_turn, model_context_window_exceeded and whatever comes next: the raw value says.
        return StopReason.OTHER;
    }
  }

  /**
   * Anthropic reports cache reads and writes apart from {@code input_tokens}, as Usage counts them;
   * thinking is inside {@code output_tokens} and not reported on its own, so reasoning stays 0.
   */
  private Usage usage(JsonNode usage) {
    try {
      return new Usage(
          tokens(usage, "input_tokens"),
          tokens(usage, "output_tokens"),
          tokens(usage, "cache_read_input_tokens"),
          tokens(usage, "cache_creation_input_tokens"),
          0);
    } catch (IllegalArgumentException negative) {
      throw invalid("the answer reports negative token counts");
    }
  }

  /** A missing or null count (cache fields on old models) is 0. */
  private long tokens(JsonNode usage, String field) {
    JsonNode count = usage.get(field);
    if (count == null || count.isNull()) {
      return 0;
    }
    if (!count.isIntegralNumber()) {
      throw invalid("usage." + field + " is not a whole number");
    }
    return count.asLong();
  }

  /** Called only for text and tool_use blocks, so the type in the message is one of ours. */
  private String textual(JsonNode block, String field) {
    JsonNode value = block.get(field);
    if (value == null || !value.isTextual()) {
      throw invalid("a " + block.path("type").asText() + " block has no " + field + " string");
    }
    return value.asText();
  }

  private LlmException.InvalidResponse invalid(String what) {
    return ProviderErrors.invalid(AnthropicClient.PROVIDER, reply, what, secrets, null);
  }
}
