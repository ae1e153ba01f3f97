package ai.dataframer.beam.core.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed fields from a request body, reporting unknown fields, wrong JSON types and unknown
 * enum values as it goes. A reported field is settled in {@link Violations} and read as a stand-in
 * value, so one pass reports everything. JSON null counts as absent, the way the API's optional
 * fields work. Messages name the field and the JSON type found, never the value, because a value
 * may be a secret.
 */
final class BodyReader {
  private final ObjectNode body;
  private final Violations violations;
  private final Set<String> explicitFields = new LinkedHashSet<>();

  BodyReader(ObjectNode body, List<String> knownFields, Violations violations) {
    this.body = body;
    this.violations = violations;
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!knownFields.contains(name)) {
        violations.settle(
            name,
            "unknown field '" + name + "'; expected one of: " + String.join(", ", knownFields));
      } else if (!body.get(name).isNull()) {
        explicitFields.add(name);
      }
    }
  }

  /** Wire names of the known fields present with a non-null value. */
  Set<String> explicitFields() {
    return explicitFields;
  }

  /** The string value, or null when absent or not a string. */
  String string(String field) {
    return string(field, null);
  }

  String string(String field, String defaultValue) {
    JsonNode node = present(field);
    if (node == null) {
      return defaultValue;
    }
    if (!node.isTextual()) {
      wrongType(field, "a string", node);
      return defaultValue;
    }
    return node.textValue();
  }

  String requiredString(String field) {
    if (present(field) == null) {
      violations.settle(field, field + " is required");
      return null;
    }
    return string(field);
  }

  /** The integer value, or null when absent or not an integer. */
  Integer optionalInt(String field) {
    JsonNode node = present(field);
    if (node == null) {
      return null;
    }
    // JSON Schema counts 5.0 as an integer, so a whole number written with a fraction is accepted.
    if (!node.isNumber() || !node.canConvertToExactIntegral()) {
      wrongType(field, "an integer", node);
      return null;
    }
    if (!node.canConvertToInt()) {
      violations.settle(field, field + " must be a 32-bit integer, but was " + node.asText());
      return null;
    }
    return node.intValue();
  }

  int integer(String field, int defaultValue) {
    Integer value = optionalInt(field);
    return value == null ? defaultValue : value;
  }

  /** The integer value; {@code standIn} (never checked further) when absent or invalid. */
  int requiredInt(String field, int standIn) {
    if (present(field) == null) {
      violations.settle(field, field + " is required");
      return standIn;
    }
    return integer(field, standIn);
  }

  boolean bool(String field, boolean defaultValue) {
    JsonNode node = present(field);
    if (node == null) {
      return defaultValue;
    }
    if (!node.isBoolean()) {
      wrongType(field, "a boolean (true or false)", node);
      return defaultValue;
    }
    return node.booleanValue();
  }

  /** One enum value by its wire name. */
  <E> E enumValue(
      String field,
      Function<String, Optional<E>> fromWire,
      List<String> wireNames,
      E defaultValue) {
    String wire = string(field);
    if (wire == null) {
      return defaultValue;
    }
    Optional<E> value = fromWire.apply(wire);
    if (value.isEmpty()) {
      violations.settle(
          field,
          field + " '" + wire + "' is not valid; expected one of: " + String.join(", ", wireNames));
      return defaultValue;
    }
    return value.get();
  }

  /** An array of enum values by wire name; repeats are dropped, keeping the first position. */
  <E> List<E> enumList(
      String field,
      String itemKind,
      Function<String, Optional<E>> fromWire,
      List<String> wireNames) {
    JsonNode node = present(field);
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      wrongType(field, "an array of strings", node);
      return List.of();
    }
    Set<E> values = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String where = field + "[" + i + "]";
      if (!item.isTextual()) {
        problems.add(where + " must be a string, but was " + jsonType(item));
        continue;
      }
      Optional<E> value = fromWire.apply(item.textValue());
      if (value.isEmpty()) {
        problems.add(
            where
                + " '"
                + item.textValue()
                + "' is not a known "
                + itemKind
                + "; expected one of: "
                + String.join(", ", wireNames));
      } else {
        values.add(value.get());
      }
    }
    problems.forEach(problem -> violations.settle(field, problem));
    return List.copyOf(values);
  }

  private JsonNode present(String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : node;
  }

  private void wrongType(String field, String expected, JsonNode found) {
    violations.settle(field, field + " must be " + expected + ", but was " + jsonType(found));
  }

  private static String jsonType(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number (" + node.asText() + ")";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
