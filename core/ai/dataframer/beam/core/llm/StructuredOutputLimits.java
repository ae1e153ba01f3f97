package ai.dataframer.beam.core.llm;

import ai.dataframer.beam.core.request.ModelProvider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each provider's structured outputs accept of a JSON Schema, as its documentation states, in
 * one place (docs/ARCHITECTURE.md section 7, "Structured outputs"). A schema over a limit gets a
 * 400 for every call that carries it, so the encoders send such a schema in words instead ({@link
 * #instructionInstead}) and the answer is parsed as strictly as ever.
 *
 * @param provider the provider these limits are for
 * @param maxUnionSchemas schemas that use {@code anyOf} or a list of types, across the whole schema
 * @param maxOptionalProperties properties left out of their object's {@code required}
 * @param maxProperties properties of all objects together
 * @param maxObjectDepth levels of nested objects, the root object being level 1
 * @param maxEnumValues {@code enum} values across the whole schema
 * @param maxMinItems the largest {@code minItems} an array may ask for
 * @param closedObjects every object must say {@code additionalProperties: false}
 * @param allowedKeywords the only keywords taken, or empty when the docs list refusals instead
 * @param refusedKeywords keywords refused
 */
public record StructuredOutputLimits(
    ModelProvider provider,
    int maxUnionSchemas,
    int maxOptionalProperties,
    int maxProperties,
    int maxObjectDepth,
    int maxEnumValues,
    int maxMinItems,
    boolean closedObjects,
    Set<String> allowedKeywords,
    Set<String> refusedKeywords) {

  private static final int NONE = Integer.MAX_VALUE;

  public StructuredOutputLimits {
    allowedKeywords = Set.copyOf(allowedKeywords);
    refusedKeywords = Set.copyOf(refusedKeywords);
  }

  /**
   * Anthropic, "Structured outputs", JSON Schema limitations
   * (platform.claude.com/docs/en/build-with-claude/structured-outputs): at most 16 parameters with
   * union types ({@code anyOf} or type arrays) and 24 optional parameters across all strict schemas
   * of a request; every object closed; no numeric, string-length or array bounds other than {@code
   * minItems} 0 or 1.
   */
  public static final StructuredOutputLimits ANTHROPIC =
      new StructuredOutputLimits(
          ModelProvider.ANTHROPIC,
          16,
          24,
          NONE,
          NONE,
          NONE,
          1,
          true,
          Set.of(),
          Set.of(
              "minimum",
              "maximum",
              "exclusiveMinimum",
              "exclusiveMaximum",
              "multipleOf",
              "minLength",
              "maxLength",
              "maxItems"));

  /**
   * OpenAI, "Structured Outputs", supported schemas (platform.openai.com/docs/guides/
   * structured-outputs): strict mode needs every property required and every object closed; up to
   * 5,000 properties, 10 levels of nesting and 1,000 enum values; no {@code allOf}, {@code not},
   * {@code if}/{@code then}/{@code else}, {@code dependentRequired}, {@code dependentSchemas}.
   */
  public static final StructuredOutputLimits OPENAI =
      new StructuredOutputLimits(
          ModelProvider.OPENAI,
          NONE,
          0,
          5000,
          10,
          1000,
          NONE,
          true,
          Set.of(),
          Set.of("allOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas"));

  /**
   * Gemini, "Structured output", JSON Schema support (ai.google.dev/gemini-api/docs/
   * structured-output): {@code responseJsonSchema} takes this subset of keywords; the docs state no
   * counts, only that very large or deeply nested schemas may be refused.
   */
  public static final StructuredOutputLimits GEMINI =
      new StructuredOutputLimits(
          ModelProvider.GEMINI,
          NONE,
          NONE,
          NONE,
          NONE,
          NONE,
          NONE,
          false,
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
              "$defs"),
          Set.of());

  /**
   * Databricks serving endpoints take an OpenAI {@code response_format} and translate it to the
   * served model's own structured outputs (docs.databricks.com, "Structured outputs"), so an
   * endpoint may be a Claude or a GPT model: both families' limits apply.
   */
  public static final StructuredOutputLimits DATABRICKS = both(ModelProvider.DATABRICKS);

  /** The limits a provider's structured outputs document; none for the embedded engine. */
  public static StructuredOutputLimits of(ModelProvider provider) {
    return BY_PROVIDER.get(provider);
  }

  private static StructuredOutputLimits documented(ModelProvider provider) {
    switch (provider) {
      case ANTHROPIC:
        return ANTHROPIC;
      case GEMINI:
        return GEMINI;
      case DATABRICKS:
        return DATABRICKS;
      case EMBEDDED:
        return new StructuredOutputLimits(
            provider, NONE, NONE, NONE, NONE, NONE, NONE, false, Set.of(), Set.of());
      default:
        // Together and OpenAI-compatible servers document no limits of their own; they take
        // OpenAI's format with strict: true, so OpenAI's limits are the ones the format promises.
        return provider == ModelProvider.OPENAI ? OPENAI : OPENAI.forProvider(provider);
    }
  }

  private static final Map<ModelProvider, StructuredOutputLimits> BY_PROVIDER = byProvider();

  private static Map<ModelProvider, StructuredOutputLimits> byProvider() {
    Map<ModelProvider, StructuredOutputLimits> limits = new EnumMap<>(ModelProvider.class);
    for (ModelProvider provider : ModelProvider.values()) {
      limits.put(provider, documented(provider));
    }
    return limits;
  }

  /**
   * Whether a schema fits the documented limits of a provider, as decided before: the encoders ask
   * on every call, for the few schemas of a run, and a decision is a parse and a walk of the
   * schema. Only the documented limits ({@link #of}) are remembered, at most {@value
   * #MAX_REMEMBERED} schemas each.
   */
  private static final Map<ModelProvider, Map<String, Boolean>> FITS =
      new EnumMap<>(ModelProvider.class);

  private static final int MAX_REMEMBERED = 4096;

  static {
    for (ModelProvider provider : ModelProvider.values()) {
      FITS.put(provider, new ConcurrentHashMap<>());
    }
  }

  private boolean fits(String schemaJson) {
    if (BY_PROVIDER.get(provider) != this) {
      return violations(schemaJson).isEmpty();
    }
    Map<String, Boolean> decided = FITS.get(provider);
    Boolean fits = decided.get(schemaJson);
    if (fits == null) {
      fits = violations(schemaJson).isEmpty();
      if (decided.size() >= MAX_REMEMBERED) {
        decided.clear();
      }
      decided.put(schemaJson, fits);
    }
    return fits;
  }

  private static StructuredOutputLimits both(ModelProvider provider) {
    Set<String> refused = new HashSet<>(ANTHROPIC.refusedKeywords);
    refused.addAll(OPENAI.refusedKeywords);
    return new StructuredOutputLimits(
        provider,
        ANTHROPIC.maxUnionSchemas,
        OPENAI.maxOptionalProperties,
        OPENAI.maxProperties,
        OPENAI.maxObjectDepth,
        OPENAI.maxEnumValues,
        ANTHROPIC.maxMinItems,
        true,
        Set.of(),
        Set.copyOf(refused));
  }

  private StructuredOutputLimits forProvider(ModelProvider other) {
    return new StructuredOutputLimits(
        other,
        maxUnionSchemas,
        maxOptionalProperties,
        maxProperties,
        maxObjectDepth,
        maxEnumValues,
        maxMinItems,
        closedObjects,
        allowedKeywords,
        refusedKeywords);
  }

  /** How a schema breaks these limits, each said once; empty when the provider takes it. */
  public List<String> violations(String schemaJson) {
    JsonNode schema;
    try {
      schema = JSON.readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the schema is not valid JSON", e);
    }
    Tally tally = new Tally();
    walk(schema, 0, tally);
    List<String> problems = new ArrayList<>();
    over(
        problems,
        "schemas with a union type (anyOf or a type list)",
        tally.unions,
        maxUnionSchemas);
    over(problems, "optional properties", tally.optional, maxOptionalProperties);
    over(problems, "properties", tally.properties, maxProperties);
    over(problems, "levels of nested objects", tally.depth, maxObjectDepth);
    over(problems, "enum values", tally.enumValues, maxEnumValues);
    if (tally.minItems > maxMinItems) {
      problems.add("minItems " + tally.minItems + ", more than the " + maxMinItems + " allowed");
    }
    if (closedObjects && tally.openObjects > 0) {
      problems.add(tally.openObjects + " objects without additionalProperties: false");
    }
    for (String keyword : tally.keywords) {
      if (refusedKeywords.contains(keyword)
          || (!allowedKeywords.isEmpty() && !allowedKeywords.contains(keyword))) {
        problems.add("the keyword " + keyword);
      }
    }
    return problems;
  }

  /**
   * Null when the output can go to the provider as asked: no schema, or one within the limits.
   * Otherwise what to say in the system prompt instead of sending the schema as a constraint: the
   * request then asks for any JSON object, and the schema in words keeps every null the schema
   * allows possible, where cutting the unions down to the limit would forbid some.
   */
  public String instructionInstead(JsonOutput output) {
    if (output == null || !output.hasSchema() || fits(output.schemaJson())) {
      return null;
    }
    return SCHEMA_IN_WORDS + output.schemaJson();
  }

  /** Said ahead of the schema when it goes in words. */
  public static final String SCHEMA_IN_WORDS =
      "Answer with exactly one JSON object and nothing else: no prose before or after it and no"
          + " Markdown code fences. The object must be valid against this JSON Schema (every"
          + " property present; null only where the schema allows null): ";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static void over(List<String> problems, String what, int count, int limit) {
    if (count > limit) {
      problems.add(count + " " + what + ", more than the " + limit + " allowed");
    }
  }

  /** Counts over the whole schema. */
  private static final class Tally {
    int unions;
    int optional;
    int properties;
    int depth;
    int enumValues;
    int openObjects;
    int minItems;
    final Set<String> keywords = new TreeSet<>();
  }

  /** Visits a schema and every subschema under it; {@code objects} is the enclosing depth. */
  private static void walk(JsonNode schema, int objects, Tally tally) {
    if (schema == null || !schema.isObject()) {
      return;
    }
    schema.fieldNames().forEachRemaining(tally.keywords::add);
    JsonNode type = schema.get("type");
    if (schema.has("anyOf") || (type != null && type.isArray())) {
      tally.unions++;
    }
    boolean isObject =
        schema.has("properties") || (type != null && type.asText("").equals("object"));
    int depth = isObject ? objects + 1 : objects;
    tally.depth = Math.max(tally.depth, depth);
    JsonNode additional = schema.get("additionalProperties");
    if (isObject && !(additional != null && additional.isBoolean() && !additional.booleanValue())) {
      tally.openObjects++;
    }
    tally.minItems = Math.max(tally.minItems, schema.path("minItems").asInt(0));
    JsonNode properties = schema.path("properties");
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(name -> required.add(name.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      tally.properties++;
      if (!required.contains(property.getKey())) {
        tally.optional++;
      }
      walk(property.getValue(), depth, tally);
    }
    tally.enumValues += schema.path("enum").size();
    for (String list : List.of("anyOf", "allOf", "oneOf", "prefixItems")) {
      schema.path(list).forEach(sub -> walk(sub, depth, tally));
    }
    for (String single : List.of("items", "not", "if", "then", "else")) {
      walk(schema.get(single), depth, tally);
    }
    for (String defs : List.of("$defs", "definitions")) {
      schema.path(defs).forEach(sub -> walk(sub, depth, tally));
    }
  }
}
