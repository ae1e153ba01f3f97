package ai.dataframer.beam.core.request;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class RunCreateRequestTest {
  private static final String SPEC = "\"spec_id\": \"182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e\"";

  static List<String> violations(String json, RunSizePolicy policy) {
    return assertThrows(RequestValidationException.class, () -> RequestJson.runCreate(json, policy))
        .violations();
  }

  static List<String> violations(String json) {
    return violations(json, RunSizePolicy.API_LIMITS);
  }

  static RunCreate parse(String fields) {
    return RequestJson.runCreate(
        "{" + SPEC + (fields.isEmpty() ? "" : ", " + fields) + "}", RunSizePolicy.API_LIMITS);
  }

  static List<String> violationsOf(String fields) {
    return violations("{" + SPEC + ", " + fields + "}");
  }

  @Test
  public void defaultsEqualTheSeedPage() {
    RunCreate run = parse("\"number_of_samples\": 5");
    assertNull(run.specVersion());
    assertEquals(5, run.numberOfSamples());
    assertEquals("anthropic/claude-sonnet-4-6", run.generationModel());
    assertEquals("anthropic/claude-sonnet-4-6-thinking", run.outlineModel());
    assertEquals("anthropic/claude-sonnet-4-6-thinking", run.revisionModel());
    assertEquals(List.of(), run.revisionTypes());
    assertEquals(List.of(), run.filteringTypes());
    assertEquals(1, run.maxRevisionCycles());
    assertEquals(SeedShufflingLevel.NONE, run.seedShufflingLevel());
    assertNull(run.maxExamplesInPrompt());
    assertTrue(run.unifiedMultifield());
    assertEquals(1024, run.generationThinkingBudget());
    assertEquals(1024, run.outlineThinkingBudget());
    assertEquals(1024, run.revisionThinkingBudget());
    assertTrue(run.skipOutline());
    assertEquals(List.of(), run.tools());
    assertFalse(run.enableRevisions());
    assertEquals(Set.of("spec_id", "number_of_samples"), run.explicitFields());
    assertEquals(RunCreate.defaults("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e", 5), run);
  }

  @Test
  public void seedPageRunsCreateExampleParses() throws IOException {
    RunCreate run = RequestJson.runCreate(resource("runs_create.json"), RunSizePolicy.API_LIMITS);
    assertEquals("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e", run.specId());
    assertEquals(1, run.numberOfSamples());
  }

  @Test
  public void everyFieldIsRead() {
    RunCreate run =
        parse(
            "\"spec_version\": 2, \"number_of_samples\": 3, \"generation_model\": \"openai/gpt-5.4\","
                + " \"outline_model\": \"embedded\", \"revision_model\": \"openai-compatible/llama3\","
                + " \"revision_types\": [\"consistency\", \"conformance\", \"consistency\"], \"filtering_types\": [\"structural\"],"
                + " \"max_revision_cycles\": 3, \"seed_shuffling_level\": \"field\", \"max_examples_in_prompt\": 4,"
                + " \"unified_multifield\": false, \"generation_thinking_budget\": 2048, \"outline_thinking_budget\": 4096.0,"
                + " \"revision_thinking_budget\": 1024, \"skip_outline\": false, \"tools\": [\"calculator\"]");
    assertEquals(Integer.valueOf(2), run.specVersion());
    assertEquals("openai/gpt-5.4", run.generationModel());
    assertEquals("embedded", run.outlineModel());
    assertEquals("openai-compatible/llama3", run.revisionModel());
    assertEquals(List.of(RevisionType.CONSISTENCY, RevisionType.CONFORMANCE), run.revisionTypes());
    assertEquals(List.of(FilteringType.STRUCTURAL), run.filteringTypes());
    assertEquals(3, run.maxRevisionCycles());
    assertEquals(SeedShufflingLevel.FIELD, run.seedShufflingLevel());
    assertEquals(Integer.valueOf(4), run.maxExamplesInPrompt());
    assertFalse(run.unifiedMultifield());
    assertEquals(2048, run.generationThinkingBudget());
    assertEquals(4096, run.outlineThinkingBudget());
    assertFalse(run.skipOutline());
    assertEquals(List.of(Tool.CALCULATOR), run.tools());
  }

  @Test
  public void zeroSamplesIsRejected() {
    assertEquals(
        List.of("number_of_samples must be between 1 and 20000, but was 0"),
        violationsOf("\"number_of_samples\": 0"));
  }

  @Test
  public void moreThan20000SamplesNeedsAllowLargeRuns() {
    assertEquals(
        List.of(
            "number_of_samples must be between 1 and 20000, but was 20001;"
                + " larger runs need --allow-large-runs"),
        violationsOf("\"number_of_samples\": 20001"));
    assertEquals(
        20001,
        RequestJson.runCreate(
                "{" + SPEC + ", \"number_of_samples\": 20001}", RunSizePolicy.ALLOW_LARGE_RUNS)
            .numberOfSamples());
    assertEquals(
        List.of("number_of_samples must be >= 1, but was 0"),
        violations("{" + SPEC + ", \"number_of_samples\": 0}", RunSizePolicy.ALLOW_LARGE_RUNS));
  }

  @Test
  public void requiredFieldsAreNamed() {
    assertEquals(List.of("spec_id is required", "number_of_samples is required"), violations("{}"));
    assertEquals(
        List.of("spec_id is required and must not be blank"),
        violations("{\"spec_id\": \" \", \"number_of_samples\": 1}"));
  }

  @Test
  public void specVersionBelowOneIsRejected() {
    assertEquals(
        List.of("spec_version must be >= 1, but was 0"),
        violationsOf("\"number_of_samples\": 1, \"spec_version\": 0"));
  }

  @Test
  public void sixRevisionCyclesAreRejected() {
    assertEquals(
        List.of("max_revision_cycles must be between 1 and 5, but was 6"),
        violationsOf("\"number_of_samples\": 1, \"max_revision_cycles\": 6"));
  }

  @Test
  public void thinkingBudgetBelow1024IsRejected() {
    assertEquals(
        List.of("generation_thinking_budget must be >= 1024, but was 1000"),
        violationsOf("\"number_of_samples\": 1, \"generation_thinking_budget\": 1000"));
    assertEquals(
        List.of("revision_thinking_budget must be >= 1024, but was 1"),
        violationsOf("\"number_of_samples\": 1, \"revision_thinking_budget\": 1"));
  }

  @Test
  public void maxExamplesInPromptBelowOneIsRejected() {
    assertEquals(
        List.of("max_examples_in_prompt must be >= 1, but was 0"),
        violationsOf("\"number_of_samples\": 1, \"max_examples_in_prompt\": 0"));
  }

  @Test
  public void unknownModelNamesItsFieldAndListsValidIds() {
    List<String> violations =
        violationsOf(
            "\"number_of_samples\": 1, \"outline_model\": \"anthropic/claude-sonnet-4-5\"");
    assertEquals(1, violations.size());
    assertThat(
        violations.get(0),
        containsString(
            "outline_model 'anthropic/claude-sonnet-4-5' is not a known model;"
                + " expected one of: anthropic/claude-opus-4-6, "));
    assertThat(violations.get(0), containsString("embedded, openai-compatible/<model>"));
  }

  @Test
  public void databricksModelWithoutCredentialsIsRejected() {
    assertEquals(
        List.of(
            "generation_model databricks/databricks-gpt-5-4 requires databricks_client_id,"
                + " databricks_client_secret and databricks_api_base; missing: databricks_client_secret, databricks_api_base"),
        violationsOf(
            "\"number_of_samples\": 1, \"generation_model\": \"databricks/databricks-gpt-5-4\","
                + " \"databricks_client_id\": \"abc\""));
    assertEquals(
        List.of(
            "generation_model databricks/databricks-gpt-5-4 and revision_model"
                + " databricks/databricks-claude-opus-4-6 require databricks_client_id, databricks_client_secret and"
                + " databricks_api_base; missing: databricks_client_id, databricks_client_secret, databricks_api_base"),
        violationsOf(
            "\"number_of_samples\": 1, \"generation_model\": \"databricks/databricks-gpt-5-4\","
                + " \"revision_model\": \"databricks/databricks-claude-opus-4-6\""));
  }

  @Test
  public void databricksModelWithCredentialsIsAccepted() {
    RunCreate run =
        parse(
            "\"number_of_samples\": 1, \"generation_model\": \"databricks/databricks-gpt-5-4\","
                + " \"databricks_client_id\": \"id\", \"databricks_client_secret\": \"s3cr3t-value\","
                + " \"databricks_api_base\": \"https://adb-1.azuredatabricks.net/serving-endpoints\"");
    assertEquals("s3cr3t-value", run.databricksClientSecret());
  }

  @Test
  public void databricksApiBaseMustBeHttpUrl() {
    assertEquals(
        List.of("databricks_api_base must be an http(s) URL, but was 'adb-1.azuredatabricks.net'"),
        violationsOf(
            "\"number_of_samples\": 1, \"databricks_api_base\": \"adb-1.azuredatabricks.net\""));
  }

  @Test
  public void unknownRevisionTypeNamesValueAndListsValidOnes() {
    assertEquals(
        List.of(
            "revision_types[1] 'grammar' is not a known revision type; expected one of:"
                + " coherence_flow, consistency, distinguishability, conformance"),
        violationsOf(
            "\"number_of_samples\": 1, \"revision_types\": [\"consistency\", \"grammar\"]"));
  }

  @Test
  public void unknownFilteringTypeShufflingLevelAndToolAreNamed() {
    assertEquals(
        List.of(
            "filtering_types[0] 'style' is not a known filtering type; expected one of: structural, conformance",
            "seed_shuffling_level 'run' is not valid; expected one of: none, sample, field, prompt",
            "tools[0] 'python' is not a known tool; expected one of: calculator"),
        violationsOf(
            "\"number_of_samples\": 1, \"filtering_types\": [\"style\"], \"seed_shuffling_level\": \"run\","
                + " \"tools\": [\"python\"]"));
  }

  @Test
  public void unknownFieldIsRejectedByName() {
    List<String> violations = violationsOf("\"number_of_samples\": 1, \"num_samples\": 3");
    assertEquals(1, violations.size());
    assertThat(
        violations.get(0),
        containsString(
            "unknown field 'num_samples'; expected one of: spec_id, spec_version,"
                + " number_of_samples, "));
  }

  @Test
  public void wrongJsonTypesNameFieldAndExpectedType() {
    assertEquals(
        List.of(
            "number_of_samples must be an integer, but was a string",
            "revision_types must be an array of strings, but was a string",
            "max_revision_cycles must be an integer, but was a number (2.5)",
            "skip_outline must be a boolean (true or false), but was a string",
            "tools[0] must be a string, but was a number (1)"),
        violationsOf(
            "\"number_of_samples\": \"10\", \"revision_types\": \"consistency\", \"max_revision_cycles\": 2.5,"
                + " \"skip_outline\": \"no\", \"tools\": [1]"));
    assertEquals(
        List.of("spec_version must be a 32-bit integer, but was 99999999999"),
        violationsOf("\"number_of_samples\": 1, \"spec_version\": 99999999999"));
  }

  @Test
  public void severalViolationsAreReportedAtOnce() {
    RequestValidationException e =
        assertThrows(
            RequestValidationException.class,
            () ->
                RequestJson.runCreate(
                    "{\"number_of_samples\": 0, \"generation_model\": \"x\", \"max_revision_cycles\": 6, \"extra\": 1}",
                    RunSizePolicy.API_LIMITS));
    assertEquals(5, e.violations().size());
    assertThat(
        e.getMessage(),
        containsString(
            "invalid RunCreate request (5 problems):\n"
                + "  - unknown field 'extra'; expected one of: "));
    assertThat(
        e.getMessage(),
        containsString(
            "\n  - spec_id is required\n"
                + "  - number_of_samples must be between 1 and 20000, but was 0\n"
                + "  - generation_model 'x' is not a known model; expected one of: "));
    assertThat(
        e.getMessage(),
        containsString("\n  - max_revision_cycles must be between 1 and 5, but was 6"));
  }

  @Test
  public void nullMeansAbsent() {
    RunCreate run =
        parse("\"number_of_samples\": 2, \"spec_version\": null, \"generation_model\": null");
    assertNull(run.specVersion());
    assertEquals(RunCreate.DEFAULT_GENERATION_MODEL, run.generationModel());
    assertFalse(run.isExplicit("generation_model"));
  }

  @Test
  public void enableRevisionsAloneMeansAllRevisionTypesAndStructuralFiltering() {
    RunCreate run = parse("\"number_of_samples\": 1, \"enable_revisions\": true");
    assertEquals(
        List.of(
            RevisionType.COHERENCE_FLOW,
            RevisionType.CONSISTENCY,
            RevisionType.DISTINGUISHABILITY,
            RevisionType.CONFORMANCE),
        run.effectiveRevisionTypes());
    assertEquals(List.of(FilteringType.STRUCTURAL), run.effectiveFilteringTypes());
    assertTrue(run.usesRevisionModel());
    assertEquals(List.of(), run.revisionTypes());
  }

  @Test
  public void enableRevisionsWithAListGivenUsesTheListsAsGiven() {
    RunCreate run =
        parse(
            "\"number_of_samples\": 1, \"enable_revisions\": true, \"revision_types\": [\"consistency\"]");
    assertEquals(List.of(RevisionType.CONSISTENCY), run.effectiveRevisionTypes());
    assertEquals(List.of(), run.effectiveFilteringTypes());
    RunCreate off = parse("\"number_of_samples\": 1");
    assertEquals(List.of(), off.effectiveRevisionTypes());
    assertFalse(off.usesRevisionModel());
  }

  @Test
  public void secretIsRedactedInToStringAndRuntimeParams() {
    RunCreate run =
        parse("\"number_of_samples\": 1, \"databricks_client_secret\": \"s3cr3t-value\"");
    assertThat(run.toString(), not(containsString("s3cr3t-value")));
    assertThat(run.toString(), containsString("databricks_client_secret=***"));
    assertEquals("***", run.toRuntimeParams().get("databricks_client_secret"));
  }

  @Test
  public void secretNeverAppearsInMessages() {
    RequestValidationException e =
        assertThrows(
            RequestValidationException.class,
            () ->
                RequestJson.runCreate(
                    "{"
                        + SPEC
                        + ", \"number_of_samples\": 0, \"generation_model\": \"databricks/databricks-gpt-5-4\","
                        + " \"databricks_client_secret\": \"s3cr3t-value\", \"databricks_api_base\": \"not-a-url\"}",
                    RunSizePolicy.API_LIMITS));
    assertThat(e.getMessage(), containsString("missing: databricks_client_id"));
    assertThat(
        e.getMessage(),
        containsString("databricks_api_base must be an http(s) URL, but was 'not-a-url'"));
    assertThat(e.getMessage(), not(containsString("s3cr3t-value")));
    RequestValidationException typed =
        assertThrows(
            RequestValidationException.class,
            () ->
                RequestJson.runCreate(
                    "{"
                        + SPEC
                        + ", \"number_of_samples\": 1, \"databricks_client_secret\": [\"s3cr3t-value\"]}",
                    RunSizePolicy.API_LIMITS));
    assertEquals(
        List.of("databricks_client_secret must be a string, but was an array"), typed.violations());
  }

  @Test
  public void runtimeParamsParseBackToTheSameRequest() {
    RunCreate run =
        parse(
            "\"number_of_samples\": 7, \"revision_types\": [\"coherence_flow\"],"
                + " \"seed_shuffling_level\": \"prompt\", \"tools\": [\"calculator\"], \"max_examples_in_prompt\": 3");
    RunCreate again = RequestJson.runCreate(run.toRuntimeParams(), RunSizePolicy.API_LIMITS);
    assertEquals(run.toRuntimeParams(), again.toRuntimeParams());
  }

  @Test
  public void directlyBuiltRequestIsCheckedByRequireValid() {
    RunCreate run = RunCreate.defaults("spec-1", 0);
    RequestValidationException e =
        assertThrows(
            RequestValidationException.class, () -> run.requireValid(RunSizePolicy.API_LIMITS));
    assertEquals(
        List.of("number_of_samples must be between 1 and 20000, but was 0"), e.violations());
    assertEquals(
        25000,
        RunCreate.defaults("spec-1", 25000)
            .requireValid(RunSizePolicy.ALLOW_LARGE_RUNS)
            .numberOfSamples());
  }

  static String resource(String name) throws IOException {
    try (InputStream in = RunCreateRequestTest.class.getResourceAsStream("/request/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
