package ai.dataframer.beam.core.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads model answers that must be one JSON object, strictly: no trailing text, no duplicate keys,
 * floats as exact decimals; the only leniency is one markdown code fence around the whole answer,
 * which models add even in JSON mode. Also writes the JSON that prompts show.
 */
final class StrictJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final int MAX_ANSWER_IN_MESSAGE = 200;

  private StrictJson() {}

  /** The answer as a JSON object. */
  static ObjectNode readObject(String answer) throws AnswerFormatException {
    String json = withoutCodeFence(answer == null ? "" : answer.strip());
    if (json.isEmpty()) {
      throw new AnswerFormatException("the answer is empty; expected one JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AnswerFormatException(
          "the answer is not valid JSON (" + e.getOriginalMessage() + "): " + excerpt(json));
    }
    if (node == null || !node.isObject()) {
      throw new AnswerFormatException(
          "expected one JSON object, but the answer is "
              + (node == null ? "empty" : "a JSON " + node.getNodeType().name().toLowerCase())
              + ": "
              + excerpt(json));
    }
    return (ObjectNode) node;
  }

  /** Fails naming every key of {@code object} that is not in {@code allowed}. */
  static void requireOnlyKeys(ObjectNode object, Set<String> allowed, String what)
      throws AnswerFormatException {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new AnswerFormatException(
          what + " has unknown keys " + unknown + "; allowed are " + new TreeSet<>(allowed));
    }
  }

  static boolean requireBoolean(ObjectNode object, String key) throws AnswerFormatException {
    JsonNode value = object.get(key);
    if (value == null || !value.isBoolean()) {
      throw new AnswerFormatException(
          "\"" + key + "\" must be true or false, but was " + describe(value));
    }
    return value.booleanValue();
  }

  /** A list of strings; blank entries are dropped. */
  static List<String> requireStrings(ObjectNode object, String key) throws AnswerFormatException {
    JsonNode value = object.get(key);
    if (value == null || !value.isArray()) {
      throw new AnswerFormatException(
          "\"" + key + "\" must be an array of strings, but was " + describe(value));
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new AnswerFormatException(
            "\"" + key + "\" must hold only strings, but holds " + describe(item));
      }
      if (!item.textValue().isBlank()) {
        strings.add(item.textValue().strip());
      }
    }
    return strings;
  }

  static String requireText(JsonNode object, String key, String where)
      throws AnswerFormatException {
    JsonNode value = object.get(key);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw new AnswerFormatException(
          where + " needs a non-empty string \"" + key + "\", but it was " + describe(value));
    }
    return value.textValue().strip();
  }

  /** A JSON value as a message shows it: its type and a short excerpt. */
  static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "missing";
    }
    String type = value.getNodeType().name().toLowerCase();
    return "a " + type + " (" + excerpt(value.toString()) + ")";
  }

  static String excerpt(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= MAX_ANSWER_IN_MESSAGE
        ? flat
        : flat.substring(0, MAX_ANSWER_IN_MESSAGE) + "...";
  }

  /** Compact JSON of a value (records, lists of strings), dates as ISO text, decimals plain. */
  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write JSON", e);
    }
  }

  /** The JSON text of a string, quotes and escapes included. */
  static String quote(String text) {
    return write(text);
  }

  private static String withoutCodeFence(String text) {
    if (!text.startsWith("```") || !text.endsWith("```") || text.length() < 6) {
      return text;
    }
    int firstLineEnd = text.indexOf('\n');
    if (firstLineEnd < 0) {
      return text;
    }
    return text.substring(firstLineEnd + 1, text.length() - 3).strip();
  }
}
