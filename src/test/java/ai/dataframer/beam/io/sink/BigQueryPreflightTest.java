package ai.dataframer.beam.io.sink;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.io.sink.BigQueryPreflight.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Every case reads a made-up environment and temporary files: no network, no real credentials. */
public class BigQueryPreflightTest {
  private static final String URI = "bigquery:project-id:synthetic.tickets";

  /** A stand-in for the file `gcloud auth application-default login` writes; not a real account. */
  private static final String AUTHORIZED_USER =
      "{\"type\": \"authorized_user\", \"client_id\": \"test-client\","
          + " \"client_secret\": \"test-secret\", \"refresh_token\": \"test-refresh\"}";

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private final Map<String, String> variables = new HashMap<>();
  private Path home;
  private Path productName;
  private final PipelineOptions options = PipelineOptionsFactory.create();

  @Before
  public void emptyMachine() throws IOException {
    home = folder.newFolder("home").toPath();
    productName = folder.getRoot().toPath().resolve("product_name");
    Files.writeString(productName, "Standard PC (Q35 + ICH9, 2009)\n");
  }

  private Environment environment() {
    return new Environment(variables, home, "Linux", productName);
  }

  private String failure() {
    long start = System.nanoTime();
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () -> BigQueryPreflight.check(URI, options, environment()));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue("the check took " + millis + " ms", millis < 10_000);
    return error.getMessage();
  }

  private void passes() {
    BigQueryPreflight.check(URI, options, environment());
  }

  @Test
  public void noCredentialsAnywhereFailsAtOnceSayingHowToProvideThem() {
    String message = failure();
    assertTrue(message, message.startsWith(URI + " needs Google Cloud credentials"));
    assertTrue(message, message.contains("no Application Default Credentials were found"));
    assertTrue(message, message.contains("gcloud auth application-default login"));
    assertTrue(message, message.contains("GOOGLE_APPLICATION_CREDENTIALS=/path/to/key.json"));
    assertTrue(message, message.contains(home.resolve(".config/gcloud").toString()));
  }

  @Test
  public void fileSinksNeedNoCredentials() {
    BigQueryPreflight.check("parquet:/tmp/out", options, environment());
    BigQueryPreflight.check("jsonl:/tmp/out", options, environment());
  }

  @Test
  public void aVariableNamingAMissingFileFailsNamingTheFile() {
    variables.put("GOOGLE_APPLICATION_CREDENTIALS", "/no/such/key.json");
    String message = failure();
    assertTrue(message, message.contains("names /no/such/key.json, which is not a file"));
  }

  @Test
  public void aVariableNamingSomethingElseThanCredentialsFails() throws IOException {
    Path notKey = folder.newFile("notes.json").toPath();
    Files.writeString(notKey, "{\"hello\": \"world\"}");
    variables.put("GOOGLE_APPLICATION_CREDENTIALS", notKey.toString());
    String message = failure();
    assertTrue(message, message.contains("which is not a credentials file"));
  }

  @Test
  public void aVariableNamingACredentialsFilePasses() throws IOException {
    Path key = folder.newFile("key.json").toPath();
    Files.writeString(key, AUTHORIZED_USER);
    variables.put("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
    passes();
  }

  @Test
  public void gcloudsWellKnownFilePasses() throws IOException {
    Path gcloud = Files.createDirectories(home.resolve(".config/gcloud"));
    Files.writeString(gcloud.resolve("application_default_credentials.json"), AUTHORIZED_USER);
    passes();
  }

  @Test
  public void cloudsdkConfigMovesTheWellKnownFile() throws IOException {
    Path config = folder.newFolder("gcloud-config").toPath();
    Files.writeString(config.resolve("application_default_credentials.json"), AUTHORIZED_USER);
    variables.put("CLOUDSDK_CONFIG", config.toString());
    passes();
  }

  @Test
  public void aGoogleCloudVmPassesUnlessNoGceCheckTurnsItsMetadataServerOff() throws IOException {
    Files.writeString(productName, "Google Compute Engine\n");
    passes();
    variables.put("NO_GCE_CHECK", "true");
    failure();
  }

  @Test
  public void cloudRunPasses() {
    variables.put("K_SERVICE", "generator");
    passes();
  }

  @Test
  public void anotherCredentialFactoryDecidesForItself() {
    options.as(GcpOptions.class).setCredentialFactoryClass(NoopCredentialFactory.class);
    passes();
  }
}
