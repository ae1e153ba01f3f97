package ai.dataframer.beam.core.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed model call, typed by cause. Carries the HTTP status (0 when no response arrived) and a
 * short excerpt of the response body, already scrubbed of secrets; never a key or a token.
 */
public abstract class LlmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Characters of a response body kept in an error. */
  public static final int EXCERPT_CHARS = 300;

  private final String provider;
  private final int status;
  private final String bodyExcerpt;

  protected LlmException(
      String provider, int status, String message, String body, Throwable cause) {
    super(
        provider
            + ": "
            + message
            + (status > 0 ? " (HTTP " + status + ")" : "")
            + (body == null || body.isBlank() ? "" : ": " + excerpt(body)),
        cause);
    this.provider = provider;
    this.status = status;
    this.bodyExcerpt = body == null ? "" : excerpt(body);
  }

  public String provider() {
    return provider;
  }

  /** The HTTP status, or 0 when the call failed before a response (connection, timeout). */
  public int status() {
    return status;
  }

  public String bodyExcerpt() {
    return bodyExcerpt;
  }

  /**
   * Whether trying the same call again may succeed (docs/ARCHITECTURE.md section 7's transient
   * set).
   */
  public abstract boolean isTransient();

  /** How long the provider asked us to wait before trying again, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }

  static String excerpt(String body) {
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "...";
  }

  /** 400 and 422: the request is wrong; sending it again gives the same answer. */
  public static final class BadRequest extends LlmException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String provider, int status, String body) {
      super(provider, status, "the request was rejected", body, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** 401: the key or token is missing, wrong or expired. */
  public static final class Unauthorized extends LlmException {
    private static final long serialVersionUID = 1L;

    public Unauthorized(String provider, int status, String message, String body) {
      super(provider, status, message, body, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** 403: the key is valid but may not use this model or endpoint. */
  public static final class Forbidden extends LlmException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String provider, int status, String body) {
      super(provider, status, "the key may not use this model or endpoint", body, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** 404: no such model, endpoint or path at this base URL. */
  public static final class NotFound extends LlmException {
    private static final long serialVersionUID = 1L;

    public NotFound(String provider, int status, String body) {
      super(provider, status, "no such model or endpoint", body, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /** 429: too many requests or tokens; worth retrying after the delay the provider gives. */
  public static final class RateLimited extends LlmException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public RateLimited(String provider, int status, String body, Duration retryAfter) {
      super(provider, status, "rate limited", body, null);
      this.retryAfter = retryAfter;
    }

    @Override
    public boolean isTransient() {
      return true;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }

  /**
   * A status the provider may recover from (408, 409, 500, 502, 503, 504, 529 overloaded) or any
   * other unexpected status, transient only for the former.
   */
  public static final class ServerError extends LlmException {
    private static final long serialVersionUID = 1L;
    private final boolean isTransient;
    private final Duration retryAfter;

    public ServerError(
        String provider, int status, String body, boolean isTransient, Duration retryAfter) {
      super(provider, status, status == 529 ? "overloaded" : "the provider failed", body, null);
      this.isTransient = isTransient;
      this.retryAfter = retryAfter;
    }

    @Override
    public boolean isTransient() {
      return isTransient;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }

  /** No answer in time: connect, read or whole-call timeout. */
  public static final class Timeout extends LlmException {
    private static final long serialVersionUID = 1L;

    public Timeout(String provider, String message, Throwable cause) {
      super(provider, 0, message, null, cause);
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }

  /** The connection failed or broke: refused, reset, DNS. */
  public static final class Connection extends LlmException {
    private static final long serialVersionUID = 1L;

    public Connection(String provider, String message, Throwable cause) {
      super(provider, 0, message, null, cause);
    }

    @Override
    public boolean isTransient() {
      return true;
    }
  }

  /** A 2xx answer we cannot use: malformed JSON, or not the shape the provider documents. */
  public static final class InvalidResponse extends LlmException {
    private static final long serialVersionUID = 1L;

    public InvalidResponse(
        String provider, int status, String message, String body, Throwable cause) {
      super(provider, status, message, body, cause);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }

  /**
   * A request a provider batch API did not run: it expired (the batch's completion window ended
   * first) or was canceled, on its resubmission as on its first submission. Not transient: batch
   * mode resubmits an expired request once itself (docs/ARCHITECTURE.md section 7, "Batch mode").
   */
  public static final class BatchExpired extends LlmException {
    private static final long serialVersionUID = 1L;

    public BatchExpired(String provider, String message) {
      super(provider, 0, message, null, null);
    }

    @Override
    public boolean isTransient() {
      return false;
    }
  }
}
