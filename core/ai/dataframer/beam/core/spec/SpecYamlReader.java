package ai.dataframer.beam.core.spec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed YAML tree into the spec model, collecting every structural problem (unknown key,
 * wrong kind of value) with its path instead of stopping at the first. Semantic rules are {@link
 * SpecValidator}'s.
 */
final class SpecYamlReader {
  private static final Set<String> ROOT_KEYS = Set.of("spec", "specification", "metadata");
  private static final Set<String> SPEC_KEYS =
      Set.of(
          "description",
          "requirements",
          "data_property_variations",
          "record_fields",
          "constraints");
  private static final Set<String> PROPERTY_KEYS =
      Set.of(
          "property_name",
          "axis_name",
          "property_values",
          "possible_values",
          "base_distributions",
          "conditional_distributions");
  private static final Set<String> FIELD_KEYS =
      Set.of(
          "name",
          "type",
          "property",
          "nullable_percent",
          "quantiles",
          "text",
          "scale",
          "precision",
          "decimals",
          "unit",
          "key");
  private static final Set<String> KEY_KEYS = Set.of("format", "start");
  private static final Map<String, Set<String>> CONSTRAINT_KEYS =
      Map.of(
          "order", Set.of("kind", "left", "op", "right"),
          "sum", Set.of("kind", "total", "parts", "tolerance"),
          "determines", Set.of("kind", "from", "to"));
  private static final Set<String> TEXT_KEYS = Set.of("min_words", "median_words", "max_words");
  private static final Set<String> METADATA_KEYS =
      Set.of(
          "id",
          "name",
          "version",
          "status",
          "dataset",
          "created_at",
          "error_message",
          "runtime_params");

  private final List<String> problems = new ArrayList<>();

  List<String> problems() {
    return problems;
  }

  /** Reads the document; the result is meaningful only when {@link #problems()} is empty. */
  SpecDocument read(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      problems.add("the document is empty; expected a mapping with a 'spec' key");
      return new SpecDocument(new Spec(null, null, List.of(), List.of()), null);
    }
    if (!isMapping(root, "the document")) {
      return new SpecDocument(new Spec(null, null, List.of(), List.of()), null);
    }
    checkKeys(root, "the document", ROOT_KEYS);
    JsonNode specNode = aliased(root, "", "spec", "specification");
    Spec spec = new Spec(null, null, List.of(), List.of());
    if (specNode == null) {
      problems.add("the document has no 'spec' key (or its alias 'specification')");
    } else {
      spec = readSpec(specNode);
    }
    JsonNode metadata = root.get("metadata");
    return new SpecDocument(
        spec, metadata == null || metadata.isNull() ? null : readMetadata(metadata));
  }

  private Spec readSpec(JsonNode node) {
    String path = "spec";
    if (!isMapping(node, path)) {
      return new Spec(null, null, List.of(), List.of());
    }
    checkKeys(node, path, SPEC_KEYS);
    List<PropertyVariation> properties = new ArrayList<>();
    List<JsonNode> propertyNodes =
        list(node.get("data_property_variations"), path + ".data_property_variations");
    for (int i = 0; i < propertyNodes.size(); i++) {
      PropertyVariation property =
          readProperty(propertyNodes.get(i), path + ".data_property_variations[" + i + "]");
      if (property != null) {
        properties.add(property);
      }
    }
    List<RecordField> fields = new ArrayList<>();
    List<JsonNode> fieldNodes = list(node.get("record_fields"), path + ".record_fields");
    for (int i = 0; i < fieldNodes.size(); i++) {
      RecordField field = readField(fieldNodes.get(i), path + ".record_fields[" + i + "]");
      if (field != null) {
        fields.add(field);
      }
    }
    List<Constraint> constraints = new ArrayList<>();
    List<JsonNode> constraintNodes = list(node.get("constraints"), path + ".constraints");
    for (int i = 0; i < constraintNodes.size(); i++) {
      Constraint constraint =
          readConstraint(constraintNodes.get(i), path + ".constraints[" + i + "]");
      if (constraint != null) {
        constraints.add(constraint);
      }
    }
    return new Spec(
        text(node.get("description"), path + ".description"),
        text(node.get("requirements"), path + ".requirements"),
        properties,
        fields,
        constraints);
  }

  private Constraint readConstraint(JsonNode node, String path) {
    if (!isMapping(node, path)) {
      return null;
    }
    String kind = text(node.get("kind"), path + ".kind");
    if (kind == null || !CONSTRAINT_KEYS.containsKey(kind)) {
      problems.add(
          path
              + ".kind: expected one of "
              + String.join(", ", CONSTRAINT_KEYS.keySet().stream().sorted().toList())
              + ", but was "
              + (kind == null ? "nothing" : "'" + kind + "'"));
      return null;
    }
    path = path + " (" + kind + ")";
    checkKeys(node, path, CONSTRAINT_KEYS.get(kind));
    switch (kind) {
      case "order":
        return new Constraint.Order(
            text(node.get("left"), path + ".left"),
            text(node.get("op"), path + ".op"),
            text(node.get("right"), path + ".right"));
      case "sum":
        List<String> parts = new ArrayList<>();
        List<JsonNode> partNodes = list(node.get("parts"), path + ".parts");
        for (int i = 0; i < partNodes.size(); i++) {
          parts.add(text(partNodes.get(i), path + ".parts[" + i + "]"));
        }
        Double tolerance = number(node.get("tolerance"), path + ".tolerance");
        return new Constraint.Sum(
            text(node.get("total"), path + ".total"), parts, tolerance == null ? 0 : tolerance);
      default:
        return new Constraint.Determines(
            text(node.get("from"), path + ".from"), text(node.get("to"), path + ".to"));
    }
  }

  private PropertyVariation readProperty(JsonNode node, String path) {
    if (!isMapping(node, path)) {
      return null;
    }
    String name =
        text(aliased(node, path + ".", "property_name", "axis_name"), path + ".property_name");
    if (name != null) {
      path = path + " (" + name + ")";
    }
    checkKeys(node, path, PROPERTY_KEYS);
    List<String> values = new ArrayList<>();
    JsonNode valuesNode = aliased(node, path + ".", "property_values", "possible_values");
    List<JsonNode> valueNodes = list(valuesNode, path + ".property_values");
    for (int i = 0; i < valueNodes.size(); i++) {
      values.add(propertyValue(valueNodes.get(i), path + ".property_values[" + i + "]"));
    }
    Map<String, Double> base =
        distribution(node.get("base_distributions"), path + ".base_distributions");
    ConditionalDistribution conditional =
        conditional(node.get("conditional_distributions"), path + ".conditional_distributions");
    return new PropertyVariation(name, values, base, conditional);
  }

  /**
   * Values are strings in the model; YAML numbers and booleans keep their text, YAML null is
   * "null".
   */
  private String propertyValue(JsonNode node, String path) {
    if (node.isNull()) {
      return RecordField.NULL_VALUE;
    }
    return text(node, path);
  }

  private ConditionalDistribution conditional(JsonNode node, String path) {
    if (node == null || node.isNull() || !isMapping(node, path) || node.isEmpty()) {
      return null;
    }
    if (node.size() > 1) {
      List<String> parents = new ArrayList<>();
      node.fieldNames().forEachRemaining(parents::add);
      problems.add(
          path
              + " names parents '"
              + String.join("', '", parents)
              + "'; a property has exactly one parent");
      return null;
    }
    Map.Entry<String, JsonNode> parent = node.fields().next();
    String parentPath = path + "." + parent.getKey();
    Map<String, Map<String, Double>> byParentValue = new LinkedHashMap<>();
    if (isMapping(parent.getValue(), parentPath)) {
      parent
          .getValue()
          .fields()
          .forEachRemaining(
              entry ->
                  byParentValue.put(
                      entry.getKey(),
                      distribution(entry.getValue(), parentPath + "." + entry.getKey())));
    }
    return new ConditionalDistribution(parent.getKey(), byParentValue);
  }

  private Map<String, Double> distribution(JsonNode node, String path) {
    Map<String, Double> distribution = new LinkedHashMap<>();
    if (node == null || node.isNull() || !isMapping(node, path)) {
      return distribution;
    }
    node.fields()
        .forEachRemaining(
            entry -> {
              Double percent = number(entry.getValue(), path + "." + entry.getKey());
              if (percent != null) {
                distribution.put(entry.getKey(), percent);
              }
            });
    return distribution;
  }

  private RecordField readField(JsonNode node, String path) {
    if (!isMapping(node, path)) {
      return null;
    }
    String name = text(node.get("name"), path + ".name");
    if (name != null) {
      path = path + " (" + name + ")";
    }
    checkKeys(node, path, FIELD_KEYS);
    String typeName = text(node.get("type"), path + ".type");
    FieldType type = null;
    if (typeName == null) {
      problems.add(path + ": type is missing");
    } else {
      try {
        type = FieldType.fromYaml(typeName);
      } catch (IllegalArgumentException e) {
        problems.add(path + ".type: " + e.getMessage());
      }
    }
    Double nullable = number(node.get("nullable_percent"), path + ".nullable_percent");
    List<Double> quantiles =
        type == null ? List.of() : quantiles(node.get("quantiles"), path + ".quantiles", type);
    String unitName = text(node.get("unit"), path + ".unit");
    TimestampUnit unit = null;
    if (unitName != null) {
      try {
        unit = TimestampUnit.fromYaml(unitName);
      } catch (IllegalArgumentException e) {
        problems.add(path + ".unit: " + e.getMessage());
      }
    }
    return new RecordField(
        name,
        type,
        text(node.get("property"), path + ".property"),
        nullable == null ? 0 : nullable,
        quantiles,
        textProfile(node.get("text"), path + ".text"),
        integer(node.get("scale"), path + ".scale"),
        integer(node.get("precision"), path + ".precision"),
        integer(node.get("decimals"), path + ".decimals"),
        unit,
        fieldKey(node.get("key"), path + ".key"));
  }

  private FieldKey fieldKey(JsonNode node, String path) {
    if (node == null || node.isNull() || !isMapping(node, path)) {
      return null;
    }
    checkKeys(node, path, KEY_KEYS);
    String format = text(node.get("format"), path + ".format");
    if (format == null) {
      problems.add(path + ".format is missing");
    }
    JsonNode start = node.get("start");
    Long startValue = null;
    if (start != null && !start.isNull()) {
      if (start.isIntegralNumber() && start.canConvertToLong()) {
        startValue = start.longValue();
      } else {
        problems.add(path + ".start: expected a whole number, but was " + describe(start));
      }
    }
    return format == null ? null : new FieldKey(format, startValue);
  }

  /**
   * DATE quantiles are ISO dates and TIMESTAMP quantiles ISO instants in YAML, numbers in the
   * model.
   */
  private List<Double> quantiles(JsonNode node, String path, FieldType type) {
    List<Double> quantiles = new ArrayList<>();
    List<JsonNode> items = list(node, path);
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String itemPath = path + "[" + i + "]";
      if (type == FieldType.DATE || type == FieldType.TIMESTAMP) {
        String text = item.isTextual() ? item.asText() : null;
        try {
          if (text == null) {
            throw new DateTimeException("not text");
          }
          quantiles.add(
              type == FieldType.DATE
                  ? (double) LocalDate.parse(text).toEpochDay()
                  : (double) Instant.parse(text).toEpochMilli());
        } catch (DateTimeException e) {
          problems.add(
              itemPath
                  + ": expected an ISO "
                  + (type == FieldType.DATE
                      ? "date like 2024-05-01"
                      : "instant like 2024-05-01T10:15:30Z")
                  + ", but was "
                  + describe(item));
        }
      } else {
        Double q = number(item, itemPath);
        if (q != null) {
          quantiles.add(q);
        }
      }
    }
    return quantiles;
  }

  private TextProfile textProfile(JsonNode node, String path) {
    if (node == null || node.isNull() || !isMapping(node, path)) {
      return null;
    }
    checkKeys(node, path, TEXT_KEYS);
    Integer min = requiredInteger(node, "min_words", path);
    Integer median = requiredInteger(node, "median_words", path);
    Integer max = requiredInteger(node, "max_words", path);
    return min == null || median == null || max == null ? null : new TextProfile(min, median, max);
  }

  private SpecMetadata readMetadata(JsonNode node) {
    String path = "metadata";
    if (!isMapping(node, path)) {
      return null;
    }
    checkKeys(node, path, METADATA_KEYS);
    Integer version = requiredInteger(node, "version", path);
    String statusName = text(node.get("status"), path + ".status");
    SpecStatus status = null;
    if (statusName != null) {
      try {
        status = SpecStatus.valueOf(statusName.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            path
                + ".status: unknown status '"
                + statusName
                + "', expected one of "
                + List.of(SpecStatus.values()));
      }
    }
    Map<String, Object> runtimeParams = Map.of();
    JsonNode params = node.get("runtime_params");
    if (params != null && !params.isNull() && isMapping(params, path + ".runtime_params")) {
      runtimeParams =
          SpecYaml.MAPPER.convertValue(
              params, new TypeReference<LinkedHashMap<String, Object>>() {});
    }
    return new SpecMetadata(
        text(node.get("id"), path + ".id"),
        text(node.get("name"), path + ".name"),
        version == null ? 0 : version,
        status,
        text(node.get("dataset"), path + ".dataset"),
        text(node.get("created_at"), path + ".created_at"),
        text(node.get("error_message"), path + ".error_message"),
        runtimeParams);
  }

  private void checkKeys(JsonNode node, String path, Set<String> allowed) {
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!allowed.contains(key)) {
        problems.add(
            path
                + ": unknown key '"
                + key
                + "', expected one of "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  /** The value under {@code key} or its older spelling {@code alias}; both at once is a problem. */
  private JsonNode aliased(JsonNode node, String pathPrefix, String key, String alias) {
    if (node.has(key) && node.has(alias)) {
      problems.add(
          pathPrefix + key + ": both '" + key + "' and its alias '" + alias + "' are given");
    }
    return node.has(key) ? node.get(key) : node.get(alias);
  }

  private boolean isMapping(JsonNode node, String path) {
    if (node.isObject()) {
      return true;
    }
    problems.add(path + ": expected a mapping, but was " + describe(node));
    return false;
  }

  private List<JsonNode> list(JsonNode node, String path) {
    List<JsonNode> items = new ArrayList<>();
    if (node == null || node.isNull()) {
      return items;
    }
    if (!node.isArray()) {
      problems.add(path + ": expected a list, but was " + describe(node));
      return items;
    }
    node.forEach(items::add);
    return items;
  }

  private String text(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    problems.add(path + ": expected a text value, but was " + describe(node));
    return null;
  }

  private Double number(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    problems.add(path + ": expected a number, but was " + describe(node));
    return null;
  }

  private Integer integer(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node.intValue();
    }
    problems.add(path + ": expected a whole number, but was " + describe(node));
    return null;
  }

  private Integer requiredInteger(JsonNode node, String key, String path) {
    if (!node.has(key) || node.get(key).isNull()) {
      problems.add(path + "." + key + " is missing");
      return null;
    }
    return integer(node.get(key), path + "." + key);
  }

  private static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return "'" + node.asText() + "'";
  }
}
