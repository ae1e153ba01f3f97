package ai.dataframer.beam.core.specgen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's answer as written, before repair: the JSON of {@link #SCHEMA}, parsed strictly as
 * JSON but leniently in shape. Distributions may come as lists of {@code {value, percent}} (the
 * schema's form, which strict structured outputs can express) or as {@code {value: percent}}
 * objects; a percentage may be a number or a numeric string with an optional {@code %}. What is
 * missing or of the wrong type is left for {@link SpecRepair} to repair or refuse; only an answer
 * that is not a JSON object with a non-empty {@code properties} list and {@code requirements} is
 * unusable here.
 */
record SpecDraft(String description, String requirements, List<Property> properties) {

  /**
   * @param name as written, may be null
   * @param values as written, numbers and booleans as text
   * @param base value -> percent, in answer order; NaN where the percentage was not a number; null
   *     when the answer gave none
   * @param conditional null when the answer gave none
   */
  record Property(
      String name, List<String> values, Map<String, Double> base, Conditional conditional) {}

  /**
   * @param parent the parent property as written
   * @param byParentValue parent value -> (value -> percent), in answer order
   */
  record Conditional(String parent, Map<String, Map<String, Double>> byParentValue) {}

  static final String SCHEMA_NAME = "dataframer_spec";

  private static final String DISTRIBUTION =
      "{\"type\":\"array\",\"items\":{\"type\":\"object\","
          + "\"additionalProperties\":false,\"required\":[\"value\",\"percent\"],\"properties\":{"
          + "\"value\":{\"type\":\"string\"},\"percent\":{\"type\":\"number\"}}}}";

  /** The answer's JSON Schema: every object closed and every key required, as strict modes want. */
  static final String SCHEMA =
      "{\"type\":\"object\",\"additionalProperties\":false,"
          + "\"required\":[\"description\",\"requirements\",\"properties\"],\"properties\":{"
          + "\"description\":{\"type\":\"string\"},"
          + "\"requirements\":{\"type\":\"string\"},"
          + "\"properties\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalProperties\":false,"
          + "\"required\":[\"name\",\"values\",\"base_distribution\",\"conditional\"],\"properties\":{"
          + "\"name\":{\"type\":\"string\"},"
          + "\"values\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
          + "\"base_distribution\":"
          + DISTRIBUTION
          + ","
          + "\"conditional\":{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"object\",\"additionalProperties\":false,"
          + "\"required\":[\"parent\",\"distributions\"],\"properties\":{"
          + "\"parent\":{\"type\":\"string\"},"
          + "\"distributions\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalProperties\":false,"
          + "\"required\":[\"parent_value\",\"distribution\"],\"properties\":{"
          + "\"parent_value\":{\"type\":\"string\"},\"distribution\":"
          + DISTRIBUTION
          + "}}}}}]}}}}}}";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads an answer. Text around one JSON object (a Markdown fence, a sentence before it) is
   * ignored.
   *
   * @throws UnusableAnswerException saying what is wrong, for the model to fix
   */
  static SpecDraft parse(String answer) {
    JsonNode root = readObject(answer);
    String requirements = text(root.get("requirements"));
    if (requirements == null || requirements.isBlank()) {
      throw new UnusableAnswerException("the answer has no \"requirements\" text");
    }
    JsonNode properties = root.get("properties");
    if (properties == null || !properties.isArray()) {
      throw new UnusableAnswerException("the answer has no \"properties\" list");
    }
    if (properties.isEmpty()) {
      throw new UnusableAnswerException("the answer's \"properties\" list is empty");
    }
    List<Property> parsed = new ArrayList<>();
    for (JsonNode property : properties) {
      if (property.isObject()) {
        parsed.add(property(property));
      }
    }
    if (parsed.isEmpty()) {
      throw new UnusableAnswerException("the answer's \"properties\" list holds no objects");
    }
    return new SpecDraft(
        text(root.get("description")), requirements.strip(), Collections.unmodifiableList(parsed));
  }

  private static JsonNode readObject(String answer) {
    String text = answer == null ? "" : answer.strip();
    if (text.isEmpty()) {
      throw new UnusableAnswerException("the answer is empty; expected one JSON object");
    }
    int start = text.indexOf('{');
    if (start < 0) {
      throw new UnusableAnswerException("the answer is not a JSON object: " + excerpt(text));
    }
    int end = text.lastIndexOf('}');
    try {
      JsonNode root =
          JSON.readTree(end > start ? text.substring(start, end + 1) : text.substring(start));
      if (root == null || !root.isObject()) {
        throw new UnusableAnswerException("the answer is not a JSON object: " + excerpt(text));
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new UnusableAnswerException(
          "the answer is not valid JSON ("
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
  }

  private static Property property(JsonNode node) {
    JsonNode name = node.has("name") ? node.get("name") : node.get("property_name");
    JsonNode values = node.has("values") ? node.get("values") : node.get("property_values");
    List<String> texts = new ArrayList<>();
    if (values != null && values.isArray()) {
      for (JsonNode value : values) {
        String text = text(value);
        if (text != null) {
          texts.add(text);
        }
      }
    }
    JsonNode base =
        node.has("base_distribution")
            ? node.get("base_distribution")
            : node.get("base_distributions");
    JsonNode conditional =
        node.has("conditional") ? node.get("conditional") : node.get("conditional_distribution");
    return new Property(
        text(name),
        Collections.unmodifiableList(texts),
        distribution(base),
        conditional(conditional));
  }

  private static Conditional conditional(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
    JsonNode distributions = node.get("distributions");
    if (distributions != null && distributions.isArray()) {
      for (JsonNode row : distributions) {
        String parentValue = text(row.get("parent_value"));
        Map<String, Double> distribution = distribution(row.get("distribution"));
        if (parentValue != null && distribution != null) {
          rows.putIfAbsent(parentValue, distribution);
        }
      }
    } else if (distributions != null && distributions.isObject()) {
      distributions
          .fields()
          .forEachRemaining(
              row -> {
                Map<String, Double> distribution = distribution(row.getValue());
                if (distribution != null) {
                  rows.putIfAbsent(row.getKey(), distribution);
                }
              });
    }
    return new Conditional(text(node.get("parent")), rows);
  }

  /** A distribution in either form; null when the node is neither a list nor an object. */
  private static Map<String, Double> distribution(JsonNode node) {
    if (node == null || !(node.isArray() || node.isObject())) {
      return null;
    }
    Map<String, Double> distribution = new LinkedHashMap<>();
    if (node.isArray()) {
      for (JsonNode entry : node) {
        String value = text(entry.get("value"));
        if (value != null) {
          distribution.putIfAbsent(value, percent(entry.get("percent")));
        }
      }
    } else {
      node.fields()
          .forEachRemaining(e -> distribution.putIfAbsent(e.getKey(), percent(e.getValue())));
    }
    return distribution;
  }

  private static double percent(JsonNode node) {
    if (node == null) {
      return Double.NaN;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.textValue().strip().replaceAll("%$", "").strip());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** Text of a scalar; null for a missing node, null, an array or an object. */
  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isContainerNode()) {
      return null;
    }
    return node.asText();
  }

  private static String excerpt(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 120 ? "'" + flat + "'" : "'" + flat.substring(0, 120) + "...'";
  }
}
