package ai.dataframer.beam.io.sink;

import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.extensions.gcp.auth.GcpCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Fails at once, before a pipeline exists, when a BigQuery sink would have no credentials. Beam's
 * default credential factory turns "no Application Default Credentials" into no credentials at all,
 * and BigQueryIO then calls the API unauthenticated and retries for minutes before anything says
 * what is missing.
 *
 * <p>Looks where Application Default Credentials come from, in google-auth's order, but only at the
 * environment and local files: the GOOGLE_APPLICATION_CREDENTIALS file (which must exist and
 * parse), gcloud's well-known {@code application_default_credentials.json}, Cloud Shell, and the
 * signs of a Google Cloud machine whose metadata server serves credentials (the BIOS product name
 * google-auth itself reads, GCE_METADATA_HOST, the Cloud Run and App Engine variables). It never
 * probes the metadata server, the step of the lookup that can hang off Google Cloud. Credentials a
 * program sets with {@code GcpOptions.setGcpCredential} are not seen: such callers skip this check.
 */
public final class BigQueryPreflight {
  static final String CREDENTIALS_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS";
  private static final String WELL_KNOWN_FILE = "application_default_credentials.json";
  private static final Path LINUX_PRODUCT_NAME = Path.of("/sys/class/dmi/id/product_name");

  /**
   * Variables of Google Cloud runtimes where google-auth finds credentials without a file: a
   * metadata server (its host named, Cloud Run services and jobs, App Engine) or Cloud Shell.
   */
  private static final String[] GOOGLE_CLOUD_RUNTIME_VARIABLES = {
    "GCE_METADATA_HOST", "K_SERVICE", "CLOUD_RUN_JOB", "GAE_SERVICE", "DEVSHELL_CLIENT_PORT"
  };

  private BigQueryPreflight() {}

  /**
   * Throws IllegalStateException, saying how to provide credentials, when {@code bigQueryUri} is a
   * {@code bigquery:} sink and no Application Default Credentials can be found. Does nothing for
   * file sinks, or when the options name a credential factory other than Beam's default.
   */
  public static void check(String bigQueryUri, PipelineOptions options) {
    check(bigQueryUri, options, Environment.ofThisProcess());
  }

  static void check(String bigQueryUri, PipelineOptions options, Environment environment) {
    if (!SinkTarget.parse(bigQueryUri).isBigQuery()) {
      return;
    }
    if (!GcpCredentialFactory.class.equals(
        options.as(GcpOptions.class).getCredentialFactoryClass())) {
      return; // e.g. NoopCredentialFactory for an emulator: that factory decides
    }
    String variable = environment.variable(CREDENTIALS_VARIABLE);
    if (variable != null && !variable.isEmpty()) {
      requireCredentialsFile(bigQueryUri, Path.of(variable));
      return;
    }
    Path wellKnown = environment.wellKnownCredentialsFile();
    if (Files.isRegularFile(wellKnown)) {
      return; // google-auth reads it; a broken one fails with its own message there
    }
    if (environment.isOnGoogleCloud()) {
      return;
    }
    throw new IllegalStateException(
        bigQueryUri
            + " needs Google Cloud credentials, and no Application Default Credentials were found: "
            + CREDENTIALS_VARIABLE
            + " is not set, "
            + wellKnown
            + " does not exist, and this is not a Google Cloud machine. Run `gcloud auth"
            + " application-default login`, or set "
            + CREDENTIALS_VARIABLE
            + " to a service account key file (export "
            + CREDENTIALS_VARIABLE
            + "=/path/to/key.json).");
  }

  /** The file must exist and be a credentials file: parsing it makes no network call. */
  private static void requireCredentialsFile(String bigQueryUri, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          bigQueryUri
              + " needs Google Cloud credentials, but "
              + CREDENTIALS_VARIABLE
              + " names "
              + file
              + ", which is not a file. Point it at a service account key file, or unset it and"
              + " run `gcloud auth application-default login`.");
    }
    try (InputStream in = Files.newInputStream(file)) {
      GoogleCredentials.fromStream(in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          bigQueryUri
              + " needs Google Cloud credentials, but "
              + CREDENTIALS_VARIABLE
              + " names "
              + file
              + ", which is not a credentials file: "
              + e.getMessage(),
          e);
    }
  }

  /** What the check reads of the machine; tests pass their own. */
  record Environment(
      Map<String, String> variables, Path userHome, String osName, Path productNameFile) {
    static Environment ofThisProcess() {
      return new Environment(
          System.getenv(),
          Path.of(System.getProperty("user.home", "")),
          System.getProperty("os.name", ""),
          LINUX_PRODUCT_NAME);
    }

    String variable(String name) {
      return variables.get(name);
    }

    /** Where {@code gcloud auth application-default login} writes, as google-auth looks for it. */
    Path wellKnownCredentialsFile() {
      String config = variable("CLOUDSDK_CONFIG");
      Path folder;
      if (config != null) {
        folder = Path.of(config);
      } else if (osName.toLowerCase(Locale.ROOT).contains("windows")) {
        folder = Path.of(String.valueOf(variable("APPDATA")), "gcloud");
      } else {
        folder = userHome.resolve(".config").resolve("gcloud");
      }
      return folder.resolve(WELL_KNOWN_FILE);
    }

    /**
     * A Google Cloud machine or runtime, whose metadata server google-auth will find; false when
     * NO_GCE_CHECK=true, which turns that lookup off in google-auth too.
     */
    boolean isOnGoogleCloud() {
      if (Boolean.parseBoolean(variable("NO_GCE_CHECK"))) {
        return false;
      }
      for (String name : GOOGLE_CLOUD_RUNTIME_VARIABLES) {
        String value = variable(name);
        if (value != null && !value.isEmpty()) {
          return true;
        }
      }
      if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
        return false;
      }
      try {
        // The check google-auth makes when the metadata server does not answer at once.
        return Files.readString(productNameFile, StandardCharsets.UTF_8)
            .trim()
            .startsWith("Google");
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
  }
}
