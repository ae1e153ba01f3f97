package ai.dataframer.beam.io.llm.batch;

import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.ProviderErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * A batch results file, JSON Lines keyed by {@code custom_id}, as OpenAI, Anthropic and Together
 * write it; each provider reads the rest of a line its own way.
 */
public final class ResultLines {
  /** How a provider reads one line of ours into its result. */
  @FunctionalInterface
  public interface LineReader {
    LineResult read(JsonNode line, String modelId);
  }

  private ResultLines() {}

  /**
   * Adds to {@code out} the result of every line whose custom id is in {@code modelIds}; lines of
   * other requests are skipped, as nothing waits for them.
   *
   * @throws ai.dataframer.beam.core.llm.LlmException.InvalidResponse for a line that is not JSON
   */
  public static void read(
      String provider,
      HttpReply file,
      ObjectMapper mapper,
      List<Secret> secrets,
      Map<String, String> modelIds,
      LineReader reader,
      Map<String, LineResult> out) {
    for (String text : file.body().split("\n")) {
      if (text.isBlank()) {
        continue;
      }
      JsonNode line;
      try {
        line = mapper.readTree(text);
      } catch (JsonProcessingException e) {
        throw ProviderErrors.invalid(provider, file, "a results line is not JSON", secrets, e);
      }
      String customId = line.path("custom_id").asText("");
      String modelId = modelIds.get(customId);
      if (modelId != null) {
        out.put(customId, reader.read(line, modelId));
      }
    }
  }
}
