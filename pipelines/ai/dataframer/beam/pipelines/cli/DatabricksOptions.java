package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.io.llm.SecretSource;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Databricks service-principal credentials, shared by spec and run requests. The secret is best
 * given as DATABRICKS_CLIENT_SECRET in the environment so it stays out of shell history, or as a
 * Secret Manager secret the workers read; the job carries only where it comes from
 * (docs/ARCHITECTURE.md section 7, "Keys and secrets").
 */
public final class DatabricksOptions {
  static final String SECRET_VARIABLE = "DATABRICKS_CLIENT_SECRET";

  @Option(names = "--databricks-client-id", description = "Databricks service principal id.")
  String clientId;

  @Option(
      names = "--databricks-client-secret",
      description = "Databricks secret (default: $" + SECRET_VARIABLE + ").")
  String clientSecret;

  @Option(
      names = "--databricks-client-secret-secret",
      paramLabel = "projects/P/secrets/S/versions/V",
      description = "Databricks secret from GCP Secret Manager, read by the workers.")
  String clientSecretSecret;

  @Option(names = "--databricks-api-base", description = "Databricks serving endpoints URL.")
  String apiBase;

  /**
   * Adds the credentials the user gave (or the environment holds) to a request body; a Secret
   * Manager secret stands there as its reference, which {@link #clientSecretSource} reads back.
   */
  public void addTo(Map<String, Object> body, Map<String, String> environment) {
    if (clientSecret != null && clientSecretSecret != null) {
      throw new IllegalArgumentException(
          "give --databricks-client-secret or --databricks-client-secret-secret, not both");
    }
    RunRequestOptions.put(body, "databricks_client_id", clientId);
    String secret =
        clientSecretSecret != null
            ? ModelOptions.SECRET_MANAGER_PREFIX + clientSecretSecret
            : clientSecret != null ? clientSecret : environment.get(SECRET_VARIABLE);
    if (clientId != null || apiBase != null || clientSecret != null || clientSecretSecret != null) {
      RunRequestOptions.put(body, "databricks_client_secret", secret);
    }
    RunRequestOptions.put(body, "databricks_api_base", apiBase);
  }

  /** The secret of {@code --databricks-client-secret}, the variable or the Secret Manager one. */
  String secret(Map<String, String> environment) {
    if (clientSecretSecret != null) {
      return ModelOptions.SECRET_MANAGER_PREFIX + clientSecretSecret;
    }
    return clientSecret != null ? clientSecret : environment.get(SECRET_VARIABLE);
  }

  /**
   * Where a request's {@code databricks_client_secret} comes from: a {@code secret-manager:}
   * reference, the variable when it holds this value, else a value given to this process (option or
   * request file), which resolves in this JVM only.
   */
  static SecretSource clientSecretSource(String value, Map<String, String> environment) {
    if (value.startsWith(ModelOptions.SECRET_MANAGER_PREFIX)) {
      return ModelOptions.secretOption(
          "databricks_client_secret", value.substring(ModelOptions.SECRET_MANAGER_PREFIX.length()));
    }
    if (value.equals(environment.get(SECRET_VARIABLE))) {
      return SecretSource.environment(SECRET_VARIABLE, value);
    }
    return SecretSource.inProcess("databricks_client_secret", Secret.of(value));
  }
}
