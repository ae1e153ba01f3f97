package ai.dataframer.beam.core.request;

import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Parses SpecCreate and RunCreate bodies exactly as the hosted API receives them, from JSON text or
 * from a map of wire-named values (the CLI overlays its options on an optional JSON file and passes
 * the map; values must already have their JSON types: strings, numbers, booleans, lists of
 * strings). Every problem (unknown field, wrong type, unknown enum value, violated rule) is
 * collected and thrown together as a {@link RequestValidationException}.
 */
public final class RequestJson {
  private static final String SPEC_CREATE = "SpecCreate request";
  private static final String RUN_CREATE = "RunCreate request";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private RequestJson() {}

  public static SpecCreate specCreate(String json) {
    return specCreate(parseObject(SPEC_CREATE, json));
  }

  public static SpecCreate specCreate(Map<String, Object> body) {
    return specCreate(toObject(body));
  }

  public static RunCreate runCreate(String json, RunSizePolicy policy) {
    return runCreate(parseObject(RUN_CREATE, json), policy);
  }

  public static RunCreate runCreate(Map<String, Object> body, RunSizePolicy policy) {
    return runCreate(toObject(body), policy);
  }

  /** A JSON object body as a mutable map of wire names to values, for overlaying options on it. */
  public static Map<String, Object> readBody(String json) {
    return MAPPER.convertValue(
        parseObject("request body", json), new TypeReference<Map<String, Object>>() {});
  }

  private static SpecCreate specCreate(ObjectNode body) {
    Violations violations = new Violations(SpecCreate.FIELDS);
    BodyReader reader = new BodyReader(body, SpecCreate.FIELDS, violations);
    String name = reader.requiredString("name");
    String datasetId = reader.string("dataset_id");
    if (violations.isSettled("dataset_id")) {
      // The user gave some dataset_id, so the spec is seeded: a stand-in keeps seedless rules
      // quiet.
      datasetId = "";
    }
    boolean seeded = datasetId != null;
    boolean generateDistributions = reader.bool("generate_distributions", true);
    SpecCreate request =
        new SpecCreate(
            name,
            datasetId,
            reader.string("generation_objectives"),
            reader.string(SpecCreate.MODEL_FIELD, SpecCreate.DEFAULT_MODEL),
            generateDistributions,
            reader.bool("generate_conditional_distributions", generateDistributions),
            reader.bool("extrapolate_values", seeded),
            reader.bool("extrapolate_axes", false),
            reader.string("description"),
            reader.string(DatabricksRules.CLIENT_ID),
            reader.string(DatabricksRules.CLIENT_SECRET),
            reader.string(DatabricksRules.API_BASE),
            reader.explicitFields());
    request.check(violations);
    RequestValidationException.throwIfAny(SPEC_CREATE, violations.messages());
    return request;
  }

  private static RunCreate runCreate(ObjectNode body, RunSizePolicy policy) {
    Violations violations = new Violations(RunCreate.FIELDS);
    BodyReader reader = new BodyReader(body, RunCreate.FIELDS, violations);
    RunCreate request =
        new RunCreate(
            reader.requiredString("spec_id"),
            reader.optionalInt("spec_version"),
            reader.requiredInt("number_of_samples", 1),
            reader.string(RunCreate.GENERATION_MODEL, RunCreate.DEFAULT_GENERATION_MODEL),
            reader.string(RunCreate.OUTLINE_MODEL, RunCreate.DEFAULT_OUTLINE_MODEL),
            reader.string(RunCreate.REVISION_MODEL, RunCreate.DEFAULT_REVISION_MODEL),
            reader.enumList(
                "revision_types",
                "revision type",
                RevisionType::fromWire,
                RevisionType.wireNames()),
            reader.enumList(
                "filtering_types",
                "filtering type",
                FilteringType::fromWire,
                FilteringType.wireNames()),
            reader.integer("max_revision_cycles", RunCreate.DEFAULT_MAX_REVISION_CYCLES),
            reader.enumValue(
                "seed_shuffling_level",
                wire ->
                    Arrays.stream(SeedShufflingLevel.values())
                        .filter(l -> l.wireName().equals(wire))
                        .findFirst(),
                Arrays.stream(SeedShufflingLevel.values())
                    .map(SeedShufflingLevel::wireName)
                    .toList(),
                SeedShufflingLevel.NONE),
            reader.optionalInt("max_examples_in_prompt"),
            reader.bool("unified_multifield", true),
            reader.integer("generation_thinking_budget", RunCreate.DEFAULT_THINKING_BUDGET),
            reader.integer("outline_thinking_budget", RunCreate.DEFAULT_THINKING_BUDGET),
            reader.integer("revision_thinking_budget", RunCreate.DEFAULT_THINKING_BUDGET),
            reader.string(DatabricksRules.CLIENT_ID),
            reader.string(DatabricksRules.CLIENT_SECRET),
            reader.string(DatabricksRules.API_BASE),
            reader.bool("skip_outline", true),
            reader.enumList("tools", "tool", Tool::fromWire, Tool.wireNames()),
            reader.bool("enable_revisions", false),
            reader.explicitFields());
    request.check(violations, policy);
    RequestValidationException.throwIfAny(RUN_CREATE, violations.messages());
    return request;
  }

  private static ObjectNode parseObject(String requestName, String json) {
    JsonNode node;
    try {
      node = json == null ? null : MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new RequestValidationException(requestName, List.of(notJsonMessage(e)));
    }
    if (node == null || node.isMissingNode()) {
      throw new RequestValidationException(
          requestName, List.of("request body is empty; expected a JSON object"));
    }
    if (!node.isObject()) {
      throw new RequestValidationException(
          requestName,
          List.of(
              "request body must be a JSON object, but was "
                  + node.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return (ObjectNode) node;
  }

  /**
   * Says where the JSON breaks, but not Jackson's full message: that can quote the text around the
   * error, which may be a secret.
   */
  private static String notJsonMessage(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String reason =
        e instanceof JsonParseException && original.startsWith("Duplicate field")
            ? ": " + original.lines().findFirst().orElse("")
            : "";
    return "request body is not valid JSON" + where + reason;
  }

  private static ObjectNode toObject(Map<String, Object> body) {
    return MAPPER.valueToTree(Objects.requireNonNull(body, "body"));
  }
}
