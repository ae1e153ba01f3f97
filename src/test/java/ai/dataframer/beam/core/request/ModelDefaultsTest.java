package ai.dataframer.beam.core.request;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class ModelDefaultsTest {
  private static final Map<String, String> NO_KEYS = Map.of("HOME", "/home/u");
  private static final Map<String, String> ANTHROPIC = Map.of("ANTHROPIC_API_KEY", "sk-ant");
  private static final Map<String, String> OPENAI = Map.of("OPENAI_API_KEY", "sk-oai");

  private static RunCreate run(String fields) {
    return RequestJson.runCreate(
        "{\"spec_id\": \"s1\", \"number_of_samples\": 1" + fields + "}", RunSizePolicy.API_LIMITS);
  }

  private static SpecCreate spec(String fields) {
    return RequestJson.specCreate("{\"name\": \"n\"" + fields + "}");
  }

  private static List<String> models(RunCreate run) {
    return List.of(run.generationModel(), run.outlineModel(), run.revisionModel());
  }

  @Test
  public void noModelNamedAndNoKeyFallsBackToEmbeddedWithANotice() {
    ResolvedRequest<RunCreate> resolved =
        ModelDefaults.resolve(run(", \"enable_revisions\": true"), NO_KEYS);
    assertEquals(List.of("embedded", "embedded", "embedded"), models(resolved.request()));
    assertEquals(
        Optional.of("no model named and no provider key set: using the embedded engine"),
        resolved.notice());
    assertEquals(List.of(), resolved.violations());
  }

  @Test
  public void blankKeyCountsAsNotSet() {
    ResolvedRequest<RunCreate> resolved =
        ModelDefaults.resolve(run(""), Map.of("ANTHROPIC_API_KEY", " "));
    assertEquals(Optional.of(ModelDefaults.EMBEDDED_NOTICE), resolved.notice());
  }

  @Test
  public void noModelNamedWithTheDefaultsKeyKeepsTheSeedPageDefaults() {
    ResolvedRequest<RunCreate> resolved = ModelDefaults.resolve(run(""), ANTHROPIC);
    assertEquals(
        List.of(
            RunCreate.DEFAULT_GENERATION_MODEL,
            RunCreate.DEFAULT_OUTLINE_MODEL,
            RunCreate.DEFAULT_REVISION_MODEL),
        models(resolved.request()));
    assertEquals(Optional.empty(), resolved.notice());
    assertEquals(List.of(), resolved.violations());
  }

  @Test
  public void noModelNamedWithOnlyAnotherProvidersKeyUsesEmbeddedAndSaysWhy() {
    ResolvedRequest<RunCreate> resolved = ModelDefaults.resolve(run(""), OPENAI);
    assertEquals(List.of("embedded", "embedded", "embedded"), models(resolved.request()));
    assertEquals(
        Optional.of(
            "no model named and ANTHROPIC_API_KEY (for the defaults anthropic/claude-sonnet-4-6,"
                + " anthropic/claude-sonnet-4-6-thinking) not set: using the embedded engine"),
        resolved.notice());
  }

  @Test
  public void aSpecWithoutItsModelsKeyNamesItsFieldWhenAnotherKeyIsSet() {
    // As in `generate --generation-model openai/...`: the run names its model, the spec does not.
    ResolvedRequest<SpecCreate> resolved =
        ModelDefaults.resolve(spec(", \"dataset_id\": \"s.csv\""), OPENAI);
    assertEquals("embedded", resolved.request().specGenerationModelName());
    assertEquals(
        Optional.of(
            "spec_generation_model_name not named and ANTHROPIC_API_KEY (for the default "
                + SpecCreate.DEFAULT_MODEL
                + ") not set: using the embedded engine"),
        resolved.notice());
  }

  @Test
  public void namedModelWithoutItsKeyIsAViolation() {
    ResolvedRequest<RunCreate> resolved =
        ModelDefaults.resolve(
            run(", \"generation_model\": \"anthropic/claude-sonnet-4-6\""), NO_KEYS);
    assertEquals(
        List.of(
            "generation_model anthropic/claude-sonnet-4-6 needs ANTHROPIC_API_KEY, which is not set"),
        resolved.violations());
    RequestValidationException e =
        assertThrows(RequestValidationException.class, resolved::requireValid);
    assertEquals(
        "invalid RunCreate request (1 problem):\n"
            + "  - generation_model anthropic/claude-sonnet-4-6 needs ANTHROPIC_API_KEY, which is not set",
        e.getMessage());
  }

  @Test
  public void namedModelWithItsKeyIsKept() {
    ResolvedRequest<RunCreate> resolved =
        ModelDefaults.resolve(
            run(
                ", \"generation_model\": \"openai/gpt-5.4\","
                    + " \"revision_model\": \"openai/gpt-5.4-thinking\", \"revision_types\": [\"consistency\"]"),
            OPENAI);
    assertEquals(List.of(), resolved.violations());
    assertEquals("openai/gpt-5.4", resolved.request().generationModel());
    assertEquals("openai/gpt-5.4-thinking", resolved.request().revisionModel());
  }

  @Test
  public void unnamedStageModelWhoseDefaultKeyIsMissingMustBeNamedWhenItsStageRuns() {
    ResolvedRequest<RunCreate> resolved =
        ModelDefaults.resolve(
            run(", \"generation_model\": \"openai/gpt-5.4\", \"skip_outline\": false"), OPENAI);
    assertEquals(
        List.of(
            "outline_model is not named and its default anthropic/claude-sonnet-4-6-thinking needs"
                + " ANTHROPIC_API_KEY, which is not set; set it or name outline_model"),
        resolved.violations());
  }

  @Test
  public void keysOfUnusedStagesAreNotRequired() {
    // Outline is skipped and there is nothing to revise or filter, so only generation needs a key.
    ResolvedRequest<RunCreate> resolved =
        ModelDefaults.resolve(
            run(
                ", \"generation_model\": \"gemini/gemini-3.1-pro-preview\","
                    + " \"revision_model\": \"openai/gpt-5.4\""),
            Map.of("GEMINI_API_KEY", "g"));
    assertEquals(List.of(), resolved.violations());
  }

  @Test
  public void unnamedStagesFollowANamedEmbeddedGenerationModel() {
    ResolvedRequest<RunCreate> resolved =
        ModelDefaults.resolve(
            run(", \"generation_model\": \"embedded\", \"skip_outline\": false"), NO_KEYS);
    assertEquals(List.of("embedded", "embedded", "embedded"), models(resolved.request()));
    assertEquals(Optional.empty(), resolved.notice());
    assertEquals(List.of(), resolved.violations());
  }

  @Test
  public void databricksAndOpenAiCompatibleNeedNoKeyVariable() {
    ResolvedRequest<RunCreate> resolved =
        ModelDefaults.resolve(
            run(
                ", \"generation_model\": \"openai-compatible/llama3\","
                    + " \"revision_model\": \"databricks/databricks-gpt-5-4\", \"filtering_types\": [\"conformance\"],"
                    + " \"databricks_client_id\": \"i\", \"databricks_client_secret\": \"s\", \"databricks_api_base\": \"https://d\""),
            NO_KEYS);
    assertEquals(List.of(), resolved.violations());
  }

  @Test
  public void specWithoutNamedModelOrKeyUsesEmbeddedWithANotice() {
    ResolvedRequest<SpecCreate> resolved =
        ModelDefaults.resolve(spec(", \"dataset_id\": \"s.csv\""), NO_KEYS);
    assertEquals("embedded", resolved.request().specGenerationModelName());
    assertEquals(Optional.of(ModelDefaults.EMBEDDED_NOTICE), resolved.notice());
    assertEquals(List.of(), resolved.violations());
  }

  @Test
  public void specWithTheDefaultsKeyKeepsTheDefault() {
    ResolvedRequest<SpecCreate> resolved =
        ModelDefaults.resolve(spec(", \"dataset_id\": \"s.csv\""), ANTHROPIC);
    assertEquals(SpecCreate.DEFAULT_MODEL, resolved.request().specGenerationModelName());
    assertEquals(Optional.empty(), resolved.notice());
  }

  @Test
  public void namedSpecModelWithoutItsKeyIsAViolation() {
    ResolvedRequest<SpecCreate> resolved =
        ModelDefaults.resolve(
            spec(
                ", \"dataset_id\": \"s.csv\", \"spec_generation_model_name\": \"gemini/gemini-3.1-pro-preview-thinking\""),
            ANTHROPIC);
    assertEquals(
        List.of(
            "spec_generation_model_name gemini/gemini-3.1-pro-preview-thinking needs GEMINI_API_KEY,"
                + " which is not set"),
        resolved.violations());
  }

  @Test
  public void seedlessSpecCannotFallBackToEmbedded() {
    ResolvedRequest<SpecCreate> resolved =
        ModelDefaults.resolve(spec(", \"generation_objectives\": \"g\""), NO_KEYS);
    assertEquals(
        List.of(
            "spec_generation_model_name is not named and ANTHROPIC_API_KEY (for the default"
                + " anthropic/claude-opus-4-6-thinking) is not set; a seedless spec needs an LLM model, as the embedded"
                + " engine learns from seeds only: set a provider key and name spec_generation_model_name"),
        resolved.violations());
    assertEquals(SpecCreate.DEFAULT_MODEL, resolved.request().specGenerationModelName());
  }
}
