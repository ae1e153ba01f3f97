package ai.dataframer.beam.io.llm.gemini;

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
import java.util.Set;

/** Reads a 2xx {@code generateContent} answer into a {@link ChatResponse}. */
final class GeminiAnswer {
  /** Finish reasons meaning Gemini withheld the answer rather than finished or ran out. */
  private static final Set<String> REFUSALS =
      Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII");

  private final String modelId;
  private final HttpReply reply;
  private final List<Secret> secrets;

  private GeminiAnswer(String modelId, HttpReply reply, List<Secret> secrets) {
    this.modelId = modelId;
    this.reply = reply;
    this.secrets = secrets;
  }

  /**
   * @throws LlmException.InvalidResponse when the body is not JSON or not the documented shape
   */
  static ChatResponse parse(String modelId, HttpReply reply, List<Secret> secrets) {
    return new GeminiAnswer(modelId, reply, secrets).parse();
  }

  private ChatResponse parse() {
    JsonNode root;
    try {
      root = GeminiJson.MAPPER.readTree(reply.body());
    } catch (JsonProcessingException e) {
      throw ProviderErrors.invalid(
          GeminiClient.PROVIDER, reply, "the answer is not JSON", secrets, e);
    }
    if (root == null || !root.isObject()) {
      throw invalid("the answer is not a JSON object");
    }
    Usage usage = usage(root.get("usageMetadata"));
    JsonNode candidates = root.get("candidates");
    if (candidates == null || candidates.isNull() || candidates.isArray() && candidates.isEmpty()) {
      // A blocked prompt has no candidate at all, only the reason in promptFeedback.
      JsonNode blockReason = root.path("promptFeedback").get("blockReason");
      if (blockReason != null && blockReason.isTextual()) {
        return new ChatResponse(
            modelId, "", List.of(), StopReason.REFUSED, blockReason.asText(), usage);
      }
      throw invalid("the answer has no candidates and no block reason");
    }
    if (!candidates.isArray() || !candidates.get(0).isObject()) {
      throw invalid("candidates is not a list of objects");
    }
    return candidate(candidates.get(0), usage);
  }

  private ChatResponse candidate(JsonNode candidate, Usage usage) {
    StringBuilder text = new StringBuilder();
    List<ContentPart.ToolCall> calls = new ArrayList<>();
    // A refused or cut-off candidate may have no content or no parts: that is an empty answer.
    JsonNode parts = candidate.path("content").path("parts");
    if (!parts.isMissingNode() && !parts.isNull() && !parts.isArray()) {
      throw invalid("content.parts is not a list");
    }
    for (JsonNode part : parts) {
      if (part.path("thought").asBoolean(false)) {
        continue; // thought summaries are not the answer
      }
      JsonNode call = part.get("functionCall");
      if (call != null) {
        calls.add(toolCall(call, calls.size(), part.get("thoughtSignature")));
      } else if (part.path("text").isTextual()) {
        text.append(part.get("text").asText());
      }
    }
    JsonNode finish = candidate.get("finishReason");
    if (finish != null && !finish.isNull() && !finish.isTextual()) {
      throw invalid("finishReason is not a string");
    }
    String raw = finish == null || finish.isNull() ? null : finish.asText();
    return new ChatResponse(
        modelId, text.toString(), calls, stopReason(raw, !calls.isEmpty()), raw, usage);
  }

  private ContentPart.ToolCall toolCall(JsonNode call, int index, JsonNode signature) {
    JsonNode name = call.get("name");
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      throw invalid("a functionCall has no name");
    }
    JsonNode args = call.get("args");
    if (args != null && !args.isNull() && !args.isObject()) {
      throw invalid("the args of functionCall '" + name.asText() + "' are not an object");
    }
    String argumentsJson = args == null || args.isNull() ? "{}" : args.toString();
    String signatureText = signature != null && signature.isTextual() ? signature.asText() : null;
    return new ContentPart.ToolCall(
        GeminiCallIds.of(index, signatureText), name.asText(), argumentsJson);
  }

  /** STOP with calls is a tool turn: Gemini has no finish reason of its own for it. */
  static StopReason stopReason(String raw, boolean calledTools) {
    if (raw == null) {
      return StopReason.OTHER;
    }
    if (raw.equals("STOP")) {
      return calledTools ? StopReason.TOOL_USE : StopReason.END_TURN;
    }
    if (raw.equals("MAX_TOKENS")) {
      return StopReason.MAX_TOKENS;
    }
    return REFUSALS.contains(raw) ? StopReason.REFUSED : StopReason.OTHER;
  }

  /**
   * {@code promptTokenCount} includes the cached prefix, and thinking is billed as output though
   * {@code candidatesTokenCount} leaves it out.
   */
  private Usage usage(JsonNode metadata) {
    if (metadata == null || metadata.isNull()) {
      return Usage.NONE;
    }
    if (!metadata.isObject()) {
      throw invalid("usageMetadata is not an object");
    }
    long prompt = count(metadata, "promptTokenCount");
    long cached = count(metadata, "cachedContentTokenCount");
    long candidates = count(metadata, "candidatesTokenCount");
    long thoughts = count(metadata, "thoughtsTokenCount");
    return new Usage(Math.max(0, prompt - cached), candidates + thoughts, cached, 0, thoughts);
  }

  private long count(JsonNode metadata, String field) {
    JsonNode value = metadata.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || value.asLong() < 0) {
      throw invalid("usageMetadata." + field + " is not a token count");
    }
    return value.asLong();
  }

  private LlmException.InvalidResponse invalid(String what) {
    return ProviderErrors.invalid(GeminiClient.PROVIDER, reply, what, secrets, null);
  }
}
