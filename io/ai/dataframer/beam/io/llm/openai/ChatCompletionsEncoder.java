package ai.dataframer.beam.io.llm.openai;

import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.JsonOutput;
import ai.dataframer.beam.core.llm.StructuredOutputLimits;
import ai.dataframer.beam.core.llm.ThinkingEffort;
import ai.dataframer.beam.core.llm.ToolSpec;
import ai.dataframer.beam.core.request.ModelProvider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the parts of an OpenAI Chat Completions body that every server speaking the format shares
 * (OpenAI, Together, vLLM / Ollama / llama.cpp, Databricks Model Serving): the messages, the tools
 * and the response format. Each client adds what its server differs on: the model field, the token
 * limit's name, reasoning parameters and whether temperature is allowed.
 */
public final class ChatCompletionsEncoder {
  /** Shared with the decoder: one mapper for the whole format. */
  static final ObjectMapper JSON = new ObjectMapper();

  /** Thinking budgets below this ask for {@code low} ({@link ThinkingEffort}). */
  public static final int LOW_EFFORT_BELOW = ThinkingEffort.LOW_EFFORT_BELOW;

  /** Thinking budgets below this ask for {@code medium} ({@link ThinkingEffort}). */
  public static final int MEDIUM_EFFORT_BELOW = ThinkingEffort.MEDIUM_EFFORT_BELOW;

  /** The budget assumed for a thinking model when the request gives none: {@code medium} effort. */
  public static final int DEFAULT_THINKING_BUDGET = 8192;

  /**
   * Said in front of a failed tool's result: the format has no error flag on a tool message, so the
   * model learns of the failure from the text.
   */
  static final String TOOL_ERROR_PREFIX = "Error: ";

  private ChatCompletionsEncoder() {}

  /** An empty body to add fields to, in the order they are put. */
  public static ObjectNode newBody() {
    return JSON.createObjectNode();
  }

  /**
   * Adds {@code messages}, and {@code tools} and {@code response_format} when the request has them.
   *
   * @param systemRole {@code system}, or {@code developer} where the model wants that instead
   * @param provider the client's provider name: its own reasoning blocks from earlier turns are
   *     sent back (Databricks' Claude endpoints need them in a thinking tool loop), others dropped;
   *     an output schema over its structured-output limits goes in words in the system message
   * @throws IllegalArgumentException when a tool's input schema or the output schema is not a JSON
   *     object
   */
  public static void putConversation(
      ObjectNode body, ChatRequest request, String systemRole, String provider) {
    String blockProvider = blockProvider(provider);
    String inWords =
        StructuredOutputLimits.of(ModelProvider.valueOf(blockProvider))
            .instructionInstead(request.jsonOutput());
    body.set("messages", messages(request, systemRole, blockProvider, inWords));
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec tool : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", tool.name());
        if (!tool.description().isEmpty()) {
          function.put("description", tool.description());
        }
        function.set(
            "parameters", schemaObject(tool.inputSchemaJson(), "tool '" + tool.name() + "'"));
      }
    }
    if (request.jsonOutput() != null) {
      body.set("response_format", responseFormat(request.jsonOutput(), inWords != null));
    }
  }

  /**
   * The {@code reasoning_effort} for a thinking budget, as {@link ThinkingEffort#forBudget} maps
   * it.
   *
   * @param thinkingBudget the request's budget, or null for {@value #DEFAULT_THINKING_BUDGET}
   */
  public static String effortFor(Integer thinkingBudget) {
    return ThinkingEffort.forBudget(thinkingTokens(thinkingBudget));
  }

  /** The tokens to reserve for thinking on top of the answer's limit. */
  public static int thinkingTokens(Integer thinkingBudget) {
    return thinkingBudget == null ? DEFAULT_THINKING_BUDGET : thinkingBudget;
  }

  public static String toJson(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes; reaching here is a bug, not a bad request.
      throw new IllegalStateException("cannot write a chat completions body", e);
    }
  }

  /**
   * The name provider blocks carry for a client's provider name ("openai-compatible" ->
   * OPENAI_COMPATIBLE).
   */
  static String blockProvider(String provider) {
    return provider.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  /**
   * @param schemaInWords the output schema as an instruction, appended to the one system message
   *     (some servers' chat templates take no second one), or null
   */
  private static ArrayNode messages(
      ChatRequest request, String systemRole, String blockProvider, String schemaInWords) {
    ArrayNode messages = JSON.createArrayNode();
    String system = request.system() == null ? "" : request.system();
    if (schemaInWords != null) {
      system = system.isEmpty() ? schemaInWords : system + "\n\n" + schemaInWords;
    }
    if (!system.isEmpty()) {
      // Providers that cache prompts here do it on their own, so systemCachePoint has no field.
      messages.addObject().put("role", systemRole).put("content", system);
    }
    for (ChatMessage message : request.messages()) {
      if (message.role() == ChatMessage.Role.ASSISTANT) {
        addAssistant(messages, message, blockProvider);
      } else {
        addUser(messages, message);
      }
    }
    return messages;
  }

  /**
   * Tool results become {@code tool} messages, placed first: the format wants them right after the
   * assistant message whose calls they answer. Any text of the same turn follows as a user message.
   */
  private static void addUser(ArrayNode messages, ChatMessage message) {
    StringBuilder text = new StringBuilder();
    boolean hasText = false;
    boolean hasResults = false;
    for (ContentPart part : message.parts()) {
      if (part instanceof ContentPart.ToolResult result) {
        hasResults = true;
        messages
            .addObject()
            .put("role", "tool")
            .put("tool_call_id", result.toolCallId())
            .put(
                "content",
                result.isError() ? TOOL_ERROR_PREFIX + result.content() : result.content());
      } else if (part instanceof ContentPart.Text t) {
        hasText = hasText || !t.text().isEmpty();
        text.append(t.text());
      }
    }
    if (hasText || !hasResults) {
      messages.addObject().put("role", "user").put("content", text.toString());
    }
  }

  private static void addAssistant(ArrayNode messages, ChatMessage message, String blockProvider) {
    List<ContentPart.ToolCall> calls = new ArrayList<>();
    List<JsonNode> reasoning = new ArrayList<>();
    for (ContentPart part : message.parts()) {
      if (part instanceof ContentPart.ToolCall call) {
        calls.add(call);
      } else if (part instanceof ContentPart.ProviderBlock block
          && block.provider().equals(blockProvider)) {
        reasoning.add(schemaObject(block.json(), "a reasoning block"));
      }
    }
    String text = message.text();
    ObjectNode out = messages.addObject().put("role", "assistant");
    if (!reasoning.isEmpty()) {
      // Reasoning goes back as content blocks ahead of the text, as the server sent it.
      ArrayNode content = out.putArray("content");
      reasoning.forEach(content::add);
      if (!text.isEmpty()) {
        content.addObject().put("type", "text").put("text", text);
      }
    } else if (calls.isEmpty()) {
      out.put("content", text);
      return;
    } else if (text.isEmpty()) {
      // With tool calls the content may be null, as the API itself returns such a message.
      out.putNull("content");
    } else {
      out.put("content", text);
    }
    if (calls.isEmpty()) {
      return;
    }
    ArrayNode toolCalls = out.putArray("tool_calls");
    for (ContentPart.ToolCall call : calls) {
      toolCalls
          .addObject()
          .put("id", call.id())
          .put("type", "function")
          .putObject("function")
          .put("name", call.name())
          // The format carries arguments as JSON text, not as an object.
          .put("arguments", call.argumentsJson());
    }
  }

  /**
   * @param schemaInWords the schema went into the system message: ask for any JSON object
   */
  private static ObjectNode responseFormat(JsonOutput output, boolean schemaInWords) {
    ObjectNode format = JSON.createObjectNode();
    if (!output.hasSchema() || schemaInWords) {
      return format.put("type", "json_object");
    }
    format.put("type", "json_schema");
    ObjectNode schema = format.putObject("json_schema");
    schema.put("name", output.schemaName());
    schema.set(
        "schema", schemaObject(output.schemaJson(), "JSON output '" + output.schemaName() + "'"));
    schema.put("strict", true);
    return format;
  }

  private static JsonNode schemaObject(String schemaJson, String owner) {
    JsonNode schema;
    try {
      schema = JSON.readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(owner + " has a schema that is not valid JSON", e);
    }
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException(owner + " has a schema that is not a JSON object");
    }
    return schema;
  }
}
