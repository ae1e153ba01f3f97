package ai.dataframer.beam.core.request;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class SpecCreateRequestTest {

  static List<String> violations(String json) {
    return assertThrows(RequestValidationException.class, () -> RequestJson.specCreate(json))
        .violations();
  }

  @Test
  public void seededDefaultsEqualTheSeedPage() {
    SpecCreate spec =
        RequestJson.specCreate("{\"name\": \"tickets\", \"dataset_id\": \"seeds/tickets.csv\"}");
    assertEquals("tickets", spec.name());
    assertEquals("seeds/tickets.csv", spec.datasetId());
    assertTrue(spec.isSeeded());
    assertNull(spec.generationObjectives());
    assertEquals("anthropic/claude-opus-4-6-thinking", spec.specGenerationModelName());
    assertTrue(spec.generateDistributions());
    assertTrue(spec.generateConditionalDistributions());
    assertTrue(spec.extrapolateValues());
    assertFalse(spec.extrapolateAxes());
    assertNull(spec.description());
    assertEquals(Set.of("name", "dataset_id"), spec.explicitFields());
    assertEquals(SpecCreate.seeded("tickets", "seeds/tickets.csv"), spec);
  }

  @Test
  public void seedlessDefaultsLeaveExtrapolationOff() {
    SpecCreate spec =
        RequestJson.specCreate(
            "{\"name\": \"reviews\", \"generation_objectives\": \"Product reviews\"}");
    assertFalse(spec.isSeeded());
    assertFalse(spec.extrapolateValues());
    assertEquals(SpecCreate.seedless("reviews", "Product reviews"), spec);
  }

  @Test
  public void everyFieldIsRead() {
    SpecCreate spec =
        RequestJson.specCreate(
            "{\"name\": \"n\", \"dataset_id\": \"gs://b/seeds/*.parquet\","
                + " \"generation_objectives\": \"more refunds\","
                + " \"spec_generation_model_name\": \"openai/gpt-5.4-thinking\","
                + " \"generate_distributions\": false, \"generate_conditional_distributions\": false,"
                + " \"extrapolate_values\": false, \"extrapolate_axes\": true, \"description\": \"nightly copy\"}");
    assertEquals("more refunds", spec.generationObjectives());
    assertEquals("openai/gpt-5.4-thinking", spec.specGenerationModelName());
    assertFalse(spec.generateDistributions());
    assertFalse(spec.generateConditionalDistributions());
    assertFalse(spec.extrapolateValues());
    assertTrue(spec.extrapolateAxes());
    assertEquals("nightly copy", spec.description());
  }

  @Test
  public void seedPageExamplesUseIdsOutsideTheEnumAndAreRejectedWithTheValidList()
      throws IOException {
    List<String> seeded = violations(RunCreateRequestTest.resource("seeded_spec.json"));
    assertEquals(1, seeded.size());
    assertThat(
        seeded.get(0),
        containsString(
            "spec_generation_model_name 'anthropic/claude-sonnet-4-5' is not a"
                + " known model; expected one of: anthropic/claude-opus-4-6-thinking, anthropic/claude-sonnet-4-6-thinking, "));
    List<String> seedless = violations(RunCreateRequestTest.resource("seedless_spec.json"));
    assertEquals(1, seedless.size());
    assertThat(
        seedless.get(0),
        containsString("'anthropic/claude-sonnet-4-5-thinking' is not a known model"));
  }

  @Test
  public void seedPageExamplesParseWithAnEnumModel() throws IOException {
    Map<String, Object> seeded =
        RequestJson.readBody(RunCreateRequestTest.resource("seeded_spec.json"));
    seeded.put("spec_generation_model_name", "anthropic/claude-sonnet-4-6-thinking");
    SpecCreate spec = RequestJson.specCreate(seeded);
    assertEquals("a1b2c3d4-e5f6-7890-abcd-ef1234567890", spec.datasetId());
    assertEquals("Customer Support Conversations Spec", spec.name());

    Map<String, Object> seedless =
        RequestJson.readBody(RunCreateRequestTest.resource("seedless_spec.json"));
    seedless.put("spec_generation_model_name", "anthropic/claude-sonnet-4-6-thinking");
    SpecCreate fromObjectives = RequestJson.specCreate(seedless);
    assertFalse(fromObjectives.isSeeded());
    assertThat(fromObjectives.generationObjectives(), containsString("realistic product reviews"));
  }

  @Test
  public void nameIsRequiredAndNotBlank() {
    assertEquals(List.of("name is required"), violations("{\"dataset_id\": \"s.csv\"}"));
    assertEquals(
        List.of("name is required and must not be blank"),
        violations("{\"name\": \"  \", \"dataset_id\": \"s.csv\"}"));
  }

  @Test
  public void seedlessWithoutObjectivesIsRejected() {
    assertEquals(
        List.of("generation_objectives is required for a seedless spec (no dataset_id)"),
        violations("{\"name\": \"n\"}"));
  }

  @Test
  public void blankDatasetIdIsRejected() {
    assertEquals(
        List.of("dataset_id must not be blank; omit it for a seedless spec"),
        violations("{\"name\": \"n\", \"dataset_id\": \"\"}"));
  }

  @Test
  public void conditionalDistributionsNeedDistributions() {
    assertEquals(
        List.of("generate_conditional_distributions requires generate_distributions to be true"),
        violations(
            "{\"name\": \"n\", \"dataset_id\": \"s.csv\", \"generate_distributions\": false,"
                + " \"generate_conditional_distributions\": true}"));
  }

  @Test
  public void conditionalDistributionsDefaultFollowsDistributions() {
    SpecCreate uniform =
        RequestJson.specCreate(
            "{\"name\": \"n\", \"dataset_id\": \"s.csv\"," + " \"generate_distributions\": false}");
    assertFalse(uniform.generateConditionalDistributions());
    assertFalse(uniform.isExplicit("generate_conditional_distributions"));
  }

  @Test
  public void extrapolationIsNotApplicableToSeedlessSpecs() {
    assertEquals(
        List.of(
            "extrapolate_values is not applicable to a seedless spec (no dataset_id); omit it or set it to false",
            "extrapolate_axes is not applicable to a seedless spec (no dataset_id); omit it or set it to false"),
        violations(
            "{\"name\": \"n\", \"generation_objectives\": \"g\", \"extrapolate_values\": true,"
                + " \"extrapolate_axes\": true}"));
    SpecCreate off =
        RequestJson.specCreate(
            "{\"name\": \"n\", \"generation_objectives\": \"g\","
                + " \"extrapolate_values\": false}");
    assertFalse(off.extrapolateValues());
  }

  @Test
  public void runOnlyModelIsNotASpecModel() {
    List<String> violations =
        violations(
            "{\"name\": \"n\", \"dataset_id\": \"s.csv\","
                + " \"spec_generation_model_name\": \"anthropic/claude-sonnet-4-6\"}");
    assertEquals(1, violations.size());
    assertThat(
        violations.get(0),
        containsString(
            "spec_generation_model_name 'anthropic/claude-sonnet-4-6' is not a known model; expected one of: "));
    assertThat(
        violations.get(0),
        containsString(
            "databricks/databricks-gpt-5-4-thinking, embedded, openai-compatible/<model>"));
  }

  @Test
  public void embeddedCannotCreateASeedlessSpec() {
    assertEquals(
        List.of(
            "spec_generation_model_name embedded cannot create a seedless spec: the embedded engine"
                + " learns from seed data, so a spec from generation_objectives alone needs an LLM model"),
        violations(
            "{\"name\": \"n\", \"generation_objectives\": \"g\", \"spec_generation_model_name\": \"embedded\"}"));
  }

  @Test
  public void databricksModelNeedsAllThreeCredentials() {
    assertEquals(
        List.of(
            "spec_generation_model_name databricks/databricks-claude-opus-4-6-thinking requires"
                + " databricks_client_id, databricks_client_secret and databricks_api_base; missing: databricks_api_base"),
        violations(
            "{\"name\": \"n\", \"dataset_id\": \"s.csv\", \"spec_generation_model_name\":"
                + " \"databricks/databricks-claude-opus-4-6-thinking\", \"databricks_client_id\": \"id\","
                + " \"databricks_client_secret\": \"s3cr3t-value\"}"));
  }

  @Test
  public void databricksApiBaseMustBeHttpUrl() {
    assertEquals(
        List.of(
            "databricks_api_base must be an http(s) URL, but was 'ftp://adb-1/serving-endpoints'"),
        violations(
            "{\"name\": \"n\", \"dataset_id\": \"s.csv\", \"spec_generation_model_name\":"
                + " \"databricks/databricks-gpt-5-4\", \"databricks_client_id\": \"id\","
                + " \"databricks_client_secret\": \"s\", \"databricks_api_base\": \"ftp://adb-1/serving-endpoints\"}"));
  }

  @Test
  public void unknownFieldAndWrongTypesAreNamed() {
    List<String> violations =
        violations(
            "{\"name\": 3, \"dataset_id\": [\"s.csv\"], \"generate_distributions\": \"yes\","
                + " \"seed\": 1}");
    assertEquals(4, violations.size());
    assertThat(
        violations.get(0),
        containsString("unknown field 'seed'; expected one of: name, generation_objectives,"));
    assertEquals(
        List.of(
            "name must be a string, but was a number (3)",
            "dataset_id must be a string, but was an array",
            "generate_distributions must be a boolean (true or false), but was a string"),
        violations.subList(1, 4));
  }

  @Test
  public void severalViolationsAreReportedAtOnce() {
    RequestValidationException e =
        assertThrows(
            RequestValidationException.class,
            () ->
                RequestJson.specCreate(
                    "{\"name\": \"\", \"generate_distributions\": false, \"generate_conditional_distributions\": true,"
                        + " \"extrapolate_axes\": true}"));
    assertEquals(
        "invalid SpecCreate request (4 problems):\n"
            + "  - name is required and must not be blank\n"
            + "  - generation_objectives is required for a seedless spec (no dataset_id)\n"
            + "  - generate_conditional_distributions requires generate_distributions to be true\n"
            + "  - extrapolate_axes is not applicable to a seedless spec (no dataset_id); omit it or set it to false",
        e.getMessage());
  }

  @Test
  public void secretIsRedactedInToStringRuntimeParamsAndMessages() {
    SpecCreate spec =
        RequestJson.specCreate(
            "{\"name\": \"n\", \"dataset_id\": \"s.csv\","
                + " \"spec_generation_model_name\": \"databricks/databricks-gpt-5-4\", \"databricks_client_id\": \"id\","
                + " \"databricks_client_secret\": \"s3cr3t-value\", \"databricks_api_base\": \"https://adb-1/serving-endpoints\"}");
    assertEquals("s3cr3t-value", spec.databricksClientSecret());
    assertThat(spec.toString(), not(containsString("s3cr3t-value")));
    assertThat(spec.toString(), containsString("databricks_client_secret=***"));
    assertEquals("***", spec.toRuntimeParams().get("databricks_client_secret"));

    RequestValidationException e =
        assertThrows(
            RequestValidationException.class,
            () ->
                RequestJson.specCreate(
                    "{\"name\": \"n\", \"spec_generation_model_name\": \"databricks/databricks-gpt-5-4\","
                        + " \"databricks_client_secret\": \"s3cr3t-value\"}"));
    assertThat(
        e.getMessage(), containsString("missing: databricks_client_id, databricks_api_base"));
    assertThat(e.getMessage(), not(containsString("s3cr3t-value")));
  }
}
