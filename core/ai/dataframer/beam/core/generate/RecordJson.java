package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.seed.SeedValues;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Records as model answers: the JSON Schema asked for (built from {@code record_fields}), the
 * strict reading of an answer into a core record, and the JSON that prompts show of a record.
 *
 * <p>Reading is strict: every field present, no other, each value of the field's type (numbers as
 * JSON numbers, booleans as JSON booleans, dates {@code yyyy-MM-dd} and timestamps ISO-8601 as
 * strings) or null where the field may be null; decimals get the field's scale when that loses
 * nothing. Every problem of an answer is named, so one repair can fix them all.
 */
final class RecordJson {
  /** The key of a per-field answer: {@code {"value": ...}}. */
  static final String VALUE_KEY = "value";

  private final List<RecordField> fields;
  private final Set<String> fieldNames;

  RecordJson(Spec spec) {
    this.fields = spec.recordFields();
    Set<String> names = new LinkedHashSet<>();
    for (RecordField field : fields) {
      names.add(field.name());
    }
    this.fieldNames = Set.copyOf(names);
  }

  /** Null is allowed: the field is bound to a property whose plan value is null, or is nullable. */
  static boolean mayBeNull(RecordField field, SamplePlan plan) {
    if (field.isBound()) {
      return RecordField.NULL_VALUE.equals(plan.propertyValues().get(field.property()));
    }
    return field.nullablePercent() > 0;
  }

  /** The schema of a whole record for this plan: all fields required, nothing else allowed. */
  String recordSchema(SamplePlan plan) {
    ObjectNode schema = StrictJson.MAPPER.createObjectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (RecordField field : fields) {
      properties.set(field.name(), valueSchema(field, plan));
      required.add(field.name());
    }
    schema.put("additionalProperties", false);
    return schema.toString();
  }

  /** The schema of a per-field answer, {@code {"value": ...}}. */
  String fieldAnswerSchema(RecordField field, SamplePlan plan) {
    ObjectNode schema = StrictJson.MAPPER.createObjectNode();
    schema.put("type", "object");
    schema.putObject("properties").set(VALUE_KEY, valueSchema(field, plan));
    schema.putArray("required").add(VALUE_KEY);
    schema.put("additionalProperties", false);
    return schema.toString();
  }

  /**
   * A nullable value is {@code anyOf} the type and null rather than a list of types: Anthropic's
   * structured outputs take only the former, and OpenAI and Gemini take both.
   */
  private static ObjectNode valueSchema(RecordField field, SamplePlan plan) {
    ObjectNode schema = StrictJson.MAPPER.createObjectNode();
    schema.put("type", jsonType(field.type()));
    if (field.type() == FieldType.DATE) {
      schema.put("format", "date");
    } else if (field.type() == FieldType.TIMESTAMP) {
      schema.put("format", "date-time");
    }
    if (!mayBeNull(field, plan)) {
      return schema;
    }
    ObjectNode nullable = StrictJson.MAPPER.createObjectNode();
    ArrayNode anyOf = nullable.putArray("anyOf");
    anyOf.add(schema);
    anyOf.addObject().put("type", "null");
    return nullable;
  }

  private static String jsonType(FieldType type) {
    switch (type) {
      case BOOLEAN:
        return "boolean";
      case INT:
      case LONG:
        return "integer";
      case FLOAT:
      case DOUBLE:
      case DECIMAL:
        return "number";
      case STRING:
      case DATE:
      case TIMESTAMP:
        return "string";
      default:
        throw new IllegalStateException("unhandled type " + type);
    }
  }

  /** A whole record from an answer, in field order. */
  Map<String, Object> parseRecord(String answer, SamplePlan plan) throws AnswerFormatException {
    ObjectNode object = StrictJson.readObject(answer);
    List<String> problems = new ArrayList<>();
    for (var names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fieldNames.contains(name)) {
        problems.add("\"" + name + "\" is not a field of the record");
      }
    }
    Map<String, Object> record = new LinkedHashMap<>();
    for (RecordField field : fields) {
      JsonNode node = object.get(field.name());
      if (node == null) {
        problems.add("field \"" + field.name() + "\" is missing");
        continue;
      }
      try {
        record.put(field.name(), value(field, node, plan));
      } catch (AnswerFormatException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new AnswerFormatException(
          "the record does not match its fields: " + String.join("; ", problems));
    }
    return record;
  }

  /** The value of one field from a per-field answer {@code {"value": ...}}. */
  Object parseFieldAnswer(String answer, RecordField field, SamplePlan plan)
      throws AnswerFormatException {
    ObjectNode object = StrictJson.readObject(answer);
    StrictJson.requireOnlyKeys(object, Set.of(VALUE_KEY), "the answer");
    JsonNode node = object.get(VALUE_KEY);
    if (node == null) {
      throw new AnswerFormatException("the answer needs the key \"value\"");
    }
    return value(field, node, plan);
  }

  /** A field's value of the core class of its type, or null. */
  static Object value(RecordField field, JsonNode node, SamplePlan plan)
      throws AnswerFormatException {
    String name = field.name();
    if (node.isNull()) {
      if (!mayBeNull(field, plan)) {
        throw new AnswerFormatException("field \"" + name + "\" is null, but it may not be null");
      }
      return null;
    }
    switch (field.type()) {
      case BOOLEAN:
        if (!node.isBoolean()) {
          throw wrongType(field, node, "a JSON boolean (true or false)");
        }
        return node.booleanValue();
      case INT:
        return integral(field, node).intValueExact();
      case LONG:
        return integral(field, node).longValueExact();
      case FLOAT:
        return (float) finite(field, node, (float) number(field, node).doubleValue());
      case DOUBLE:
        return finite(field, node, number(field, node).doubleValue());
      case DECIMAL:
        return decimal(field, node);
      case STRING:
        if (!node.isTextual()) {
          throw wrongType(field, node, "a JSON string");
        }
        return node.textValue();
      case DATE:
        try {
          return LocalDate.parse(text(field, node, "a date string \"yyyy-MM-dd\""));
        } catch (DateTimeParseException e) {
          throw wrongType(field, node, "a date string \"yyyy-MM-dd\"");
        }
      case TIMESTAMP:
        try {
          return SeedValues.parse(
              text(field, node, "an ISO-8601 timestamp string"), FieldType.TIMESTAMP);
        } catch (SeedValues.InvalidValueException e) {
          throw wrongType(
              field, node, "an ISO-8601 timestamp string such as \"2024-05-01T12:30:00Z\"");
        }
      default:
        throw new IllegalStateException("unhandled type " + field.type());
    }
  }

  private static BigDecimal number(RecordField field, JsonNode node) throws AnswerFormatException {
    if (!node.isNumber()) {
      throw wrongType(field, node, "a JSON number");
    }
    return node.decimalValue();
  }

  private static BigDecimal integral(RecordField field, JsonNode node)
      throws AnswerFormatException {
    BigDecimal number = number(field, node);
    try {
      BigDecimal whole = number.setScale(0);
      if (field.type() == FieldType.INT) {
        whole.intValueExact();
      } else {
        whole.longValueExact();
      }
      return whole;
    } catch (ArithmeticException e) {
      throw wrongType(
          field, node, "a whole JSON number in the range of " + field.type().yamlName());
    }
  }

  private static double finite(RecordField field, JsonNode node, double value)
      throws AnswerFormatException {
    if (Double.isInfinite(value) || Double.isNaN(value)) {
      throw wrongType(field, node, "a finite " + field.type().yamlName());
    }
    return value;
  }

  /**
   * A DECIMAL at its field's scale, rounded half-up from more places as a cast to DECIMAL(p, s)
   * would: 19.994 written for a price in cents is 19.99, not a repair call.
   */
  private static BigDecimal decimal(RecordField field, JsonNode node) throws AnswerFormatException {
    BigDecimal number = number(field, node);
    return field.scale() == null ? number : number.setScale(field.scale(), RoundingMode.HALF_UP);
  }

  private static String text(RecordField field, JsonNode node, String expected)
      throws AnswerFormatException {
    if (!node.isTextual()) {
      throw wrongType(field, node, expected);
    }
    return node.textValue();
  }

  private static AnswerFormatException wrongType(
      RecordField field, JsonNode node, String expected) {
    return new AnswerFormatException(
        "field \""
            + field.name()
            + "\" must be "
            + expected
            + ", but was "
            + StrictJson.describe(node));
  }

  /**
   * The JSON of a record as prompts show it: the spec's fields in order, then any other keys
   * sorted, so the same record always renders to the same bytes.
   */
  String render(Map<String, Object> record) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (RecordField field : fields) {
      if (record.containsKey(field.name())) {
        ordered.put(field.name(), record.get(field.name()));
      }
    }
    Map<String, Object> others = new TreeMap<>();
    for (Map.Entry<String, Object> entry : record.entrySet()) {
      if (!ordered.containsKey(entry.getKey())) {
        others.put(entry.getKey(), entry.getValue());
      }
    }
    ordered.putAll(others);
    return StrictJson.write(ordered);
  }
}
