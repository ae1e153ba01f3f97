package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.request.ModelCatalog;
import ai.dataframer.beam.core.request.ModelDefaults;
import ai.dataframer.beam.core.request.RequestJson;
import ai.dataframer.beam.core.request.RequestValidationException;
import ai.dataframer.beam.core.request.ResolvedRequest;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.RunSizePolicy;
import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.io.llm.LlmClients;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.pipelines.RunJob;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the SpecCreate and RunCreate requests from a JSON body and the command's options (options
 * win), resolves models against the environment, and rejects what this build cannot run, all before
 * any pipeline exists.
 */
final class Requests {
  private Requests() {}

  static SpecCreate specCreate(
      SpecRequestOptions options,
      DatabricksOptions databricks,
      Map<String, String> environment,
      PrintStream notices) {
    Map<String, Object> body = options.toBody();
    databricks.addTo(body, environment);
    ResolvedRequest<SpecCreate> resolved =
        ModelDefaults.resolve(RequestJson.specCreate(body), environment);
    resolved.notice().ifPresent(notice -> Notices.print(notices, notice));
    return resolved.requireValid();
  }

  /**
   * The spec analyst's model clients, or null for the embedded analyst; a model that cannot be
   * reached is an error naming what to set, before any pipeline exists.
   */
  static LlmSettings specModelSettings(
      SpecCreate request, ModelOptions models, Map<String, String> environment) {
    String model = request.specGenerationModelName();
    if (ModelCatalog.isEmbedded(model)) {
      return null;
    }
    LlmSettings settings =
        models.settings(
            environment,
            request.databricksApiBase(),
            request.databricksClientId(),
            request.databricksClientSecret());
    RequestValidationException.throwIfAny(
        "SpecCreate", LlmClients.missingConfiguration(SpecCreate.MODEL_FIELD, model, settings));
    return settings;
  }

  static RunCreate runCreate(
      String specReference,
      RunRequestOptions options,
      RunOptions runOptions,
      DatabricksOptions databricks,
      Map<String, String> environment,
      PrintStream notices) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (runOptions.requestFile != null) {
      body.putAll(RequestJson.readBody(readRequestFile(runOptions.requestFile)));
    }
    body.putAll(options.toBody());
    databricks.addTo(body, environment);
    if (specReference != null) {
      body.put("spec_id", specReference);
    }
    RunSizePolicy policy =
        runOptions.allowLargeRuns ? RunSizePolicy.ALLOW_LARGE_RUNS : RunSizePolicy.API_LIMITS;
    ResolvedRequest<RunCreate> resolved =
        ModelDefaults.resolve(RequestJson.runCreate(body, policy), environment);
    resolved.notice().ifPresent(notice -> Notices.print(notices, notice));
    RunCreate request = resolved.requireValid();
    request.embeddedEngineNotice().ifPresent(notice -> Notices.print(notices, notice));
    return request;
  }

  /**
   * The model clients' settings for the stages {@code request} uses, or null when they are all
   * embedded; a model that cannot be reached (no key, no base URL, no Databricks credentials) is an
   * error listing each, before any pipeline exists.
   */
  static LlmSettings modelSettings(
      RunCreate request, ModelOptions models, Map<String, String> environment) {
    Map<String, String> used = new LinkedHashMap<>();
    for (Map.Entry<String, String> model : request.modelsByField().entrySet()) {
      boolean stageRuns =
          model.getKey().equals(RunCreate.GENERATION_MODEL)
              || (model.getKey().equals(RunCreate.OUTLINE_MODEL) && request.usesOutlineModel())
              || (model.getKey().equals(RunCreate.REVISION_MODEL) && request.usesRevisionModel());
      if (stageRuns && !ModelCatalog.isEmbedded(model.getValue())) {
        used.put(model.getKey(), model.getValue());
      }
    }
    if (used.isEmpty()) {
      return null;
    }
    if (ModelCatalog.isEmbedded(request.generationModel())) {
      throw new RequestValidationException(
          "RunCreate",
          List.of(
              "generation_model is embedded, so "
                  + String.join(" and ", used.keySet())
                  + " cannot use a provider model: the embedded engine"
                  + " has no outline, revision or judge stages; name a provider generation_model or leave"
                  + " them embedded"));
    }
    LlmSettings settings =
        models.settings(
            environment,
            request.databricksApiBase(),
            request.databricksClientId(),
            request.databricksClientSecret());
    List<String> missing = new ArrayList<>();
    used.forEach(
        (field, model) -> missing.addAll(LlmClients.missingConfiguration(field, model, settings)));
    // Checked here, not in RunCreate: the bound is the model's max output tokens, which the
    // catalog holds and a --model-catalog file may change (docs/ARCHITECTURE.md section 7).
    missing.addAll(RunJob.thinkingBudgetProblems(request, settings));
    RequestValidationException.throwIfAny("RunCreate", missing);
    return settings;
  }

  private static String readRequestFile(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("request file not found: " + path, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read request file " + path + ": " + e.getMessage(), e);
    }
  }
}
