package ai.dataframer.beam.pipelines.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Databricks service-principal credentials, shared by spec and run requests. The secret is best
 * given as DATABRICKS_CLIENT_SECRET in the environment so it stays out of shell history.
 */
public final class DatabricksOptions {
  static final String SECRET_VARIABLE = "DATABRICKS_CLIENT_SECRET";

  @Option(names = "--databricks-client-id", description = "Databricks service principal id.")
  String clientId;

  @Option(
      names = "--databricks-client-secret",
      description = "Databricks secret (default: $" + SECRET_VARIABLE + ").")
  String clientSecret;

  @Option(names = "--databricks-api-base", description = "Databricks serving endpoints URL.")
  String apiBase;

  /** Adds the credentials the user gave (or the environment holds) to a request body. */
  public void addTo(Map<String, Object> body, Map<String, String> environment) {
    RunRequestOptions.put(body, "databricks_client_id", clientId);
    String secret = clientSecret != null ? clientSecret : environment.get(SECRET_VARIABLE);
    if (clientId != null || apiBase != null || clientSecret != null) {
      RunRequestOptions.put(body, "databricks_client_secret", secret);
    }
    RunRequestOptions.put(body, "databricks_api_base", apiBase);
  }
}
