package ai.dataframer.beam.core.seed;

import ai.dataframer.beam.core.spec.FieldType;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses JSON Lines seed records: one JSON object per line. Strict JSON (no trailing tokens, no
 * duplicate keys); numbers are read exactly (BigDecimal, BigInteger), so a column whose values a
 * long or a double cannot hold becomes DECIMAL instead of losing digits. A nested object or array
 * is kept whole, as compact JSON text in a string column: nothing is dropped, and the engine sees
 * the structure the seed had.
 */
public final class JsonlSeedParser {
  private JsonlSeedParser() {}

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // 12.50 stays 12.50: a decimal column keeps the scale the seed wrote.
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  private static final int MAX_JSON_IN_MESSAGE = 100;

  /** The JSON object on a line, or an exception naming the line when it is not one. */
  public static ObjectNode object(long line, String text) throws InvalidSeedRecordException {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidSeedRecordException(
          "line " + line + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InvalidSeedRecordException(
          "line " + line + ": expected a JSON object, found " + describe(node));
    }
    return (ObjectNode) node;
  }

  /**
   * One line as a core record: fields missing from the line are null; a field not in {@code types}
   * or of the wrong type fails the line, naming the field.
   */
  public static Map<String, Object> parse(
      long line, String text, Map<String, FieldType> types, Set<String> required)
      throws InvalidSeedRecordException {
    ObjectNode object = object(line, text);
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!types.containsKey(name)) {
        throw new InvalidSeedRecordException(
            "line " + line + ": field '" + name + "' is not in the schema " + types.keySet());
      }
    }
    Map<String, Object> record = new LinkedHashMap<>();
    for (Map.Entry<String, FieldType> column : types.entrySet()) {
      String name = column.getKey();
      JsonNode value = object.get(name);
      if (value == null || value.isNull()) {
        if (required.contains(name)) {
          throw new InvalidSeedRecordException(
              "line "
                  + line
                  + ", field '"
                  + name
                  + "': missing or null, but the schema requires a value");
        }
        record.put(name, null);
      } else {
        record.put(name, value(line, name, value, column.getValue()));
      }
    }
    return record;
  }

  private static Object value(long line, String name, JsonNode node, FieldType type)
      throws InvalidSeedRecordException {
    String at = "line " + line + ", field '" + name + "': ";
    if (node.isContainerNode() && type != FieldType.STRING) {
      throw new InvalidSeedRecordException(
          at + nestedKind(node) + " is not " + SeedValues.article(type));
    }
    switch (type) {
      case STRING:
        // A column inferred from mixed values is a string column, so every scalar reads as its
        // text, and an object or array as its compact JSON.
        return node.isContainerNode() ? node.toString() : node.asText();
      case BOOLEAN:
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        break;
      case INT:
        if (node.isIntegralNumber() && node.canConvertToInt()) {
          return node.intValue();
        }
        break;
      case LONG:
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          return node.longValue();
        }
        break;
      case FLOAT:
      case DOUBLE:
        if (node.isNumber()) {
          // A number beyond the type's range is refused with its line, as in a CSV seed, instead
          // of becoming infinite and failing the profile of the whole run.
          return parseNumber(at, node, type);
        }
        break;
      case DECIMAL:
        if (node.isNumber()) {
          return parseNumber(at, node, type);
        }
        return parseText(at, node, type);
      case DATE:
      case TIMESTAMP:
        return parseText(at, node, type);
      default:
        throw new IllegalStateException("unhandled type " + type);
    }
    throw new InvalidSeedRecordException(
        at + shortJson(node) + " is not " + SeedValues.article(type));
  }

  private static Object parseNumber(String at, JsonNode node, FieldType type)
      throws InvalidSeedRecordException {
    Object value =
        switch (type) {
          case FLOAT -> node.floatValue();
          case DOUBLE -> node.doubleValue();
          default -> node.decimalValue();
        };
    boolean beyondRange =
        value instanceof BigDecimal exact
            ? SeedValues.overflowsDouble(exact)
            : Double.isInfinite(((Number) value).doubleValue());
    if (beyondRange) {
      throw new InvalidSeedRecordException(at + SeedValues.beyondRange(node.asText(), type));
    }
    return value;
  }

  private static Object parseText(String at, JsonNode node, FieldType type)
      throws InvalidSeedRecordException {
    if (!node.isTextual()) {
      throw new InvalidSeedRecordException(
          at + shortJson(node) + " is not " + SeedValues.article(type) + " string");
    }
    try {
      return SeedValues.parse(node.textValue(), type);
    } catch (SeedValues.InvalidValueException e) {
      throw new InvalidSeedRecordException(at + e.getMessage());
    }
  }

  private static String nestedKind(JsonNode node) {
    return "nested (" + (node.isArray() ? "array" : "object") + ")";
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shortJson(node);
  }

  private static String shortJson(JsonNode node) {
    String json = node.toString();
    return json.length() <= MAX_JSON_IN_MESSAGE
        ? json
        : json.substring(0, MAX_JSON_IN_MESSAGE) + "...";
  }

  /**
   * Infers field types from JSON values: integers give long, any other number double, true/false
   * boolean, strings that are all dates (or all timestamps) date (timestamp); anything mixed, and
   * any object or array, is a string. A number column with an integer beyond long, or a decimal a
   * double cannot hold exactly, is DECIMAL. Fields appear in the order first seen; a field that is
   * always null is a string.
   */
  public static final class Inference {
    private enum Kind {
      INTEGRAL,
      /** An integer a long holds and a double does not. */
      WIDE_INTEGRAL,
      FLOATING,
      /** A number that neither long nor double holds exactly. */
      EXACT,
      NESTED,
      BOOLEAN,
      DATE,
      TIMESTAMP,
      /** A number a double cannot hold (1e309): its record is rejected when read. */
      BEYOND_RANGE,
      /** Written as a date but not one (2024-02-30): its record is rejected when read. */
      MALFORMED_DATE,
      MALFORMED_TIMESTAMP,
      TEXT
    }

    private final Map<String, EnumSet<Kind>> kinds = new LinkedHashMap<>();

    /** Records one object; nothing is refused, so source and line go unused. */
    public void observe(String source, long line, ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        EnumSet<Kind> seen = kinds.computeIfAbsent(field.getKey(), k -> EnumSet.noneOf(Kind.class));
        JsonNode value = field.getValue();
        if (!value.isNull()) {
          seen.add(kind(value));
        }
      }
    }

    /** Field name -> inferred type, in the order fields were first seen. */
    public Map<String, FieldType> types() {
      Map<String, FieldType> types = new LinkedHashMap<>();
      kinds.forEach((name, seen) -> types.put(name, type(seen)));
      return types;
    }

    private static final EnumSet<Kind> NUMBERS =
        EnumSet.of(Kind.INTEGRAL, Kind.WIDE_INTEGRAL, Kind.FLOATING, Kind.EXACT);

    private static Kind kind(JsonNode value) {
      if (value.isContainerNode()) {
        return Kind.NESTED;
      }
      if (value.isNumber() && SeedValues.overflowsDouble(value.decimalValue())) {
        return Kind.BEYOND_RANGE;
      }
      if (value.isIntegralNumber()) {
        if (!value.canConvertToLong()) {
          return Kind.EXACT;
        }
        return SeedValues.fitsDouble(value.asText()) ? Kind.INTEGRAL : Kind.WIDE_INTEGRAL;
      }
      if (value.isNumber()) {
        return SeedValues.fitsDouble(value.decimalValue().toString()) ? Kind.FLOATING : Kind.EXACT;
      }
      if (value.isBoolean()) {
        return Kind.BOOLEAN;
      }
      String text = value.asText();
      if (SeedValues.looksLike(text, FieldType.DATE)) {
        return Kind.DATE;
      }
      if (SeedValues.looksLike(text, FieldType.TIMESTAMP)) {
        return Kind.TIMESTAMP;
      }
      if (SeedValues.isMalformed(text, FieldType.DATE)) {
        return Kind.MALFORMED_DATE;
      }
      if (SeedValues.isMalformed(text, FieldType.TIMESTAMP)) {
        return Kind.MALFORMED_TIMESTAMP;
      }
      return Kind.TEXT;
    }

    private static FieldType type(EnumSet<Kind> seen) {
      if (seen.isEmpty()) {
        return FieldType.STRING;
      }
      if (seen.contains(Kind.BEYOND_RANGE) && seen.size() > 1) {
        // Numbers out of range leave a column of other numbers a number column.
        EnumSet<Kind> rest = EnumSet.copyOf(seen);
        rest.remove(Kind.BEYOND_RANGE);
        if (NUMBERS.containsAll(rest)) {
          return type(rest);
        }
      }
      if (EnumSet.of(Kind.INTEGRAL, Kind.WIDE_INTEGRAL).containsAll(seen)) {
        return FieldType.LONG;
      }
      if (EnumSet.of(Kind.INTEGRAL, Kind.FLOATING).containsAll(seen)) {
        return FieldType.DOUBLE;
      }
      if (EnumSet.of(Kind.INTEGRAL, Kind.WIDE_INTEGRAL, Kind.FLOATING, Kind.EXACT)
          .containsAll(seen)) {
        return FieldType.DECIMAL;
      }
      // Malformed dates leave a column of valid ones a date column (docs/ARCHITECTURE.md, "Seeds").
      if (seen.contains(Kind.DATE)
          && EnumSet.of(Kind.DATE, Kind.MALFORMED_DATE).containsAll(seen)) {
        return FieldType.DATE;
      }
      if (seen.contains(Kind.TIMESTAMP)
          && EnumSet.of(Kind.TIMESTAMP, Kind.MALFORMED_TIMESTAMP).containsAll(seen)) {
        return FieldType.TIMESTAMP;
      }
      if (seen.size() == 1) {
        Kind only = seen.iterator().next();
        if (only == Kind.BOOLEAN) {
          return FieldType.BOOLEAN;
        }
        if (only == Kind.DATE) {
          return FieldType.DATE;
        }
        if (only == Kind.TIMESTAMP) {
          return FieldType.TIMESTAMP;
        }
      }
      return FieldType.STRING;
    }
  }
}
