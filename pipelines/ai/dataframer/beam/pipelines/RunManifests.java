package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.io.store.RunStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run object through its life: PROCESSING when the job starts, then SUCCEEDED or FAILED. */
final class RunManifests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunManifests() {}

  static RunManifest processing(RunSettings settings, String createdAt) {
    return base(settings, createdAt).status(RunStatus.PROCESSING).build();
  }

  private static RunManifest.Builder base(RunSettings settings, String createdAt) {
    return RunManifest.builder()
        .id(settings.runId())
        .specId(settings.specId())
        .specVersion(settings.specVersion())
        .numberOfSamples(settings.request().numberOfSamples())
        .runtimeParams(settings.request().toRuntimeParams())
        .createdAt(createdAt)
        .seed(settings.randomSeed())
        .generationKey(settings.runId())
        .output(settings.output());
  }

  /** The finished run, from the summary the pipeline wrote into the run's folder. */
  static RunManifest succeeded(RunSettings settings, String createdAt, RunStore store) {
    JsonNode summary;
    try {
      summary = JSON.readTree(store.readRunFile(settings.runId(), RunSummary.FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the run summary of " + settings.runId() + " is unreadable", e);
    }
    List<String> files = new ArrayList<>();
    summary.get("generated_files").forEach(file -> files.add(file.asText()));
    return base(settings, createdAt)
        .status(RunStatus.SUCCEEDED)
        .samplesCompleted(summary.get("samples_completed").asLong())
        .samplesFailed(summary.get("samples_failed").asLong())
        .totalCost(summary.get("total_cost").asDouble())
        .tokenUsage(tokenUsage(summary.path("token_usage")))
        .generatedFiles(files)
        .completedAt(Instant.now().toString())
        .build();
  }

  static RunManifest failed(RunSettings settings, String createdAt, Throwable error) {
    return base(settings, createdAt)
        .status(RunStatus.FAILED)
        .completedAt(Instant.now().toString())
        .errorMessage(String.valueOf(error.getMessage()))
        .build();
  }

  private static Map<String, Map<String, Long>> tokenUsage(JsonNode node) {
    Map<String, Map<String, Long>> usage = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            stage -> {
              Map<String, Long> counts = new LinkedHashMap<>();
              stage
                  .getValue()
                  .fields()
                  .forEachRemaining(count -> counts.put(count.getKey(), count.getValue().asLong()));
              usage.put(stage.getKey(), counts);
            });
    return usage;
  }

  /** The console summary: one line of counts, then where everything went. */
  static String describe(RunManifest manifest, String storeRoot) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "run %s %s: %d of %d samples completed, %d failed, cost $%.4f, seed %d%n",
            manifest.id(),
            manifest.status(),
            manifest.samplesCompleted(),
            manifest.numberOfSamples(),
            manifest.samplesFailed(),
            manifest.totalCost(),
            manifest.seed()));
    text.append(String.format("  spec %s version %d%n", manifest.specId(), manifest.specVersion()));
    for (String file : manifest.generatedFiles()) {
      text.append("  wrote ").append(file).append(System.lineSeparator());
    }
    text.append("  manifest ")
        .append(storeRoot)
        .append("/runs/")
        .append(manifest.id())
        .append("/manifest.json");
    return text.toString();
  }
}
