package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.Secret;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Reads secret versions from GCP Secret Manager's REST API ({@code GET v1/{name}:access}, the
 * payload's data in base64 with an optional CRC32C), authorized by the worker's Application Default
 * Credentials, as Google's Dataflow templates read their secrets. Each version is read once per JVM
 * and kept: the many DoFn instances of a worker share it.
 *
 * <p>The JDK HttpClient, as for the model calls (docs/ARCHITECTURE.md section 7); errors name the
 * secret, never a value.
 */
public final class SecretManagerAccess {
  /** The public endpoint; tests give a loopback one. */
  public static final String DEFAULT_ENDPOINT = "https://secretmanager.googleapis.com/v1/";

  private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile SecretManagerAccess shared;

  private final String endpoint;
  private final Supplier<String> bearerToken;
  private final HttpClient http;
  private final Map<String, Secret> read = new ConcurrentHashMap<>();

  /**
   * @param endpoint the API root ending in {@code /v1/}
   * @param bearerToken an OAuth access token for each call
   */
  public SecretManagerAccess(String endpoint, Supplier<String> bearerToken) {
    this.endpoint = endpoint.endsWith("/") ? endpoint : endpoint + "/";
    this.bearerToken = bearerToken;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The access of this JVM: the public endpoint with Application Default Credentials. */
  public static SecretManagerAccess shared() {
    SecretManagerAccess access = shared;
    if (access == null) {
      synchronized (SecretManagerAccess.class) {
        if (shared == null) {
          shared = new SecretManagerAccess(DEFAULT_ENDPOINT, SecretManagerAccess::adcToken);
        }
        access = shared;
      }
    }
    return access;
  }

  /** Replaces the JVM's access; for tests, which must not reach Google. */
  static void setSharedForTests(SecretManagerAccess access) {
    shared = access;
  }

  /**
   * The value of secret version {@code name}, read on first use.
   *
   * @throws IllegalStateException naming the secret when it cannot be read
   */
  public Secret access(String name) {
    return read.computeIfAbsent(name, this::fetch);
  }

  private Secret fetch(String name) {
    String reference = "Secret Manager secret " + name;
    HttpResponse<String> response;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(endpoint + name + ":access"))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token(reference))
              .header("Accept", "application/json")
              .GET()
              .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach Secret Manager for " + reference + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + reference, e);
    }
    int status = response.statusCode();
    if (status == 404) {
      throw new IllegalStateException(reference + " does not exist (HTTP 404)");
    }
    if (status == 401 || status == 403) {
      throw new IllegalStateException(
          reference
              + " cannot be read by this worker's credentials (HTTP "
              + status
              + "): grant its service account roles/secretmanager.secretAccessor on the secret");
    }
    if (status / 100 != 2) {
      throw new IllegalStateException(reference + " could not be read: HTTP " + status);
    }
    return decode(reference, response.body());
  }

  private String token(String reference) {
    try {
      return bearerToken.get();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("cannot read " + reference + ": " + e.getMessage(), e);
    }
  }

  private static Secret decode(String reference, String body) {
    JsonNode data;
    JsonNode crc;
    try {
      JsonNode payload = JSON.readTree(body).path("payload");
      data = payload.path("data");
      crc = payload.path("dataCrc32c");
    } catch (IOException e) {
      throw new IllegalStateException(reference + ": the answer is not JSON", null);
    }
    if (!data.isTextual()) {
      throw new IllegalStateException(reference + ": the answer has no payload.data");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(reference + ": payload.data is not base64", null);
    }
    if (!crc.isMissingNode() && !crc.isNull()) {
      CRC32C checksum = new CRC32C();
      checksum.update(bytes);
      if (!crc.asText().equals(Long.toString(checksum.getValue()))) {
        throw new IllegalStateException(
            reference + ": the payload does not match its CRC32C, it was corrupted on the way");
      }
    }
    String value = new String(bytes, StandardCharsets.UTF_8);
    if (value.isBlank()) {
      throw new IllegalStateException(reference + " is empty");
    }
    return Secret.of(value);
  }

  private static String adcToken() {
    try {
      GoogleCredentials credentials = GoogleCredentials.getApplicationDefault().createScoped(SCOPE);
      credentials.refreshIfExpired();
      AccessToken token = credentials.getAccessToken();
      if (token == null) {
        throw new IllegalStateException("Application Default Credentials gave no access token");
      }
      return token.getTokenValue();
    } catch (IOException e) {
      throw new IllegalStateException(
          "no Application Default Credentials to read Secret Manager secrets: " + e.getMessage(),
          e);
    }
  }
}
