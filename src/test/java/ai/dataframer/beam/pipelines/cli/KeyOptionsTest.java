package ai.dataframer.beam.pipelines.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.LlmClients;
import ai.dataframer.beam.io.llm.LlmSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;
import picocli.CommandLine;

/**
 * The three routes of a key on the command line (environment, Secret Manager, option), as the
 * references the jobs carry, and the launcher's checks (docs/ARCHITECTURE.md section 7, "Keys and
 * secrets").
 */
public class KeyOptionsTest {
  private static final String SECRET = "projects/p-1/secrets/anthropic/versions/latest";

  private static ModelOptions models(String... args) {
    return CommandLine.populateCommand(new ModelOptions(), args);
  }

  @Test
  public void eachRouteBecomesItsReference() {
    Map<String, String> environment = Map.of("OPENAI_API_KEY", "fake-openai-key-OPTIONSTEST-1");
    LlmSettings settings =
        models(
                "--anthropic-api-key-secret",
                SECRET,
                "--gemini-api-key",
                "gem-OPTIONSTEST-2",
                "--together-api-key-secret",
                "projects/p-1/secrets/together/versions/4")
            .settings(environment, null, null, null);
    assertEquals(
        "secret-manager:" + SECRET,
        settings.key(ModelProvider.ANTHROPIC).orElseThrow().reference());
    assertEquals(
        "env:OPENAI_API_KEY", settings.key(ModelProvider.OPENAI).orElseThrow().reference());
    assertEquals(
        "in-process:--gemini-api-key",
        settings.key(ModelProvider.GEMINI).orElseThrow().reference());
    assertEquals(
        "secret-manager:projects/p-1/secrets/together/versions/4",
        settings.key(ModelProvider.TOGETHER).orElseThrow().reference());
    assertFalse(settings.toString().contains("OPTIONSTEST"));
  }

  @Test
  public void aSecretManagerKeyCountsAsSetWithoutBeingRead() {
    ModelOptions options = models("--anthropic-api-key-secret", SECRET);
    assertTrue(options.environment(Map.of()).containsKey("ANTHROPIC_API_KEY"));
    LlmSettings settings = options.settings(Map.of(), null, null, null);
    assertEquals(
        java.util.List.of(),
        LlmClients.missingConfiguration(
            "generation_model", "anthropic/claude-haiku-4-5", settings));
    assertEquals(
        "a missing key still fails before the job, naming its variable",
        java.util.List.of("generation_model openai/gpt-5.4 needs OPENAI_API_KEY, which is not set"),
        LlmClients.missingConfiguration("generation_model", "openai/gpt-5.4", settings));
  }

  @Test
  public void aKeyAndItsSecretTogetherAreRefused() {
    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                models("--anthropic-api-key", "x", "--anthropic-api-key-secret", SECRET)
                    .settings(Map.of(), null, null, null));
    assertThat(both.getMessage(), containsString("--anthropic-api-key-secret, not both"));
  }

  @Test
  public void aMalformedSecretNameIsRefusedOnTheLauncher() {
    IllegalArgumentException wrong =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                models("--openai-api-key-secret", "openai-key")
                    .settings(Map.of(), null, null, null));
    assertThat(
        wrong.getMessage(), containsString("projects/PROJECT/secrets/SECRET/versions/VERSION"));
  }

  @Test
  public void theDatabricksSecretFromEachRoute() {
    DatabricksOptions databricks =
        CommandLine.populateCommand(
            new DatabricksOptions(),
            "--databricks-client-id",
            "principal",
            "--databricks-api-base",
            "https://adb-1.example/serving-endpoints",
            "--databricks-client-secret-secret",
            "projects/p-1/secrets/dbx/versions/1");
    Map<String, Object> body = new HashMap<>();
    databricks.addTo(body, Map.of());
    String inRequest = (String) body.get("databricks_client_secret");
    assertEquals(
        "secret-manager:projects/p-1/secrets/dbx/versions/1",
        DatabricksOptions.clientSecretSource(inRequest, Map.of()).reference());
    assertEquals(
        "env:DATABRICKS_CLIENT_SECRET",
        DatabricksOptions.clientSecretSource(
                "dose-OPTIONSTEST-3", Map.of("DATABRICKS_CLIENT_SECRET", "dose-OPTIONSTEST-3"))
            .reference());
    assertEquals(
        "in-process:databricks_client_secret",
        DatabricksOptions.clientSecretSource("dose-OPTIONSTEST-4", Map.of()).reference());
  }
}
