package ai.dataframer.beam.core.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the model fields of a request against the environment (a map, so callers decide where it
 * comes from and tests need no real variables), and reports models whose API key is missing.
 *
 * <ul>
 *   <li>A model the user named is kept; if the stage uses it and its key variable is not set, that
 *       is a violation ("generation_model anthropic/claude-sonnet-4-6 needs ANTHROPIC_API_KEY,
 *       which is not set").
 *   <li>A model field the user did not name keeps the seed page's default when the default's key is
 *       set. Otherwise the generation (or spec) model becomes {@code embedded}, with a one-line
 *       notice, even when some other provider's key is set: we never guess which of that provider's
 *       models the user wants. Unnamed outline and revision models follow an embedded generation
 *       model; next to a named LLM generation model they must be named when their stage runs and
 *       the default's key is missing.
 *   <li>A seedless spec cannot fall back to {@code embedded} (it learns from seeds only), so there
 *       the missing key is a violation.
 * </ul>
 *
 * Only key variables are checked; databricks/ credentials are request fields, checked by
 * validation, and openai-compatible/ servers need no key.
 */
public final class ModelDefaults {
  public static final String EMBEDDED_NOTICE =
      "no model named and no provider key set: using the embedded engine";

  /** The environment variables that hold provider API keys. */
  public static final List<String> PROVIDER_KEY_VARIABLES =
      List.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "TOGETHER_API_KEY", "GEMINI_API_KEY");

  private ModelDefaults() {}

  public static ResolvedRequest<SpecCreate> resolve(
      SpecCreate request, Map<String, String> environment) {
    String field = SpecCreate.MODEL_FIELD;
    String model = request.specGenerationModelName();
    if (request.isExplicit(field) || hasKeyFor(model, environment)) {
      return new ResolvedRequest<>(
          request, Optional.empty(), missingKey(field, model, environment).stream().toList());
    }
    if (!request.isSeeded()) {
      return new ResolvedRequest<>(
          request,
          Optional.empty(),
          List.of(
              field
                  + " is not named and "
                  + keyVariable(model).orElse("its key")
                  + " (for the default "
                  + model
                  + ") is not set; a seedless spec"
                  + " needs an LLM model, as the embedded engine learns from seeds only: set a provider key and name "
                  + field));
    }
    if (request.extrapolateAxes()) {
      return new ResolvedRequest<>(
          request,
          Optional.empty(),
          List.of(
              field
                  + " is not named and "
                  + keyVariable(model).orElse("its key")
                  + " is not set, so the embedded analyst would run, but "
                  + SpecCreate.EMBEDDED_EXTRAPOLATE_AXES));
    }
    return new ResolvedRequest<>(
        request.withSpecGenerationModelName(ModelCatalog.EMBEDDED),
        // Named by its field once any key is set: `generate` may name a run model and not this one,
        // and "no model named" would then read as wrong.
        Optional.of(
            fallbackNotice(List.of(field), List.of(model), !anyKeySet(environment), environment)),
        List.of());
  }

  public static ResolvedRequest<RunCreate> resolve(
      RunCreate request, Map<String, String> environment) {
    Map<String, String> models = request.modelsByField();
    boolean noneNamed = models.keySet().stream().noneMatch(request::isExplicit);
    List<String> violations = new ArrayList<>();
    Optional<String> notice = Optional.empty();

    String generation = request.generationModel();
    if (!request.isExplicit(RunCreate.GENERATION_MODEL) && !hasKeyFor(generation, environment)) {
      List<String> fallen = new ArrayList<>(List.of(RunCreate.GENERATION_MODEL));
      models.forEach(
          (field, model) -> {
            if (!field.equals(RunCreate.GENERATION_MODEL)
                && !request.isExplicit(field)
                && !hasKeyFor(model, environment)) {
              fallen.add(field);
            }
          });
      notice =
          Optional.of(
              fallbackNotice(
                  fallen, fallen.stream().map(models::get).toList(), noneNamed, environment));
      generation = ModelCatalog.EMBEDDED;
    }
    String outline =
        resolveStage(
            request,
            RunCreate.OUTLINE_MODEL,
            generation,
            request.usesOutlineModel(),
            environment,
            violations);
    String revision =
        resolveStage(
            request,
            RunCreate.REVISION_MODEL,
            generation,
            request.usesRevisionModel(),
            environment,
            violations);
    if (request.isExplicit(RunCreate.GENERATION_MODEL)) {
      missingKey(RunCreate.GENERATION_MODEL, generation, environment).ifPresent(violations::add);
    }
    return new ResolvedRequest<>(
        request.withModels(generation, outline, revision), notice, violations);
  }

  private static String resolveStage(
      RunCreate request,
      String field,
      String generation,
      boolean used,
      Map<String, String> environment,
      List<String> violations) {
    String model = request.modelsByField().get(field);
    if (request.isExplicit(field)) {
      if (used) {
        missingKey(field, model, environment).ifPresent(violations::add);
      }
      return model;
    }
    if (hasKeyFor(model, environment)) {
      return model;
    }
    if (ModelCatalog.isEmbedded(generation)) {
      return ModelCatalog.EMBEDDED;
    }
    if (used) {
      violations.add(
          field
              + " is not named and its default "
              + model
              + " needs "
              + keyVariable(model).orElse("a key")
              + ", which is not set; set it or name "
              + field);
    }
    return model;
  }

  private static Optional<String> missingKey(
      String field, String model, Map<String, String> environment) {
    return keyVariable(model)
        .filter(variable -> !isSet(variable, environment))
        .map(variable -> field + " " + model + " needs " + variable + ", which is not set");
  }

  private static String fallbackNotice(
      List<String> fields,
      List<String> defaults,
      boolean noneNamed,
      Map<String, String> environment) {
    if (noneNamed && !anyKeySet(environment)) {
      return EMBEDDED_NOTICE;
    }
    List<String> distinctDefaults = defaults.stream().distinct().toList();
    String keys =
        String.join(
            ", ", distinctDefaults.stream().map(m -> keyVariable(m).orElse(m)).distinct().toList());
    return (noneNamed ? "no model named" : String.join(", ", fields) + " not named")
        + " and "
        + keys
        + " (for the default"
        + (distinctDefaults.size() == 1 ? " " : "s ")
        + String.join(", ", distinctDefaults)
        + ") not set: using the embedded engine";
  }

  private static boolean hasKeyFor(String model, Map<String, String> environment) {
    return keyVariable(model).map(variable -> isSet(variable, environment)).orElse(true);
  }

  /** The key variable of a known model; unknown models are reported by validation, not here. */
  private static Optional<String> keyVariable(String model) {
    boolean known = ModelCatalog.isKnownRunModel(model) || ModelCatalog.isKnownSpecModel(model);
    return known ? ModelCatalog.requiredKeyVariable(model) : Optional.empty();
  }

  private static boolean anyKeySet(Map<String, String> environment) {
    return PROVIDER_KEY_VARIABLES.stream().anyMatch(variable -> isSet(variable, environment));
  }

  private static boolean isSet(String variable, Map<String, String> environment) {
    String value = environment.get(variable);
    return value != null && !value.isBlank();
  }
}
