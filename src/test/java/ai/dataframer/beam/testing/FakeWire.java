package ai.dataframer.beam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wire formats the fake provider server speaks: it reads each format's request into a {@link
 * FakeCall} and writes answers and errors in the shape the provider documents.
 */
public enum FakeWire {
  /** Anthropic Messages, {@code POST /v1/messages}. */
  ANTHROPIC,
  /**
   * OpenAI Chat Completions (also Together and OpenAI-compatible servers), {@code POST
   * /v1/chat/completions}.
   */
  OPENAI,
  /** Gemini, {@code POST /v1beta/models/{model}:generateContent}. */
  GEMINI,
  /**
   * Databricks Model Serving, {@code POST /serving-endpoints/{name}/invocations}, OpenAI chat body.
   */
  DATABRICKS;

  static final ObjectMapper JSON = new ObjectMapper();

  FakeCall parse(String model, JsonNode body, Map<String, String> headers, String raw) {
    switch (this) {
      case ANTHROPIC:
        return anthropicCall(body, headers, raw);
      case GEMINI:
        return geminiCall(model, body, headers, raw);
      default:
        return openAiCall(this, model, body, headers, raw);
    }
  }

  /** A success body answering {@code call} with {@code reply} (Text or ToolUse). */
  String answer(FakeCall call, FakeReply reply, int callNumber) {
    String text = reply instanceof FakeReply.Text t ? t.text() : "";
    int promptTokens = call.promptTokens();
    int outputTokens = Math.max(1, text.length() / 4);
    switch (this) {
      case ANTHROPIC:
        return anthropicAnswer(call, reply, text, promptTokens, outputTokens, callNumber);
      case GEMINI:
        return geminiAnswer(call, reply, text, promptTokens, outputTokens);
      default:
        return openAiAnswer(call, reply, text, promptTokens, outputTokens, callNumber);
    }
  }

  /** An error body in the provider's shape. */
  String error(int status) {
    ObjectNode body = JSON.createObjectNode();
    switch (this) {
      case ANTHROPIC:
        body.put("type", "error");
        body.putObject("error")
            .put(
                "type",
                status == 429
                    ? "rate_limit_error"
                    : status == 529
                        ? "overloaded_error"
                        : status >= 500
                            ? "api_error"
                            : status == 401 ? "authentication_error" : "invalid_request_error")
            .put("message", "fake error " + status);
        break;
      case GEMINI:
        body.putObject("error")
            .put("code", status)
            .put("message", "fake error " + status)
            .put(
                "status",
                status == 429
                    ? "RESOURCE_EXHAUSTED"
                    : status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT");
        break;
      default:
        body.putObject("error")
            .put("message", "fake error " + status)
            .put(
                "type",
                status == 429
                    ? "rate_limit_exceeded"
                    : status >= 500 ? "server_error" : "invalid_request_error")
            .putNull("code");
    }
    return body.toString();
  }

  private static FakeCall anthropicCall(JsonNode body, Map<String, String> headers, String raw) {
    StringBuilder system = new StringBuilder();
    JsonNode systemNode = body.path("system");
    if (systemNode.isTextual()) {
      system.append(systemNode.asText());
    } else {
      systemNode.forEach(block -> system.append(block.path("text").asText()));
    }
    List<FakeCall.Turn> turns = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      StringBuilder text = new StringBuilder();
      List<String> calls = new ArrayList<>();
      List<String> results = new ArrayList<>();
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        text.append(content.asText());
      }
      for (JsonNode block : content.isArray() ? content : JSON.createArrayNode()) {
        switch (block.path("type").asText()) {
          case "text":
            text.append(block.path("text").asText());
            break;
          case "tool_use":
            calls.add(block.path("name").asText());
            break;
          case "tool_result":
            JsonNode result = block.path("content");
            results.add(result.isTextual() ? result.asText() : joinTexts(result));
            break;
          default:
        }
      }
      turns.add(new FakeCall.Turn(message.path("role").asText(), text.toString(), calls, results));
    }
    JsonNode thinking = body.path("thinking");
    Integer budget = thinking.has("budget_tokens") ? thinking.path("budget_tokens").asInt() : null;
    boolean json =
        body.path("output_config").has("format")
            || system.toString().toLowerCase(java.util.Locale.ROOT).contains("json");
    return new FakeCall(
        ANTHROPIC,
        body.path("model").asText(),
        system.toString(),
        turns,
        names(body.path("tools"), "name"),
        budget,
        null,
        json,
        headers,
        raw,
        body);
  }

  private static FakeCall openAiCall(
      FakeWire wire, String endpoint, JsonNode body, Map<String, String> headers, String raw) {
    StringBuilder system = new StringBuilder();
    List<FakeCall.Turn> turns = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      String role = message.path("role").asText();
      String text = contentText(message.path("content"));
      if (role.equals("system") || role.equals("developer")) {
        system.append(text);
      } else if (role.equals("tool")) {
        // Consecutive tool messages answer one assistant turn: keep them in one user turn.
        FakeCall.Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && last.role().equals("user") && !last.toolResults().isEmpty()) {
          last.toolResults().add(text);
        } else {
          List<String> results = new ArrayList<>();
          results.add(text);
          turns.add(new FakeCall.Turn("user", "", List.of(), results));
        }
      } else {
        turns.add(
            new FakeCall.Turn(
                role,
                text,
                names(message.path("tool_calls"), "function", "name"),
                new ArrayList<>()));
      }
    }
    Integer budget =
        body.path("thinking").has("budget_tokens")
            ? body.path("thinking").path("budget_tokens").asInt()
            : null;
    String effort =
        body.hasNonNull("reasoning_effort")
            ? body.path("reasoning_effort").asText()
            : body.path("reasoning").hasNonNull("effort")
                ? body.path("reasoning").path("effort").asText()
                : null;
    String model = endpoint != null ? endpoint : body.path("model").asText();
    return new FakeCall(
        wire,
        model,
        system.toString(),
        turns,
        names(body.path("tools"), "function", "name"),
        budget,
        effort,
        body.has("response_format"),
        headers,
        raw,
        body);
  }

  private static FakeCall geminiCall(
      String model, JsonNode body, Map<String, String> headers, String raw) {
    String system = joinTexts(body.path("systemInstruction").path("parts"));
    List<FakeCall.Turn> turns = new ArrayList<>();
    for (JsonNode content : body.path("contents")) {
      StringBuilder text = new StringBuilder();
      List<String> calls = new ArrayList<>();
      List<String> results = new ArrayList<>();
      for (JsonNode part : content.path("parts")) {
        if (part.has("text")) {
          text.append(part.path("text").asText());
        } else if (part.has("functionCall")) {
          calls.add(part.path("functionCall").path("name").asText());
        } else if (part.has("functionResponse")) {
          // What the tool returned, as the other wires record it: Gemini wraps it in
          // {"output": ...} (or {"error": ...} for a failed call).
          JsonNode response = part.path("functionResponse").path("response");
          JsonNode returned =
              response.has("output") ? response.get("output") : response.get("error");
          results.add(
              returned != null && returned.isTextual() ? returned.asText() : response.toString());
        }
      }
      String role = content.path("role").asText().equals("model") ? "assistant" : "user";
      turns.add(new FakeCall.Turn(role, text.toString(), calls, results));
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      tools.addAll(names(tool.path("functionDeclarations"), "name"));
    }
    JsonNode config = body.path("generationConfig");
    JsonNode thinking = config.path("thinkingConfig");
    Integer budget =
        thinking.has("thinkingBudget") ? thinking.path("thinkingBudget").asInt() : null;
    boolean json = "application/json".equals(config.path("responseMimeType").asText());
    return new FakeCall(
        GEMINI, model, system, turns, tools, budget, null, json, headers, raw, body);
  }

  private String anthropicAnswer(
      FakeCall call,
      FakeReply reply,
      String text,
      int promptTokens,
      int outputTokens,
      int callNumber) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "msg_fake_" + callNumber)
        .put("type", "message")
        .put("role", "assistant")
        .put("model", call.model());
    ArrayNode content = body.putArray("content");
    if (reply instanceof FakeReply.ToolUse use) {
      content
          .addObject()
          .put("type", "tool_use")
          .put("id", "toolu_fake_" + callNumber)
          .put("name", use.toolName())
          .set("input", parse(use.argumentsJson()));
      body.put("stop_reason", "tool_use");
    } else {
      content.addObject().put("type", "text").put("text", text);
      body.put("stop_reason", "end_turn");
    }
    body.putNull("stop_sequence");
    body.putObject("usage")
        .put("input_tokens", promptTokens)
        .put("output_tokens", outputTokens)
        .put("cache_read_input_tokens", 0)
        .put("cache_creation_input_tokens", 0);
    return body.toString();
  }

  private String openAiAnswer(
      FakeCall call,
      FakeReply reply,
      String text,
      int promptTokens,
      int outputTokens,
      int callNumber) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-fake-" + callNumber)
        .put("object", "chat.completion")
        .put("created", 1_764_547_200L)
        .put("model", call.model());
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (reply instanceof FakeReply.ToolUse use) {
      message.putNull("content");
      message
          .putArray("tool_calls")
          .addObject()
          .put("id", "call_fake_" + callNumber)
          .put("type", "function")
          .putObject("function")
          .put("name", use.toolName())
          .put("arguments", use.argumentsJson());
      choice.put("finish_reason", "tool_calls");
    } else {
      message.put("content", text);
      choice.put("finish_reason", "stop");
    }
    ObjectNode usage = body.putObject("usage");
    usage
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", outputTokens)
        .put("total_tokens", promptTokens + outputTokens);
    usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
    return body.toString();
  }

  private String geminiAnswer(
      FakeCall call, FakeReply reply, String text, int promptTokens, int outputTokens) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode candidate = body.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.put("role", "model");
    if (reply instanceof FakeReply.ToolUse use) {
      content
          .putArray("parts")
          .addObject()
          .putObject("functionCall")
          .put("name", use.toolName())
          .set("args", parse(use.argumentsJson()));
    } else {
      content.putArray("parts").addObject().put("text", text);
    }
    candidate.put("finishReason", "STOP").put("index", 0);
    body.putObject("usageMetadata")
        .put("promptTokenCount", promptTokens)
        .put("candidatesTokenCount", outputTokens)
        .put("totalTokenCount", promptTokens + outputTokens);
    body.put("modelVersion", call.model());
    return body.toString();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("scripted tool arguments are not JSON: " + json, e);
    }
  }

  private static String contentText(JsonNode content) {
    return content.isTextual() ? content.asText() : joinTexts(content);
  }

  private static String joinTexts(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : parts) {
      text.append(part.path("text").asText());
    }
    return text.toString();
  }

  private static List<String> names(JsonNode array, String... path) {
    List<String> names = new ArrayList<>();
    for (JsonNode item : array) {
      JsonNode node = item;
      for (String step : path) {
        node = node.path(step);
      }
      names.add(node.asText());
    }
    return names;
  }
}
