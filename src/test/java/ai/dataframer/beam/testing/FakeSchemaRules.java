package ai.dataframer.beam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The output schemas each provider's structured outputs refuse, answered as the real services do: a
 * 400 in the provider's error shape, for every call that carries the schema. The numbers are the
 * documented ones (docs/ARCHITECTURE.md section 7, "Structured outputs"); the checks are written
 * here apart from the library's own, so that a miscount there cannot agree with itself here.
 */
final class FakeSchemaRules {
  static final int ANTHROPIC_MAX_UNIONS = 16;
  static final int ANTHROPIC_MAX_OPTIONAL = 24;
  static final int OPENAI_MAX_PROPERTIES = 5000;
  static final int OPENAI_MAX_DEPTH = 10;
  static final Set<String> GEMINI_KEYWORDS =
      Set.of(
          "type",
          "title",
          "description",
          "properties",
          "required",
          "additionalProperties",
          "propertyOrdering",
          "enum",
          "format",
          "minimum",
          "maximum",
          "items",
          "prefixItems",
          "minItems",
          "maxItems",
          "anyOf",
          "$ref",
          "$defs");

  private FakeSchemaRules() {}

  /** The error body refusing the call's output schema, or null when the provider takes it. */
  static String rejection(FakeWire wire, String model, JsonNode body) {
    switch (wire) {
      case ANTHROPIC:
        String thinking = anthropicThinkingProblem(model, body.path("thinking"));
        if (thinking != null) {
          return anthropicError(thinking);
        }
        return anthropic(body.path("output_config").path("format").path("schema"));
      case GEMINI:
        return gemini(body.path("generationConfig").path("responseJsonSchema"));
      case DATABRICKS:
        return databricks(model, body);
      default:
        String problem = openAi(strictSchema(body));
        return problem == null ? null : openAiError(body, problem);
    }
  }

  /**
   * Claude models that take only adaptive thinking: Anthropic documents that {@code thinking.type:
   * enabled} with {@code budget_tokens} returns a 400 on them (Claude Opus 4.7 and later). Opus and
   * Sonnet 4.6 still take it, deprecated.
   */
  static final Set<String> ANTHROPIC_ADAPTIVE_ONLY = Set.of("claude-opus-4-7");

  /** Claude models without adaptive thinking, which need {@code type: enabled} with a budget. */
  static final Set<String> ANTHROPIC_BUDGET_ONLY = Set.of("claude-haiku-4-5");

  /** Why Anthropic refuses the call's thinking for {@code model}, or null when it takes it. */
  static String anthropicThinkingProblem(String model, JsonNode thinking) {
    String type = thinking.path("type").asText("");
    if (type.equals("enabled") && ANTHROPIC_ADAPTIVE_ONLY.contains(model)) {
      return "thinking.type: enabled is not supported for "
          + model
          + "; use thinking.type: adaptive with output_config.effort";
    }
    if (type.equals("adaptive") && ANTHROPIC_BUDGET_ONLY.contains(model)) {
      return "thinking.type: adaptive is not supported for "
          + model
          + "; use thinking.type: enabled with budget_tokens";
    }
    if (type.equals("adaptive") && thinking.has("budget_tokens")) {
      return "thinking.budget_tokens: not allowed with thinking.type: adaptive";
    }
    return null;
  }

  private static String anthropic(JsonNode schema) {
    String problem = anthropicProblem(schema);
    if (problem == null) {
      return null;
    }
    return anthropicError(problem);
  }

  private static String anthropicError(String problem) {
    ObjectNode error = FakeWire.JSON.createObjectNode().put("type", "error");
    error.putObject("error").put("type", "invalid_request_error").put("message", problem);
    return error.toString();
  }

  private static String anthropicProblem(JsonNode schema) {
    if (!schema.isObject()) {
      return null;
    }
    Count count = new Count();
    count.walk(schema, 0);
    if (count.unions > ANTHROPIC_MAX_UNIONS) {
      return "Schemas contains too many parameters with union types ("
          + count.unions
          + " parameters with type arrays or anyOf). Reduce the number of parameters with union"
          + " types to "
          + ANTHROPIC_MAX_UNIONS
          + " or fewer.";
    }
    if (count.optional > ANTHROPIC_MAX_OPTIONAL) {
      return "Schemas contains too many optional parameters ("
          + count.optional
          + "). Reduce the number of optional parameters to "
          + ANTHROPIC_MAX_OPTIONAL
          + " or fewer.";
    }
    if (count.open > 0) {
      return "output_config.format.schema: For 'object' type, 'additionalProperties' must be"
          + " explicitly set to false";
    }
    return null;
  }

  private static JsonNode strictSchema(JsonNode body) {
    JsonNode format = body.path("response_format");
    return "json_schema".equals(format.path("type").asText())
            && format.path("json_schema").path("strict").asBoolean()
        ? format.path("json_schema").path("schema")
        : FakeWire.JSON.missingNode();
  }

  private static String openAi(JsonNode schema) {
    if (!schema.isObject()) {
      return null;
    }
    Count count = new Count();
    count.walk(schema, 0);
    if (count.missingRequired != null) {
      return "In context=(), 'required' is required to be supplied and to be an array including"
          + " every key in properties. Missing '"
          + count.missingRequired
          + "'.";
    }
    if (count.open > 0) {
      return "In context=(), 'additionalProperties' is required to be supplied and to be false.";
    }
    if (count.properties > OPENAI_MAX_PROPERTIES) {
      return "Too many object properties: " + count.properties + " > " + OPENAI_MAX_PROPERTIES;
    }
    if (count.depth > OPENAI_MAX_DEPTH) {
      return "Too much nesting: " + count.depth + " levels > " + OPENAI_MAX_DEPTH;
    }
    return null;
  }

  private static String openAiError(JsonNode body, String problem) {
    ObjectNode error = FakeWire.JSON.createObjectNode();
    error
        .putObject("error")
        .put(
            "message",
            "Invalid schema for response_format '"
                + body.path("response_format").path("json_schema").path("name").asText()
                + "': "
                + problem)
        .put("type", "invalid_request_error")
        .put("param", "response_format")
        .putNull("code");
    return error.toString();
  }

  private static String gemini(JsonNode schema) {
    if (!schema.isObject()) {
      return null;
    }
    Count count = new Count();
    count.walk(schema, 0);
    for (String keyword : count.keywords) {
      if (!GEMINI_KEYWORDS.contains(keyword)) {
        ObjectNode error = FakeWire.JSON.createObjectNode();
        error
            .putObject("error")
            .put("code", 400)
            .put(
                "message",
                "Invalid JSON payload received. Unknown name \""
                    + keyword
                    + "\" at 'generation_config.response_json_schema': Cannot find field.")
            .put("status", "INVALID_ARGUMENT");
        return error.toString();
      }
    }
    return null;
  }

  /**
   * Databricks translates the OpenAI format to the served model's own structured outputs, so a
   * Claude endpoint refuses what Anthropic refuses; errors come in Databricks' shape.
   */
  private static String databricks(String endpoint, JsonNode body) {
    JsonNode schema = strictSchema(body);
    String problem = openAi(schema);
    if (problem == null && endpoint.toLowerCase(Locale.ROOT).contains("claude")) {
      problem = anthropicProblem(schema);
    }
    if (problem == null) {
      return null;
    }
    return FakeWire.JSON
        .createObjectNode()
        .put("error_code", "BAD_REQUEST")
        .put("message", problem)
        .toString();
  }

  /** Tallies over a schema and all its subschemas. */
  private static final class Count {
    int unions;
    int optional;
    int properties;
    int depth;
    int open;
    String missingRequired;
    final Set<String> keywords = new HashSet<>();

    void walk(JsonNode schema, int level) {
      if (!schema.isObject()) {
        return;
      }
      schema.fieldNames().forEachRemaining(keywords::add);
      if (schema.has("anyOf") || schema.path("type").isArray()) {
        unions++;
      }
      boolean object = "object".equals(schema.path("type").asText()) || schema.has("properties");
      int here = object ? level + 1 : level;
      depth = Math.max(depth, here);
      if (object
          && !schema
              .path("additionalProperties")
              .equals(FakeWire.JSON.getNodeFactory().booleanNode(false))) {
        open++;
      }
      Set<String> required = new HashSet<>();
      schema.path("required").forEach(name -> required.add(name.asText()));
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        properties++;
        if (!required.contains(property.getKey())) {
          optional++;
          missingRequired = missingRequired == null ? property.getKey() : missingRequired;
        }
        walk(property.getValue(), here);
      }
      for (String many : List.of("anyOf", "allOf", "oneOf", "prefixItems")) {
        schema.path(many).forEach(sub -> walk(sub, here));
      }
      walk(schema.path("items"), here);
      schema.path("$defs").forEach(sub -> walk(sub, here));
    }
  }
}
