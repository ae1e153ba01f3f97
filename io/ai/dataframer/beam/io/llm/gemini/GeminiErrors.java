package ai.dataframer.beam.io.llm.gemini;

import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.ProviderErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini's error answers, {@code {"error": {"code", "message", "status", "details": [...]}}},
 * typed. Two things differ from the shared mapping in {@link ProviderErrors}:
 *
 * <ul>
 *   <li>a wrong or expired key is a 400 {@code INVALID_ARGUMENT} with reason {@code
 *       API_KEY_INVALID}, not a 401; it is typed {@link LlmException.Unauthorized} so it is
 *       reported as a key problem and not as a bad request;
 *   <li>a 429 says when to retry in a {@code google.rpc.RetryInfo} detail ({@code "retryDelay":
 *       "37s"}) rather than in a header; that delay is used when no {@code Retry-After} came.
 * </ul>
 *
 * The body is scrubbed of the key before it is kept: the error details can echo it.
 */
final class GeminiErrors {
  private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)s");

  private GeminiErrors() {}

  static LlmException fromReply(HttpReply reply, List<Secret> secrets) {
    JsonNode details = details(reply.body());
    if (reply.status() == 400 && hasReason(details, "API_KEY_INVALID")) {
      return new LlmException.Unauthorized(
          GeminiClient.PROVIDER,
          reply.status(),
          "the key was not accepted",
          redact(reply.body(), secrets));
    }
    if (reply.status() == 429
        && reply.header("retry-after").isEmpty()
        && reply.header("retry-after-ms").isEmpty()) {
      Optional<Duration> delay = retryDelay(details);
      if (delay.isPresent()) {
        return new LlmException.RateLimited(
            GeminiClient.PROVIDER, reply.status(), redact(reply.body(), secrets), delay.get());
      }
    }
    return ProviderErrors.fromReply(GeminiClient.PROVIDER, reply, secrets);
  }

  /**
   * The error of a batch request that failed: a {@code google.rpc.Status} ({@code code} is a gRPC
   * code, with {@code message} and {@code details}). It is typed as the online error answer with
   * the HTTP status Google maps that code to, so a batch error is the same {@link LlmException} as
   * the online call's (an invalid key, a 429's RetryInfo and transient 5xx included).
   */
  static LlmException fromBatchStatus(JsonNode status, List<Secret> secrets) {
    int code = status.path("code").asInt(2);
    // A code of 100 or more is already an HTTP status (the online error shape).
    int http = code >= 100 ? code : httpStatusOf(code);
    ObjectNode error = GeminiJson.MAPPER.createObjectNode();
    ObjectNode inner = error.putObject("error");
    inner.put("code", http).put("message", status.path("message").asText(""));
    if (code < 100 && code >= 0 && code < GRPC_NAMES.size()) {
      inner.put("status", GRPC_NAMES.get(code));
    }
    if (status.has("details")) {
      inner.set("details", status.get("details"));
    }
    return fromReply(new HttpReply(http, Map.of(), error.toString()), secrets);
  }

  /** The gRPC code names, by code (google.rpc.Code). */
  private static final List<String> GRPC_NAMES =
      List.of(
          "OK",
          "CANCELLED",
          "UNKNOWN",
          "INVALID_ARGUMENT",
          "DEADLINE_EXCEEDED",
          "NOT_FOUND",
          "ALREADY_EXISTS",
          "PERMISSION_DENIED",
          "RESOURCE_EXHAUSTED",
          "FAILED_PRECONDITION",
          "ABORTED",
          "OUT_OF_RANGE",
          "UNIMPLEMENTED",
          "INTERNAL",
          "UNAVAILABLE",
          "DATA_LOSS",
          "UNAUTHENTICATED");

  /** The HTTP status google.rpc.Code documents for each gRPC code. */
  static int httpStatusOf(int grpcCode) {
    switch (grpcCode) {
      case 1:
        return 499; // CANCELLED
      case 3:
      case 9:
      case 11:
        return 400; // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
      case 4:
        return 504; // DEADLINE_EXCEEDED
      case 5:
        return 404;
      case 6:
      case 10:
        return 409; // ALREADY_EXISTS, ABORTED
      case 7:
        return 403;
      case 8:
        return 429; // RESOURCE_EXHAUSTED
      case 12:
        return 501;
      case 14:
        return 503; // UNAVAILABLE
      case 16:
        return 401;
      default:
        return 500; // UNKNOWN, INTERNAL, DATA_LOSS
    }
  }

  /** {@code error.details}, or a missing node when the body is not Gemini's error JSON. */
  private static JsonNode details(String body) {
    try {
      JsonNode root = GeminiJson.MAPPER.readTree(body);
      return root == null ? MissingNode.getInstance() : root.path("error").path("details");
    } catch (IOException notJson) {
      // A proxy's HTML page or a cut-off body: the shared mapping by status still applies.
      return MissingNode.getInstance();
    }
  }

  private static boolean hasReason(JsonNode details, String reason) {
    for (JsonNode detail : details) {
      if (reason.equals(detail.path("reason").asText(null))) {
        return true;
      }
    }
    return false;
  }

  /** The protobuf Duration of a RetryInfo detail, in its JSON form: seconds with an "s". */
  private static Optional<Duration> retryDelay(JsonNode details) {
    for (JsonNode detail : details) {
      if (detail.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
        Matcher delay = DELAY.matcher(detail.path("retryDelay").asText(""));
        if (delay.matches()) {
          return Optional.of(Duration.ofNanos((long) (Double.parseDouble(delay.group(1)) * 1e9)));
        }
      }
    }
    return Optional.empty();
  }

  private static String redact(String body, List<Secret> secrets) {
    String out = body;
    for (Secret secret : secrets) {
      out = secret.redactFrom(out);
    }
    return out;
  }
}
