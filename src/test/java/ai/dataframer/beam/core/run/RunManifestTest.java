package ai.dataframer.beam.core.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class RunManifestTest {
  private static RunManifest manifest(RunStatus status, long completed, long failed) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("spec_id", "spec-1");
    params.put("number_of_samples", 10);
    params.put("revision_types", List.of("coherence_flow", "conformance"));
    params.put("outline_model", null);
    params.put("skip_outline", true);
    return new RunManifest(
        "run-1",
        "spec-1",
        2,
        status,
        10,
        completed,
        failed,
        0.125,
        Map.of(),
        params,
        List.of("out/part-00000.parquet", "out/failures-00000.jsonl"),
        "2024-05-01T10:00:00Z",
        status.isTerminal() ? "2024-05-01T10:05:00Z" : null,
        -8_123_456_789L,
        null,
        "key-1",
        "parquet:out",
        0,
        0,
        List.of(),
        null,
        null,
        Map.of("deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-V3.2"));
  }

  @Test
  public void jsonRoundTrips() {
    RunManifest manifest = manifest(RunStatus.SUCCEEDED, 9, 1);
    String json = manifest.toJson();
    assertEquals(manifest, RunManifest.fromJson(json));
    assertEquals(json, RunManifest.fromJson(json).toJson());
  }

  @Test
  public void modelRoutesRoundTripAndAManifestWrittenBeforeThemReadsWithNone() {
    RunManifest manifest = manifest(RunStatus.SUCCEEDED, 9, 1);
    String json = manifest.toJson();
    assertThat(
        json,
        containsString(
            "\"model_routes\" : {\n    \"deepseek-ai/DeepSeek-V3.1\" : \"deepseek-ai/DeepSeek-V3.2\"\n  }"));
    String before = json.replaceAll(",\\n  \"model_routes\" : \\{[^}]*\\}", "");
    assertThat(before, not(containsString("model_routes")));

    RunManifest read = RunManifest.fromJson(before);

    assertEquals(Map.of(), read.modelRoutes());
    assertEquals(manifest.toBuilder().modelRoutes(null).build(), read);
  }

  @Test
  public void ownerRoundTripsAsItsThreeFieldsOnly() {
    JobOwner owner = new JobOwner("host-a", 4242, "2024-05-01T09:59:00Z");
    RunManifest manifest = manifest(RunStatus.PROCESSING, 3, 0).toBuilder().owner(owner).build();
    String json = manifest.toJson();
    assertThat(
        json,
        containsString(
            "\"owner\" : {\n    \"host\" : \"host-a\",\n    \"pid\" : 4242,\n"
                + "    \"process_start\" : \"2024-05-01T09:59:00Z\"\n  },\n"));
    assertEquals(manifest, RunManifest.fromJson(json));
  }

  @Test
  public void batchModeRoundTripsWithItsBatchCountAndIsNullOnline() {
    RunManifest online = manifest(RunStatus.SUCCEEDED, 9, 1);
    assertThat(online.toJson(), containsString("\"batch\" : null"));
    RunManifest batched = online.toBuilder().batch(new RunManifest.BatchUse(7)).build();
    assertThat(batched.toJson(), containsString("\"batch\" : {\n    \"batches\" : 7\n  }"));
    assertEquals(batched, RunManifest.fromJson(batched.toJson()));
  }

  @Test
  public void aManifestWrittenBeforeBatchModeReadsAsOnline() {
    RunManifest online = manifest(RunStatus.SUCCEEDED, 9, 1);
    String older = online.toJson().replace("  \"batch\" : null,\n", "");
    assertThat(older, not(containsString("\"batch\"")));
    assertEquals(online, RunManifest.fromJson(older));
  }

  @Test
  public void jsonHasSnakeCaseKeysInAFixedOrder() {
    String json = manifest(RunStatus.PROCESSING, 3, 0).toJson();
    assertThat(
        json,
        startsWith(
            "{\n  \"id\" : \"run-1\",\n  \"spec_id\" : \"spec-1\",\n  \"spec_version\" : 2,\n"
                + "  \"status\" : \"PROCESSING\",\n  \"number_of_samples\" : 10,\n  \"samples_completed\" : 3,\n"
                + "  \"samples_failed\" : 0,\n  \"total_cost\" : 0.125,\n  \"token_usage\" : { },\n"
                + "  \"runtime_params\" : {\n"
                + "    \"spec_id\" : \"spec-1\",\n"));
    assertThat(
        json,
        containsString(
            "\"completed_at\" : null,\n  \"seed\" : -8123456789,\n"
                + "  \"error_message\" : null,\n  \"generation_key\" : \"key-1\",\n"));
  }

  @Test
  public void succeededRunMustAccountForEverySample() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> manifest(RunStatus.SUCCEEDED, 8, 1));
    assertEquals(
        "invalid run manifest: a SUCCEEDED run accounts for every sample, but samples_completed (8)"
            + " + samples_failed (1) != number_of_samples (10)",
        e.getMessage());
    // A run still going, or one that failed part way, may not have reached N.
    manifest(RunStatus.PROCESSING, 8, 1);
    manifest(RunStatus.FAILED, 2, 0);
  }

  @Test
  public void countsNeverExceedTheSamplesPlanned() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> manifest(RunStatus.PROCESSING, 8, 3));
    assertEquals(
        "invalid run manifest: samples_completed (8) + samples_failed (3) exceed number_of_samples (10)",
        e.getMessage());
  }

  @Test
  public void readingAnInconsistentManifestFails() {
    String json =
        manifest(RunStatus.SUCCEEDED, 9, 1)
            .toJson()
            .replace("\"samples_failed\" : 1", "\"samples_failed\" : 0");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RunManifest.fromJson(json));
    assertThat(e.getMessage(), containsString("a SUCCEEDED run accounts for every sample"));
  }

  @Test
  public void readingATruncatedOrForeignManifestFails() {
    String json = manifest(RunStatus.PROCESSING, 0, 0).toJson();
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunManifest.fromJson(json.replace("  \"seed\" : -8123456789,\n", "")));
    assertThat(missing.getMessage(), containsString("'seed'"));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RunManifest.fromJson(json.replace("\"seed\"", "\"random_seed\" : 1,\n  \"seed\"")));
    assertThat(unknown.getMessage(), containsString("\"random_seed\""));
    IllegalArgumentException notJson =
        assertThrows(
            IllegalArgumentException.class, () -> RunManifest.fromJson(json.substring(0, 40)));
    assertThat(notJson.getMessage(), startsWith("run manifest is not valid: "));
  }
}
