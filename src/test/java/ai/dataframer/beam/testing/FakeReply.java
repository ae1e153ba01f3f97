package ai.dataframer.beam.testing;

import java.util.Map;

/**
 * What the fake provider server answers to one call, before it is put in the call's wire format.
 */
public sealed interface FakeReply
    permits FakeReply.Text,
        FakeReply.ToolUse,
        FakeReply.Error,
        FakeReply.Malformed,
        FakeReply.Hang {

  /** The model answers with text (for JSON output, the JSON as text). */
  record Text(String text) implements FakeReply {}

  /** The model calls a tool. */
  record ToolUse(String toolName, String argumentsJson) implements FakeReply {}

  /**
   * An error answer in the provider's error shape.
   *
   * @param status the HTTP status
   * @param headers extra headers, e.g. {@code retry-after}
   */
  record Error(int status, Map<String, String> headers) implements FakeReply {
    public static Error of(int status) {
      return new Error(status, Map.of());
    }

    /** A 429 asking to wait {@code seconds}. */
    public static Error rateLimited(int seconds) {
      return new Error(429, Map.of("retry-after", String.valueOf(seconds)));
    }
  }

  /** A 200 whose body is not JSON. */
  record Malformed() implements FakeReply {}

  /** Reads the request and never answers: the client's timeout must fire. */
  record Hang() implements FakeReply {}

  static Text text(String text) {
    return new Text(text);
  }
}
