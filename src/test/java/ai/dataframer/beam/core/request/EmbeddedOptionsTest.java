package ai.dataframer.beam.core.request;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** Options the embedded engine cannot honour are said, never silently dropped. */
public class EmbeddedOptionsTest {
  private static final Map<String, String> NO_KEYS = Map.of("HOME", "/home/u");

  private static RunCreate embeddedRun(String fields) {
    return ModelDefaults.resolve(
            RequestJson.runCreate(
                "{\"spec_id\": \"s1\", \"number_of_samples\": 1" + fields + "}",
                RunSizePolicy.API_LIMITS),
            NO_KEYS)
        .requireValid();
  }

  @Test
  public void llmOnlyOptionsAreListedAsIgnored() {
    RunCreate run =
        embeddedRun(
            ", \"revision_types\": [\"consistency\"], \"tools\": [\"calculator\"],"
                + " \"skip_outline\": false, \"max_revision_cycles\": 2");
    assertEquals(
        List.of("revision_types", "skip_outline=false", "tools", "max_revision_cycles"),
        run.ignoredByEmbeddedEngine());
    assertThat(
        run.embeddedEngineNotice().orElseThrow(),
        containsString(
            "the embedded engine ignores revision_types, skip_outline=false, tools,"
                + " max_revision_cycles: these shape LLM stages"));
  }

  @Test
  public void defaultsAndWhatTheEngineDoesAnywayAreNotReported() {
    assertEquals(Optional.empty(), embeddedRun("").embeddedEngineNotice());
    assertEquals(
        Optional.empty(),
        embeddedRun(
                ", \"skip_outline\": true, \"tools\": [],"
                    + " \"filtering_types\": [\"structural\", \"conformance\"]")
            .embeddedEngineNotice());
    assertEquals(
        List.of("filtering_types"),
        embeddedRun(", \"filtering_types\": []").ignoredByEmbeddedEngine());
  }

  @Test
  public void providerRunsIgnoreNothing() {
    RunCreate run =
        ModelDefaults.resolve(
                RequestJson.runCreate(
                    "{\"spec_id\": \"s1\", \"number_of_samples\": 1, \"tools\": [\"calculator\"]}",
                    RunSizePolicy.API_LIMITS),
                Map.of("ANTHROPIC_API_KEY", "sk-ant"))
            .requireValid();
    assertEquals(List.of(), run.ignoredByEmbeddedEngine());
  }

  @Test
  public void extrapolateAxesIsRefusedByTheEmbeddedAnalyst() {
    RequestValidationException named =
        org.junit.Assert.assertThrows(
            RequestValidationException.class,
            () ->
                RequestJson.specCreate(
                    "{\"name\": \"n\", \"dataset_id\": \"s.csv\", \"extrapolate_axes\": true,"
                        + " \"spec_generation_model_name\": \"embedded\"}"));
    assertThat(named.getMessage(), containsString("extrapolate_axes needs an LLM analyst"));

    ResolvedRequest<SpecCreate> fallen =
        ModelDefaults.resolve(
            RequestJson.specCreate(
                "{\"name\": \"n\", \"dataset_id\": \"s.csv\", \"extrapolate_axes\": true}"),
            NO_KEYS);
    assertEquals(1, fallen.violations().size());
    assertThat(
        fallen.violations().get(0),
        containsString("is not set, so the embedded analyst would run, but extrapolate_axes"));
  }
}
