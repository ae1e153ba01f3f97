package ai.dataframer.beam.io.llm.databricks;

import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Workspace access tokens of a service principal, by OAuth machine-to-machine: {@code POST
 * {workspace}/oidc/v1/token} with the client id and secret as HTTP Basic credentials and the form
 * {@code grant_type=client_credentials&scope=all-apis}; the answer's {@code access_token} is valid
 * for {@code expires_in} seconds (an hour, today).
 *
 * <p>A token is reused until {@link #EXPIRY_MARGIN} before it expires, counted from when it was
 * asked for, so a call never starts with a token about to lapse. However many calls need a token at
 * once, one request is in flight and they all wait for it. Thread-safe.
 */
public final class DatabricksTokens {
  /** How long before expiry a token is no longer handed out. */
  public static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);

  /**
   * The lifetime assumed when the answer gives none: short, so a wrong guess costs a few more token
   * requests rather than calls with an expired token.
   */
  static final Duration ASSUMED_LIFETIME = Duration.ofMinutes(5);

  static final String FORM = "grant_type=client_credentials&scope=all-apis";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpTransport transport;
  private final String tokenUrl;
  private final String clientId;
  private final Clock clock;

  /** {@code Basic base64(id:secret)}'s credentials: as secret as the secret itself. */
  private final Secret basicCredentials;

  private final List<Secret> secrets;

  private Secret token;
  private Instant usableUntil = Instant.MIN;
  private CompletableFuture<Secret> inFlight;

  /**
   * @param workspaceUrl the workspace's scheme and host, e.g. {@code
   *     https://adb-123.azuredatabricks.net}
   * @param clientId the service principal's application (client) id
   */
  public DatabricksTokens(
      HttpTransport transport,
      String workspaceUrl,
      String clientId,
      Secret clientSecret,
      Clock clock) {
    if (transport == null || workspaceUrl == null || clock == null) {
      throw new IllegalArgumentException(
          "Databricks tokens need a transport, a workspace and a clock");
    }
    if (clientId == null || clientId.isBlank() || clientSecret == null) {
      throw new IllegalArgumentException("Databricks OAuth needs a client id and a client secret");
    }
    this.transport = transport;
    this.tokenUrl = stripSlashes(workspaceUrl) + "/oidc/v1/token";
    this.clientId = clientId.strip();
    this.clock = clock;
    // Sent unencoded, as curl --user does: ids are UUIDs and secrets alphanumeric, so the form
    // encoding RFC 6749 asks for first would change nothing.
    this.basicCredentials =
        Secret.of(
            Base64.getEncoder()
                .encodeToString(
                    (this.clientId + ":" + clientSecret.reveal())
                        .getBytes(StandardCharsets.UTF_8)));
    this.secrets = List.of(clientSecret, basicCredentials);
  }

  /** A usable token: the cached one, the one being fetched, or a new one. */
  public CompletableFuture<Secret> token() {
    CompletableFuture<Secret> fetch;
    synchronized (this) {
      if (token != null && clock.instant().isBefore(usableUntil)) {
        return CompletableFuture.completedFuture(token);
      }
      if (inFlight != null) {
        return inFlight.copy();
      }
      fetch = new CompletableFuture<>();
      inFlight = fetch;
    }
    try {
      requestToken().whenComplete((fresh, error) -> settle(fetch, fresh, error));
    } catch (RuntimeException e) {
      settle(fetch, null, e);
    }
    return fetch.copy();
  }

  /**
   * A token to use after a server refused {@code rejected}: a new one, unless another caller has
   * already replaced it, so a burst of refusals costs one token request.
   */
  public CompletableFuture<Secret> renewAfterRejection(Secret rejected) {
    synchronized (this) {
      if (token != null && token.equals(rejected)) {
        token = null;
      }
    }
    return token();
  }

  /** The service principal's client id, for messages. */
  public String clientId() {
    return clientId;
  }

  /** Values to scrub from error bodies: the client secret and its Basic credentials. */
  List<Secret> secrets() {
    return secrets;
  }

  private void settle(CompletableFuture<Secret> fetch, Fresh fresh, Throwable error) {
    synchronized (this) {
      if (error == null) {
        token = fresh.token;
        usableUntil = fresh.usableUntil;
      }
      inFlight = null;
    }
    // Completed outside the lock: waiting calls go on to send their requests from here.
    if (error == null) {
      fetch.complete(fresh.token);
    } else {
      fetch.completeExceptionally(error);
    }
  }

  private CompletableFuture<Fresh> requestToken() {
    Instant askedAt = clock.instant();
    Map<String, String> headers = Map.of("Authorization", "Basic " + basicCredentials.reveal());
    return transport
        .post(
            DatabricksClient.PROVIDER, tokenUrl, headers, "application/x-www-form-urlencoded", FORM)
        .thenApply(reply -> read(reply, askedAt));
  }

  private Fresh read(HttpReply reply, Instant askedAt) {
    if (reply.status() == 400 || reply.status() == 401) {
      // OAuth answers invalid_client with 400 or 401: for a fixed form, that is the credentials.
      throw new LlmException.Unauthorized(
          DatabricksClient.PROVIDER,
          reply.status(),
          "the workspace's OAuth token endpoint rejected the client secret of service principal '"
              + clientId
              + "'; check the client id and secret",
          redact(reply.body()));
    }
    if (!reply.isSuccess()) {
      throw ProviderErrors.fromReply(DatabricksClient.PROVIDER, reply, secrets);
    }
    // A token answer's body holds the token, so it is never quoted in an error.
    HttpReply withheld = new HttpReply(reply.status(), reply.headers(), "");
    JsonNode answer;
    try {
      answer = JSON.readTree(reply.body());
    } catch (JsonProcessingException e) {
      throw ProviderErrors.invalid(
          DatabricksClient.PROVIDER,
          withheld,
          "the OAuth token answer is not JSON",
          List.of(),
          null);
    }
    JsonNode accessToken = answer == null ? null : answer.get("access_token");
    if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isBlank()) {
      throw ProviderErrors.invalid(
          DatabricksClient.PROVIDER,
          withheld,
          "the OAuth token answer has no access_token",
          List.of(),
          null);
    }
    JsonNode expiresIn = answer.get("expires_in");
    Duration lifetime =
        expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0
            ? Duration.ofSeconds(expiresIn.asLong())
            : ASSUMED_LIFETIME;
    return new Fresh(
        Secret.of(accessToken.asText()), askedAt.plus(lifetime).minus(margin(lifetime)));
  }

  /** {@link #EXPIRY_MARGIN}, or half the lifetime of a token too short-lived to spare a minute. */
  static Duration margin(Duration lifetime) {
    return lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0
        ? EXPIRY_MARGIN
        : lifetime.dividedBy(2);
  }

  private String redact(String body) {
    String out = body;
    for (Secret secret : secrets) {
      out = secret.redactFrom(out);
    }
    return out;
  }

  private static String stripSlashes(String url) {
    String out = url;
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private record Fresh(Secret token, Instant usableUntil) {}

  @Override
  public String toString() {
    return "DatabricksTokens[" + tokenUrl + ", client id " + clientId + ", secret set]";
  }
}
