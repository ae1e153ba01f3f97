package ai.dataframer.beam.io.llm.http;

import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.Secret;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Maps an HTTP error answer to the typed error of its cause, the same way for every provider. */
public final class ProviderErrors {
  /** Statuses worth retrying (docs/ARCHITECTURE.md section 7); 429 is typed on its own. */
  static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 409, 500, 502, 503, 504, 529);

  private ProviderErrors() {}

  /**
   * The error for a non-2xx {@code reply}. The body excerpt is scrubbed of every secret in {@code
   * secrets}, in case a server echoes what it was sent.
   */
  public static LlmException fromReply(String provider, HttpReply reply, List<Secret> secrets) {
    String body = redact(reply.body(), secrets);
    int status = reply.status();
    Duration retryAfter = retryAfter(reply, Instant.now()).orElse(null);
    switch (status) {
      case 400:
      case 422:
        return new LlmException.BadRequest(provider, status, body);
      case 401:
        return new LlmException.Unauthorized(provider, status, "the key was not accepted", body);
      case 403:
        return new LlmException.Forbidden(provider, status, body);
      case 404:
        return new LlmException.NotFound(provider, status, body);
      case 429:
        return new LlmException.RateLimited(provider, status, body, retryAfter);
      default:
        return new LlmException.ServerError(
            provider, status, body, TRANSIENT_STATUSES.contains(status), retryAfter);
    }
  }

  /** A 2xx body that is not what the provider documents. */
  public static LlmException.InvalidResponse invalid(
      String provider, HttpReply reply, String what, List<Secret> secrets, Throwable cause) {
    return new LlmException.InvalidResponse(
        provider, reply.status(), what, redact(reply.body(), secrets), cause);
  }

  /**
   * The JSON object of a 2xx {@code reply}, read with {@code mapper}; the error of its cause for an
   * error status, or {@link #invalid} for a body that is not a JSON object.
   */
  public static JsonNode jsonObject(
      String provider, HttpReply reply, ObjectMapper mapper, List<Secret> secrets) {
    if (!reply.isSuccess()) {
      throw fromReply(provider, reply, secrets);
    }
    try {
      JsonNode root = mapper.readTree(reply.body());
      if (root == null || !root.isObject()) {
        throw invalid(provider, reply, "not a JSON object", secrets, null);
      }
      return root;
    } catch (JsonProcessingException e) {
      throw invalid(provider, reply, "the answer is not JSON", secrets, e);
    }
  }

  /**
   * The delay the server asks for: {@code retry-after-ms} (milliseconds, as OpenAI and Anthropic
   * send it) first, then {@code Retry-After} in seconds or as an HTTP date.
   */
  static Optional<Duration> retryAfter(HttpReply reply, Instant now) {
    Optional<String> millis = reply.header("retry-after-ms");
    if (millis.isPresent()) {
      try {
        double ms = Double.parseDouble(millis.get().strip());
        if (ms >= 0) {
          return Optional.of(Duration.ofNanos((long) (ms * 1_000_000)));
        }
      } catch (NumberFormatException ignored) {
        // Fall through to Retry-After.
      }
    }
    Optional<String> header = reply.header("retry-after");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    try {
      double seconds = Double.parseDouble(value);
      return seconds < 0
          ? Optional.empty()
          : Optional.of(Duration.ofNanos((long) (seconds * 1_000_000_000L)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  static String redact(String text, List<Secret> secrets) {
    String out = text;
    for (Secret secret : secrets) {
      out = secret.redactFrom(out);
    }
    return out;
  }
}
