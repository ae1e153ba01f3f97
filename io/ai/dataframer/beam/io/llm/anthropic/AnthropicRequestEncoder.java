package ai.dataframer.beam.io.llm.anthropic;

import ai.dataframer.beam.core.llm.CatalogEntry;
import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.JsonOutput;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.StructuredOutputLimits;
import ai.dataframer.beam.core.llm.ThinkingEffort;
import ai.dataframer.beam.core.llm.ToolSpec;
import ai.dataframer.beam.core.request.ModelProvider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link ChatRequest} as the body of {@code POST /v1/messages} (Anthropic Messages API,
 * version 2023-06-01).
 */
final class AnthropicRequestEncoder {
  /** Anthropic's temperature range is [0, 1]; ChatRequest allows up to 2, the OpenAI range. */
  static final double MAX_TEMPERATURE = 1.0;

  /**
   * Sent as a system block when the caller wants JSON but gives no schema. Structured outputs
   * ({@code output_config.format}) need a schema whose objects all set {@code additionalProperties:
   * false}, so none can mean "any object"; the request asks in words instead. Prefilling the answer
   * with "{" is no alternative: thinking models refuse a prefilled assistant turn.
   */
  static final String JSON_INSTRUCTION =
      "Answer with exactly one JSON object and nothing else: no prose before or after it and no"
          + " Markdown code fences.";

  private AnthropicRequestEncoder() {}

  /**
   * The request body.
   *
   * @throws IllegalArgumentException when a tool schema, tool call arguments or the JSON output
   *     schema is not valid JSON
   */
  static String encode(ChatRequest request, ModelRoute route) {
    ObjectNode body = AnthropicJson.MAPPER.createObjectNode();
    body.put("model", route.apiModel());
    if (route.thinking()) {
      int budget =
          request.thinkingBudget() != null
              ? request.thinkingBudget()
              : ChatRequest.MIN_THINKING_BUDGET;
      // Thinking tokens count against max_tokens, which must exceed the budget; adding the budget
      // keeps maxOutputTokens for the answer itself, as ChatRequest defines it.
      body.put("max_tokens", (long) request.maxOutputTokens() + budget);
      ObjectNode thinking = body.putObject("thinking");
      if (route.capabilities().thinkingStyle() == CatalogEntry.ThinkingStyle.ADAPTIVE) {
        // Opus and Sonnet 4.6 deprecate {type: enabled, budget_tokens} (newer Claude models
        // refuse it) for adaptive thinking, which takes an effort instead of a budget
        // (platform.claude.com, "Adaptive thinking"); the catalog marks which models.
        thinking.put("type", "adaptive");
        body.putObject("output_config").put("effort", ThinkingEffort.forBudget(budget));
      } else {
        thinking.put("type", "enabled");
        thinking.put("budget_tokens", budget);
      }
      // No temperature: Anthropic rejects one with thinking.
    } else {
      body.put("max_tokens", request.maxOutputTokens());
      if (request.temperature() != null) {
        body.put("temperature", Math.min(request.temperature(), MAX_TEMPERATURE));
      }
    }
    // The output schema in words when structured outputs would refuse it, else null: a record
    // with more than 16 nullable fields has more union types than Anthropic compiles, and sent as a
    // constraint it would fail every call (docs/ARCHITECTURE.md section 7, "Structured outputs").
    String schemaInWords =
        StructuredOutputLimits.of(route.capabilities().structuredOutputLimits())
            .instructionInstead(request.jsonOutput());
    ArrayNode system = systemBlocks(request, schemaInWords);
    if (!system.isEmpty()) {
      body.set("system", system);
    }
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages.add(message(message));
    }
    if (!request.tools().isEmpty()) {
      // No tool_choice: the default "auto" lets the model answer or call, and the forcing choices
      // ("any", "tool") are refused when thinking is on.
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec tool : request.tools()) {
        ObjectNode spec = tools.addObject();
        spec.put("name", tool.name());
        spec.put("description", tool.description());
        spec.set(
            "input_schema",
            parse(tool.inputSchemaJson(), "the input schema of tool '" + tool.name() + "'"));
      }
    }
    JsonOutput json = request.jsonOutput();
    if (json != null && json.hasSchema() && schemaInWords == null) {
      // Structured outputs: constrained decoding of the final text to the schema. It constrains
      // only the answer, not thinking or tool calls, so it works with both.
      ObjectNode outputConfig =
          body.has("output_config")
              ? (ObjectNode) body.get("output_config")
              : body.putObject("output_config");
      ObjectNode format = outputConfig.putObject("format");
      format.put("type", "json_schema");
      format.set(
          "schema", parse(json.schemaJson(), "the JSON output schema '" + json.schemaName() + "'"));
    }
    try {
      return AnthropicJson.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an Anthropic request body", e);
    }
  }

  /**
   * The system prompt as text blocks: a block can carry {@code cache_control}, a plain string
   * cannot. The JSON instruction comes after the prompt so it does not change the cached prefix.
   */
  private static ArrayNode systemBlocks(ChatRequest request, String schemaInWords) {
    ArrayNode blocks = AnthropicJson.MAPPER.createArrayNode();
    if (request.system() != null && !request.system().isBlank()) {
      ObjectNode block = textBlock(request.system());
      if (request.systemCachePoint()) {
        markCachePoint(block);
      }
      blocks.add(block);
    }
    if (request.jsonOutput() != null && !request.jsonOutput().hasSchema()) {
      blocks.add(textBlock(JSON_INSTRUCTION));
    }
    if (schemaInWords != null) {
      blocks.add(textBlock(schemaInWords));
    }
    return blocks;
  }

  private static ObjectNode message(ChatMessage message) {
    ObjectNode node = AnthropicJson.MAPPER.createObjectNode();
    node.put("role", message.role().name().toLowerCase(Locale.ROOT));
    ArrayNode content = node.putArray("content");
    for (ContentPart part : ordered(message)) {
      content.add(block(part));
    }
    return node;
  }

  /**
   * The parts in the order Anthropic accepts: in a user message, tool results come before any text.
   * Blank text is dropped when the message has other content, since Anthropic rejects blank text
   * blocks (an assistant turn that only called tools comes back from ChatResponse with none).
   */
  private static List<ContentPart> ordered(ChatMessage message) {
    List<ContentPart> results = new ArrayList<>();
    List<ContentPart> others = new ArrayList<>();
    for (ContentPart part : message.parts()) {
      if (part instanceof ContentPart.ProviderBlock block
          && !block.provider().equals(ModelProvider.ANTHROPIC.name())) {
        continue; // another provider's reasoning means nothing here
      }
      (part instanceof ContentPart.ToolResult ? results : others).add(part);
    }
    List<ContentPart> parts = new ArrayList<>(results);
    parts.addAll(others);
    List<ContentPart> nonBlank = new ArrayList<>();
    for (ContentPart part : parts) {
      if (!(part instanceof ContentPart.Text text && text.text().isBlank())) {
        nonBlank.add(part);
      }
    }
    return nonBlank.isEmpty() ? parts : nonBlank;
  }

  private static ObjectNode block(ContentPart part) {
    if (part instanceof ContentPart.Text text) {
      ObjectNode block = textBlock(text.text());
      if (text.cachePoint()) {
        markCachePoint(block);
      }
      return block;
    }
    if (part instanceof ContentPart.ProviderBlock thinking) {
      // Sent back exactly as received: the signature covers the block.
      return (ObjectNode) parse(thinking.json(), "a thinking block");
    }
    if (part instanceof ContentPart.ToolCall call) {
      ObjectNode block = AnthropicJson.MAPPER.createObjectNode();
      block.put("type", "tool_use");
      block.put("id", call.id());
      block.put("name", call.name());
      block.set(
          "input", parse(call.argumentsJson(), "the arguments of tool call '" + call.id() + "'"));
      return block;
    }
    ContentPart.ToolResult result = (ContentPart.ToolResult) part;
    ObjectNode block = AnthropicJson.MAPPER.createObjectNode();
    block.put("type", "tool_result");
    block.put("tool_use_id", result.toolCallId());
    block.put("content", result.content());
    block.put("is_error", result.isError());
    return block;
  }

  private static ObjectNode textBlock(String text) {
    ObjectNode block = AnthropicJson.MAPPER.createObjectNode();
    block.put("type", "text");
    block.put("text", text);
    return block;
  }

  /** Everything up to and including this block becomes a cached prefix (5-minute default TTL). */
  private static void markCachePoint(ObjectNode block) {
    block.putObject("cache_control").put("type", "ephemeral");
  }

  /** The caller's JSON text as a tree; the message names what it was, never its content. */
  private static JsonNode parse(String json, String what) {
    JsonNode node;
    try {
      node = AnthropicJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON", e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    return node;
  }
}
