package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.llm.JsonOutput;
import ai.dataframer.beam.core.spec.PropertyVariation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answers of outlines, critiques and judges: what each prompt asks for (a JSON Schema) and the
 * strict reading of the answer. Documents are text: non-empty is all that is asked of the text.
 */
final class Answers {
  /** Outlines with more parts would mean too many calls for one sample. */
  static final int MAX_OUTLINE_PARTS = 12;

  private Answers() {}

  /** A plan of a sample in parts, written before the sample. */
  record Outline(List<Part> parts) {
    record Part(String title, String notes) {}

    Outline {
      parts = List.copyOf(parts);
    }
  }

  /** A revision's critique: whether the sample needs changes and which. */
  record Critique(boolean needsChanges, List<String> issues) {
    Critique {
      issues = List.copyOf(issues);
    }
  }

  /** A judge's verdict on a sample. */
  record Verdict(boolean passes, List<String> issues) {
    Verdict {
      issues = List.copyOf(issues);
    }
  }

  /**
   * No {@code maxItems}: Anthropic's structured outputs refuse array bounds other than {@code
   * minItems} 0 or 1, so the prompt states the limit and {@link #outline} enforces it.
   */
  static final JsonOutput OUTLINE_SCHEMA =
      JsonOutput.withSchema(
          "outline",
          "{\"type\":\"object\",\"properties\":{\"parts\":{\"type\":\"array\",\"minItems\":1,"
              + "\"items\":{\"type\":\"object\",\"properties\":"
              + "{\"title\":{\"type\":\"string\"},\"notes\":{\"type\":\"string\"}},"
              + "\"required\":[\"title\",\"notes\"],\"additionalProperties\":false}}},"
              + "\"required\":[\"parts\"],\"additionalProperties\":false}");

  static final JsonOutput CRITIQUE_SCHEMA =
      JsonOutput.withSchema(
          "critique",
          "{\"type\":\"object\",\"properties\":{\"needs_changes\":{\"type\":\"boolean\"},"
              + "\"issues\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
              + "\"required\":[\"needs_changes\",\"issues\"],\"additionalProperties\":false}");

  static final JsonOutput VERDICT_SCHEMA =
      JsonOutput.withSchema(
          "verdict",
          "{\"type\":\"object\",\"properties\":{\"passes\":{\"type\":\"boolean\"},"
              + "\"issues\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
              + "\"required\":[\"passes\",\"issues\"],\"additionalProperties\":false}");

  static Outline outline(String answer) throws AnswerFormatException {
    ObjectNode object = StrictJson.readObject(answer);
    StrictJson.requireOnlyKeys(object, Set.of("parts"), "the outline");
    JsonNode parts = object.get("parts");
    if (parts == null || !parts.isArray() || parts.isEmpty()) {
      throw new AnswerFormatException(
          "\"parts\" must be a non-empty array of parts, but was " + StrictJson.describe(parts));
    }
    if (parts.size() > MAX_OUTLINE_PARTS) {
      throw new AnswerFormatException(
          "the outline has "
              + parts.size()
              + " parts; at most "
              + MAX_OUTLINE_PARTS
              + " are allowed, so merge some");
    }
    List<Outline.Part> read = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      JsonNode part = parts.get(i);
      String where = "part " + (i + 1);
      if (!part.isObject()) {
        throw new AnswerFormatException(
            where + " must be an object, but was " + StrictJson.describe(part));
      }
      StrictJson.requireOnlyKeys((ObjectNode) part, Set.of("title", "notes"), where);
      read.add(
          new Outline.Part(
              StrictJson.requireText(part, "title", where),
              StrictJson.requireText(part, "notes", where)));
    }
    return new Outline(read);
  }

  static Critique critique(String answer) throws AnswerFormatException {
    ObjectNode object = StrictJson.readObject(answer);
    StrictJson.requireOnlyKeys(object, Set.of("needs_changes", "issues"), "the critique");
    boolean needsChanges = StrictJson.requireBoolean(object, "needs_changes");
    List<String> issues = StrictJson.requireStrings(object, "issues");
    if (needsChanges && issues.isEmpty()) {
      throw new AnswerFormatException(
          "\"needs_changes\" is true but \"issues\" is empty: list each change to make");
    }
    return new Critique(needsChanges, needsChanges ? issues : List.of());
  }

  static Verdict verdict(String answer) throws AnswerFormatException {
    ObjectNode object = StrictJson.readObject(answer);
    StrictJson.requireOnlyKeys(object, Set.of("passes", "issues"), "the verdict");
    boolean passes = StrictJson.requireBoolean(object, "passes");
    List<String> issues = StrictJson.requireStrings(object, "issues");
    if (!passes && issues.isEmpty()) {
      throw new AnswerFormatException(
          "\"passes\" is false but \"issues\" is empty: say what is wrong");
    }
    return new Verdict(passes, passes ? List.of() : issues);
  }

  /** The schema of a classification: each property one of its listed values. */
  static JsonOutput classificationSchema(List<PropertyVariation> properties) {
    ObjectNode schema = StrictJson.MAPPER.createObjectNode();
    schema.put("type", "object");
    ObjectNode fields = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (PropertyVariation property : properties) {
      ObjectNode field = fields.putObject(property.name());
      field.put("type", "string");
      ArrayNode values = field.putArray("enum");
      property.values().forEach(values::add);
      required.add(property.name());
    }
    schema.put("additionalProperties", false);
    return JsonOutput.withSchema("classification", schema.toString());
  }

  /** Property name to the value the judge read, one of the property's listed values. */
  static Map<String, String> classification(String answer, List<PropertyVariation> properties)
      throws AnswerFormatException {
    ObjectNode object = StrictJson.readObject(answer);
    Set<String> names = new LinkedHashSet<>();
    properties.forEach(property -> names.add(property.name()));
    StrictJson.requireOnlyKeys(object, names, "the classification");
    Map<String, String> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (PropertyVariation property : properties) {
      JsonNode value = object.get(property.name());
      if (value == null || !value.isTextual()) {
        problems.add(
            "\""
                + property.name()
                + "\" must be one of "
                + property.values()
                + ", but was "
                + StrictJson.describe(value));
      } else if (!property.values().contains(value.textValue())) {
        problems.add(
            "\""
                + property.name()
                + "\" is \""
                + value.textValue()
                + "\", which is not one of "
                + property.values());
      } else {
        values.put(property.name(), value.textValue());
      }
    }
    if (!problems.isEmpty()) {
      throw new AnswerFormatException(String.join("; ", problems));
    }
    return values;
  }

  /** A document or a part of one: the answer's text, which must not be blank. */
  static String text(String answer) throws AnswerFormatException {
    String text = answer == null ? "" : answer.strip();
    if (text.isEmpty()) {
      throw new AnswerFormatException("the answer is empty; expected the text itself");
    }
    return text;
  }
}
