package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.ModelCatalogData;
import ai.dataframer.beam.core.request.RequestJson;
import ai.dataframer.beam.core.request.RequestValidationException;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.RunSizePolicy;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TextProfile;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.testing.FakeCall;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeWire;
import ai.dataframer.beam.testing.ScriptedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The model catalog through the {@code run} front door against the fake provider server
 * (docs/ARCHITECTURE.md section 7): a {@code --model-catalog} file re-points a retired id, the
 * request carries the new name and the manifest records both; thinking budgets are held to the
 * catalog's max output tokens before any pipeline exists; Claude models the catalog marks adaptive
 * get adaptive thinking, which the fake (like Anthropic) requires of adaptive-only models.
 */
public class ModelCatalogCliTest {
  private static final int SAMPLES = 2;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakeProviderServer fake;
  private Path store;

  @Before
  public void storeTheSpec() throws Exception {
    Path seed = tmp.getRoot().toPath().resolve("notes.csv");
    Files.writeString(seed, "body\nA short note\nAnother short note\nA third note\n");
    store = tmp.getRoot().toPath().resolve("store");
    SpecStore specs = SpecStore.at(store.toString());
    specs.create("notes", seed.toString(), "notes", Map.of());
    specs.update(
        "notes",
        new Spec(
            "Short notes",
            "Each record is one short note.",
            List.of(new PropertyVariation("tone", List.of("formal", "casual"), Map.of(), null)),
            List.of(
                new RecordField(
                    "body",
                    FieldType.STRING,
                    null,
                    0,
                    List.of(),
                    new TextProfile(4, 12, 40),
                    null))));
    fake = new FakeProviderServer().respondWith(new ScriptedModel("tone", "body")).start();
  }

  @After
  public void stop() throws Exception {
    fake.close();
  }

  private Path catalog(String json) throws Exception {
    Path file = tmp.newFile().toPath();
    Files.writeString(file, json);
    return file;
  }

  private String[] run(String model, Path output, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--spec",
                "notes",
                "--samples",
                String.valueOf(SAMPLES),
                "--random-seed",
                "5",
                "--generation-model",
                model,
                "--revision-model",
                model,
                "--revision-types",
                "coherence_flow",
                "--output",
                "jsonl:" + output,
                "--store",
                store.toString(),
                "--anthropic-api-key",
                "k",
                "--anthropic-base-url",
                fake.anthropicBaseUrl(),
                "--together-api-key",
                "k",
                "--together-base-url",
                fake.openAiBaseUrl()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  public void aCatalogOverrideRepointsARetiredTogetherIdAndTheManifestRecordsBothNames()
      throws Exception {
    Path file =
        catalog(
            "{\"version\": \"ops-1\", \"models\": {\"deepseek-ai/DeepSeek-V3.1\":"
                + " {\"provider_model\": \"deepseek-ai/DeepSeek-V3.2-Exp\"}}}");
    Path output = tmp.getRoot().toPath().resolve("out");

    CliRunner.succeed(run("deepseek-ai/DeepSeek-V3.1", output, "--model-catalog", file.toString()));

    List<FakeCall> calls = fake.calls();
    assertFalse(calls.isEmpty());
    for (FakeCall call : calls) {
      assertEquals(FakeWire.OPENAI, call.wire());
      assertEquals("deepseek-ai/DeepSeek-V3.2-Exp", call.model());
      assertEquals("deepseek-ai/DeepSeek-V3.2-Exp", call.json().path("model").asText());
    }
    RunManifest manifest = EndToEndTest.onlyManifest(store);
    assertEquals(SAMPLES, manifest.samplesCompleted());
    assertEquals("deepseek-ai/DeepSeek-V3.1", manifest.runtimeParams().get("generation_model"));
    assertEquals(
        Map.of("deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-V3.2-Exp"),
        manifest.modelRoutes());
    // Priced by the catalog entry the override kept: the re-pointed id keeps its prices.
    assertTrue(manifest.totalCost() > 0);
  }

  @Test
  public void withoutAnOverrideTheBundledNameIsSentAndRecorded() throws Exception {
    CliRunner.succeed(run("deepseek-ai/DeepSeek-V3.1", tmp.getRoot().toPath().resolve("out")));

    assertEquals("deepseek-ai/DeepSeek-V3.1", fake.calls().get(0).model());
    assertEquals(
        Map.of("deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-V3.1"),
        EndToEndTest.onlyManifest(store).modelRoutes());
  }

  @Test
  public void aBadOverrideNamesTheFileTheModelAndTheField() throws Exception {
    Path file =
        catalog("{\"models\": {\"deepseek-ai/DeepSeek-V3.1\": {\"provider_name\": \"x\"}}}");

    CliRunner.Outcome outcome =
        CliRunner.run(
            run(
                "deepseek-ai/DeepSeek-V3.1",
                tmp.getRoot().toPath().resolve("out"),
                "--model-catalog",
                file.toString()));

    assertNotEquals(0, outcome.exitCode());
    assertThat(outcome.errors(), containsString(file.toString()));
    assertThat(outcome.errors(), containsString("'deepseek-ai/DeepSeek-V3.1'"));
    assertThat(outcome.errors(), containsString("unknown field 'provider_name'"));
    assertTrue(fake.calls().isEmpty());
  }

  @Test
  public void aThinkingBudgetOverTheModelsOutputLimitIsRefusedBeforeAnyCall() {
    // Haiku 4.5: 64000 max output tokens, of which a draft answer takes up to 8192.
    CliRunner.Outcome outcome =
        CliRunner.run(
            run(
                "anthropic/claude-haiku-4-5-thinking",
                tmp.getRoot().toPath().resolve("out"),
                "--generation-thinking-budget",
                "60000"));

    assertNotEquals(0, outcome.exitCode());
    assertThat(
        outcome.errors(),
        containsString(
            "generation_thinking_budget must be <= 55808 for anthropic/claude-haiku-4-5-thinking"
                + " (max output 64000 tokens in model catalog 2026-12-04, minus up to 8192 for the"
                + " answer), but was 60000"));
    assertTrue(fake.calls().isEmpty());
  }

  @Test
  public void theBudgetIsHeldToTheOverriddenLimitSoTheOverrideAppliesBeforeValidation()
      throws Exception {
    Path file =
        catalog("{\"models\": {\"anthropic/claude-haiku-4-5\": {\"max_output_tokens\": 16384}}}");

    CliRunner.Outcome outcome =
        CliRunner.run(
            run(
                "anthropic/claude-haiku-4-5-thinking",
                tmp.getRoot().toPath().resolve("out"),
                "--generation-thinking-budget",
                "10000",
                "--model-catalog",
                file.toString()));

    assertNotEquals(0, outcome.exitCode());
    assertThat(outcome.errors(), containsString("generation_thinking_budget must be <= 8192"));
    assertTrue(fake.calls().isEmpty());
  }

  @Test
  public void theLibraryFrontDoorHoldsBudgetsToTheCatalogItIsGiven() {
    // RunJob.run without the CLI: the settings' catalog, not the bundled one, bounds the budget.
    LlmSettings models =
        LlmSettings.defaults()
            .withModelCatalog(
                ModelCatalogData.bundled()
                    .withOverrides(
                        "{\"models\": {\"anthropic/claude-haiku-4-5\":"
                            + " {\"max_output_tokens\": 16384}}}",
                        "ops.json"));
    RunCreate request =
        RequestJson.runCreate(
            Map.of(
                "spec_id",
                "notes",
                "number_of_samples",
                SAMPLES,
                "generation_model",
                "anthropic/claude-haiku-4-5-thinking",
                "generation_thinking_budget",
                10000),
            RunSizePolicy.API_LIMITS);

    RequestValidationException e =
        assertThrows(
            RequestValidationException.class,
            () ->
                RunJob.run(
                    request,
                    null,
                    RunTarget.builder()
                        .setStore(store.toString())
                        .setOutput("jsonl:" + tmp.getRoot().toPath().resolve("out"))
                        .setModels(models)
                        .build(),
                    new String[0]));

    assertThat(
        e.getMessage(),
        containsString(
            "generation_thinking_budget must be <= 8192 for anthropic/claude-haiku-4-5-thinking"
                + " (max output 16384 tokens in model catalog 2026-12-04+ops.json"));
    assertTrue(fake.calls().isEmpty());
  }

  @Test
  public void adaptiveModelsThinkAdaptivelyAndHaikuKeepsItsBudget() throws Exception {
    // Re-pointed to an adaptive-only model, which the fake refuses {type: enabled} for, as
    // Anthropic does: the run succeeds only if the route sends adaptive thinking.
    Path file =
        catalog(
            "{\"models\": {\"anthropic/claude-opus-4-6\": {\"provider_model\":"
                + " \"claude-opus-4-7\"}}}");
    CliRunner.succeed(
        run(
            "anthropic/claude-opus-4-6-thinking",
            tmp.getRoot().toPath().resolve("opus"),
            "--model-catalog",
            file.toString(),
            "--generation-thinking-budget",
            "8192",
            "--revision-thinking-budget",
            "8192"));
    List<FakeCall> opus = new ArrayList<>(fake.calls());
    assertFalse(opus.isEmpty());
    for (FakeCall call : opus) {
      assertEquals("claude-opus-4-7", call.model());
      assertEquals("adaptive", call.json().path("thinking").path("type").asText());
      assertFalse(call.json().path("thinking").has("budget_tokens"));
      assertEquals("medium", call.json().path("output_config").path("effort").asText());
    }

    CliRunner.succeed(
        run("anthropic/claude-haiku-4-5-thinking", tmp.getRoot().toPath().resolve("haiku")));
    List<FakeCall> haiku = fake.calls().subList(opus.size(), fake.calls().size());
    assertFalse(haiku.isEmpty());
    for (FakeCall call : haiku) {
      assertEquals("claude-haiku-4-5", call.model());
      assertEquals("enabled", call.json().path("thinking").path("type").asText());
      assertThat(call.json().path("output_config").toString(), not(containsString("effort")));
    }
  }
}
