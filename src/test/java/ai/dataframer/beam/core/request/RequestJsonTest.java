package ai.dataframer.beam.core.request;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class RequestJsonTest {

  @Test
  public void malformedJsonSaysWhereButNotWhat() {
    RequestValidationException e =
        assertThrows(
            RequestValidationException.class,
            () ->
                RequestJson.runCreate(
                    "{\"spec_id\": \"s\",\n \"databricks_client_secret\": s3cr3tvalue}",
                    RunSizePolicy.API_LIMITS));
    assertEquals(List.of("request body is not valid JSON (line 2, column 41)"), e.violations());
    assertThat(e.getMessage(), not(containsString("s3cr3tvalue")));
  }

  @Test
  public void duplicateFieldIsNamed() {
    RequestValidationException e =
        assertThrows(
            RequestValidationException.class,
            () -> RequestJson.specCreate("{\"name\": \"a\", \"name\": \"b\"}"));
    assertThat(e.violations().get(0), containsString("Duplicate field 'name'"));
  }

  @Test
  public void bodyMustBeAnObject() {
    assertEquals(
        List.of("request body must be a JSON object, but was array"),
        assertThrows(RequestValidationException.class, () -> RequestJson.specCreate("[1]"))
            .violations());
    assertEquals(
        List.of("request body is empty; expected a JSON object"),
        assertThrows(RequestValidationException.class, () -> RequestJson.specCreate("  "))
            .violations());
  }

  @Test
  public void cliOverlaysOptionsOnAJsonFileBody() {
    Map<String, Object> body =
        RequestJson.readBody(
            "{\"spec_id\": \"s1\", \"number_of_samples\": 10, \"revision_types\": [\"consistency\"]}");
    body.put("number_of_samples", 50000);
    body.put("generation_model", "embedded");
    RunCreate run = RequestJson.runCreate(body, RunSizePolicy.ALLOW_LARGE_RUNS);
    assertEquals(50000, run.numberOfSamples());
    assertEquals("embedded", run.generationModel());
    assertEquals(List.of(RevisionType.CONSISTENCY), run.revisionTypes());
    assertEquals(
        Set.of("spec_id", "number_of_samples", "revision_types", "generation_model"),
        run.explicitFields());
  }

  @Test
  public void mapBodyIsValidatedLikeJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("spec_id", "s1");
    body.put("number_of_samples", 0L);
    body.put("tools", List.of("calculator", "shell"));
    assertEquals(
        List.of(
            "number_of_samples must be between 1 and 20000, but was 0",
            "tools[1] 'shell' is not a known tool; expected one of: calculator"),
        assertThrows(
                RequestValidationException.class,
                () -> RequestJson.runCreate(body, RunSizePolicy.API_LIMITS))
            .violations());
  }

  @Test
  public void oneProblemIsSingular() {
    RequestValidationException e =
        assertThrows(
            RequestValidationException.class, () -> RequestJson.specCreate("{\"name\": \"n\"}"));
    assertEquals(
        "invalid SpecCreate request (1 problem):\n"
            + "  - generation_objectives is required for a seedless spec (no dataset_id)",
        e.getMessage());
  }
}
