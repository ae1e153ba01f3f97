package ai.dataframer.beam.io.llm.gemini;

import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.JsonOutput;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.StructuredOutputLimits;
import ai.dataframer.beam.core.llm.ToolSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * A {@link ChatRequest} as a {@code generateContent} body.
 *
 * <p>Cache points are not sent: Gemini caches long identical prefixes on its own (implicit caching)
 * and reports the hits in {@code cachedContentTokenCount}.
 */
final class GeminiRequestBody {
  /**
   * The signature the docs give for a function call Gemini did not make (or whose signature was
   * lost), so strict validation of the current turn lets it through.
   */
  static final String NO_SIGNATURE = "skip_thought_signature_validator";

  private GeminiRequestBody() {}

  /**
   * @throws IllegalArgumentException when a schema or a tool call's arguments are not JSON objects
   */
  static String json(ChatRequest request, ModelRoute route) {
    ObjectNode body = GeminiJson.MAPPER.createObjectNode();
    String inWords = StructuredOutputLimits.GEMINI.instructionInstead(request.jsonOutput());
    if ((request.system() != null && !request.system().isEmpty()) || inWords != null) {
      ArrayNode parts = body.putObject("systemInstruction").putArray("parts");
      if (request.system() != null && !request.system().isEmpty()) {
        parts.addObject().put("text", request.system());
      }
      if (inWords != null) {
        // A schema outside the documented subset goes in words (docs/ARCHITECTURE.md section 7).
        parts.addObject().put("text", inWords);
      }
    }
    ArrayNode contents = body.putArray("contents");
    for (ChatMessage message : request.messages()) {
      ObjectNode content = content(message);
      // Gemini refuses empty text parts and takes consecutive turns of one role, so a message with
      // nothing in it (the empty answer of a refusal, say) is left out rather than sent empty.
      if (!content.get("parts").isEmpty()) {
        contents.add(content);
      }
    }
    if (!request.tools().isEmpty()) {
      ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
      for (ToolSpec tool : request.tools()) {
        declarations.add(declaration(tool));
      }
    }
    body.set("generationConfig", generationConfig(request, route, inWords == null));
    try {
      return GeminiJson.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode content(ChatMessage message) {
    ObjectNode content = GeminiJson.MAPPER.createObjectNode();
    content.put("role", message.role() == ChatMessage.Role.USER ? "user" : "model");
    ArrayNode parts = content.putArray("parts");
    boolean firstCall = true;
    for (ContentPart part : message.parts()) {
      if (part instanceof ContentPart.Text text) {
        if (!text.text().isEmpty()) {
          parts.addObject().put("text", text.text());
        }
      } else if (part instanceof ContentPart.ToolCall call) {
        parts.add(functionCall(call, firstCall));
        firstCall = false;
      } else if (part instanceof ContentPart.ToolResult result) {
        parts.add(functionResponse(result));
      }
    }
    return content;
  }

  /**
   * The call as Gemini made it. Its signature goes back on the same part; the first call of a turn
   * must have one, so a call without (not made by Gemini) gets the documented placeholder.
   */
  private static ObjectNode functionCall(ContentPart.ToolCall call, boolean firstOfTurn) {
    ObjectNode part = GeminiJson.MAPPER.createObjectNode();
    ObjectNode functionCall = part.putObject("functionCall");
    functionCall.put("name", call.name());
    functionCall.set(
        "args",
        GeminiJson.object(
            call.argumentsJson(), "the arguments of tool call '" + call.name() + "'"));
    String signature = GeminiCallIds.signature(call.id()).orElse(firstOfTurn ? NO_SIGNATURE : null);
    if (signature != null) {
      part.put("thoughtSignature", signature);
    }
    return part;
  }

  /**
   * A tool's text result, matched to its call by the tool's name (Gemini has no call ids). The docs
   * read an {@code output} key as the function's output and an {@code error} key as its failure, so
   * the text goes in {@code {"output": text}}, or {@code {"error": text}} when the tool failed.
   */
  private static ObjectNode functionResponse(ContentPart.ToolResult result) {
    ObjectNode part = GeminiJson.MAPPER.createObjectNode();
    ObjectNode functionResponse = part.putObject("functionResponse");
    functionResponse.put("name", result.toolName());
    functionResponse
        .putObject("response")
        .put(result.isError() ? "error" : "output", result.content());
    return part;
  }

  /**
   * {@code parametersJsonSchema} rather than {@code parameters}: the spec is JSON Schema, and
   * {@code parameters} takes only an OpenAPI subset.
   */
  private static ObjectNode declaration(ToolSpec tool) {
    ObjectNode declaration = GeminiJson.MAPPER.createObjectNode();
    declaration.put("name", tool.name());
    if (!tool.description().isEmpty()) {
      declaration.put("description", tool.description());
    }
    declaration.set(
        "parametersJsonSchema",
        GeminiJson.object(
            tool.inputSchemaJson(), "the input schema of tool '" + tool.name() + "'"));
    return declaration;
  }

  /**
   * @param schemaFits the output schema, if any, is within Gemini's subset and goes as a constraint
   */
  private static ObjectNode generationConfig(
      ChatRequest request, ModelRoute route, boolean schemaFits) {
    GeminiThinking thinking = GeminiThinking.of(request, route);
    ObjectNode config = GeminiJson.MAPPER.createObjectNode();
    config.put("maxOutputTokens", thinking.maxOutputTokens(request.maxOutputTokens()));
    if (request.temperature() != null) {
      config.put("temperature", request.temperature());
    }
    JsonOutput json = request.jsonOutput();
    if (json != null) {
      config.put("responseMimeType", "application/json");
      if (json.hasSchema() && schemaFits) {
        // responseJsonSchema takes JSON Schema as is; responseSchema only an OpenAPI subset.
        config.set(
            "responseJsonSchema",
            GeminiJson.object(json.schemaJson(), "JSON schema '" + json.schemaName() + "'"));
      }
    }
    config.putObject("thinkingConfig").put("thinkingLevel", thinking.level());
    return config;
  }
}
