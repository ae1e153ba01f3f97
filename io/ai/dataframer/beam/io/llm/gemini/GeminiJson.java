package ai.dataframer.beam.io.llm.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the Gemini client: mappers are costly to build and safe to share. */
final class GeminiJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private GeminiJson() {}

  /**
   * {@code json} as a JSON object, for the schemas and tool arguments a request carries as text.
   *
   * @throws IllegalArgumentException naming {@code what} when it is not JSON or not an object
   */
  static JsonNode object(String json, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    return node;
  }
}
