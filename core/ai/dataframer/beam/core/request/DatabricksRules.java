package ai.dataframer.beam.core.request;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Databricks credential rules shared by SpecCreate and RunCreate. */
final class DatabricksRules {
  static final String CLIENT_ID = "databricks_client_id";
  static final String CLIENT_SECRET = "databricks_client_secret";
  static final String API_BASE = "databricks_api_base";
  static final String REDACTED = "***";

  private DatabricksRules() {}

  /**
   * databricks/ models are rejected before any work starts unless all three credentials are given.
   *
   * @param modelsByField model field name to model id, in field order
   */
  static void checkCredentials(
      Violations violations,
      Map<String, String> modelsByField,
      String clientId,
      String clientSecret,
      String apiBase) {
    List<String> users = new ArrayList<>();
    String firstField = null;
    for (Map.Entry<String, String> model : modelsByField.entrySet()) {
      if (model.getValue() != null && ModelCatalog.isDatabricks(model.getValue())) {
        users.add(model.getKey() + " " + model.getValue());
        firstField = firstField == null ? model.getKey() : firstField;
      }
    }
    if (users.isEmpty()) {
      return;
    }
    List<String> missing = new ArrayList<>();
    addIfBlank(missing, CLIENT_ID, clientId);
    addIfBlank(missing, CLIENT_SECRET, clientSecret);
    addIfBlank(missing, API_BASE, apiBase);
    if (!missing.isEmpty()) {
      violations.add(
          firstField,
          String.join(" and ", users)
              + (users.size() == 1 ? " requires " : " require ")
              + CLIENT_ID
              + ", "
              + CLIENT_SECRET
              + " and "
              + API_BASE
              + "; missing: "
              + String.join(", ", missing));
    }
  }

  static void checkApiBase(Violations violations, String apiBase) {
    if (apiBase != null && !apiBase.isBlank() && !isHttpUrl(apiBase)) {
      violations.add(API_BASE, API_BASE + " must be an http(s) URL, but was '" + apiBase + "'");
    }
  }

  static String redact(String secret) {
    return secret == null ? null : REDACTED;
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void addIfBlank(List<String> missing, String field, String value) {
    if (value == null || value.isBlank()) {
      missing.add(field);
    }
  }
}
