package ai.dataframer.beam.io.llm.anthropic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson mapper of the Anthropic client, shared by its encoder and decoder. */
final class AnthropicJson {
  /**
   * Trailing tokens fail the parse: {@code {"a":1} junk} is not a JSON document, whether it is an
   * answer from the server or a schema or tool arguments from the caller.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private AnthropicJson() {}
}
