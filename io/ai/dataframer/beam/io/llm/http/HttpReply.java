package ai.dataframer.beam.io.llm.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP response, read whole: provider answers are small JSON documents.
 *
 * @param status the status code
 * @param headers header name (lower case) to values
 * @param body the body as UTF-8 text
 */
public record HttpReply(int status, Map<String, List<String>> headers, String body) {
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
