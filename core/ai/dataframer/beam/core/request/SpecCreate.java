package ai.dataframer.beam.core.request;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of a spec creation request, with the hosted API's field names and defaults (seed page
 * 003). {@code datasetId} is a seed path or pattern, or a dataset reference; null means a seedless
 * spec.
 *
 * <p>Defaults that do not apply follow the fields they depend on, so the record says what will be
 * done: when the user did not set them, {@code generate_conditional_distributions} follows {@code
 * generate_distributions}, and {@code extrapolate_values} is false for a seedless spec. Only a
 * value the user set explicitly can therefore contradict another field.
 *
 * <p>A SpecCreate from {@link RequestJson} is valid; one built directly is checked by {@link
 * #violations()} or {@link #requireValid()}.
 *
 * @param explicitFields wire names of the fields the user gave, so defaults can be told apart
 */
public record SpecCreate(
    String name,
    String datasetId,
    String generationObjectives,
    String specGenerationModelName,
    boolean generateDistributions,
    boolean generateConditionalDistributions,
    boolean extrapolateValues,
    boolean extrapolateAxes,
    String description,
    String databricksClientId,
    String databricksClientSecret,
    String databricksApiBase,
    Set<String> explicitFields)
    implements Serializable {

  public static final String DEFAULT_MODEL = "anthropic/claude-opus-4-6-thinking";

  /** Every field of the body, in the seed page's order. */
  public static final List<String> FIELDS =
      List.of(
          "name",
          "generation_objectives",
          "dataset_id",
          "spec_generation_model_name",
          "generate_distributions",
          "generate_conditional_distributions",
          "extrapolate_values",
          "extrapolate_axes",
          "description",
          DatabricksRules.CLIENT_ID,
          DatabricksRules.CLIENT_SECRET,
          DatabricksRules.API_BASE);

  public static final String MODEL_FIELD = "spec_generation_model_name";

  public SpecCreate {
    explicitFields = explicitFields == null ? Set.of() : Set.copyOf(explicitFields);
  }

  /** A seeded request with every other field at its default. */
  public static SpecCreate seeded(String name, String datasetId) {
    return new SpecCreate(
        name,
        datasetId,
        null,
        DEFAULT_MODEL,
        true,
        true,
        true,
        false,
        null,
        null,
        null,
        null,
        Set.of("name", "dataset_id"));
  }

  /** A seedless request with every other field at its default. */
  public static SpecCreate seedless(String name, String generationObjectives) {
    return new SpecCreate(
        name,
        null,
        generationObjectives,
        DEFAULT_MODEL,
        true,
        true,
        false,
        false,
        null,
        null,
        null,
        null,
        Set.of("name", "generation_objectives"));
  }

  public boolean isSeeded() {
    return datasetId != null;
  }

  public boolean isExplicit(String field) {
    return explicitFields.contains(field);
  }

  /**
   * The same request with {@code databricks_client_secret} replaced by a marker: what a pipeline
   * carries once the model clients hold the secret's source (docs/ARCHITECTURE.md section 7, "Keys
   * and secrets").
   */
  public SpecCreate withDatabricksClientSecretRedacted() {
    return new SpecCreate(
        name,
        datasetId,
        generationObjectives,
        specGenerationModelName,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        description,
        databricksClientId,
        DatabricksRules.redact(databricksClientSecret),
        databricksApiBase,
        explicitFields);
  }

  /**
   * The same request with another spec generation model; which fields were explicit is unchanged.
   */
  public SpecCreate withSpecGenerationModelName(String model) {
    return new SpecCreate(
        name,
        datasetId,
        generationObjectives,
        model,
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        extrapolateAxes,
        description,
        databricksClientId,
        databricksClientSecret,
        databricksApiBase,
        explicitFields);
  }

  /** Every violated rule, in field order; empty when the request is valid. */
  public List<String> violations() {
    Violations violations = new Violations(FIELDS);
    check(violations);
    return violations.messages();
  }

  /** This request, or a {@link RequestValidationException} listing every violated rule. */
  public SpecCreate requireValid() {
    RequestValidationException.throwIfAny("SpecCreate request", violations());
    return this;
  }

  void check(Violations violations) {
    if (name == null || name.isBlank()) {
      violations.add("name", "name is required and must not be blank");
    }
    if (datasetId != null && datasetId.isBlank()) {
      violations.add("dataset_id", "dataset_id must not be blank; omit it for a seedless spec");
    }
    boolean seedless = !isSeeded();
    if (seedless && (generationObjectives == null || generationObjectives.isBlank())) {
      violations.add(
          "generation_objectives",
          "generation_objectives is required for a seedless spec (no dataset_id)");
    }
    if (generateConditionalDistributions && !generateDistributions) {
      violations.add(
          "generate_conditional_distributions",
          "generate_conditional_distributions requires generate_distributions to be true");
    }
    if (seedless && extrapolateValues) {
      violations.add(
          "extrapolate_values",
          "extrapolate_values is not applicable to a seedless spec (no dataset_id); omit it or set it to false");
    }
    if (seedless && extrapolateAxes) {
      violations.add(
          "extrapolate_axes",
          "extrapolate_axes is not applicable to a seedless spec (no dataset_id); omit it or set it to false");
    }
    checkModel(violations, seedless);
    DatabricksRules.checkCredentials(
        violations,
        Map.of(MODEL_FIELD, String.valueOf(specGenerationModelName)),
        databricksClientId,
        databricksClientSecret,
        databricksApiBase);
    DatabricksRules.checkApiBase(violations, databricksApiBase);
  }

  private void checkModel(Violations violations, boolean seedless) {
    if (specGenerationModelName == null) {
      violations.add(MODEL_FIELD, MODEL_FIELD + " is required");
    } else if (!ModelCatalog.isKnownSpecModel(specGenerationModelName)) {
      violations.add(
          MODEL_FIELD, ModelCatalog.unknownSpecModelMessage(MODEL_FIELD, specGenerationModelName));
    } else if (seedless && ModelCatalog.isEmbedded(specGenerationModelName)) {
      violations.add(
          MODEL_FIELD,
          MODEL_FIELD
              + " embedded cannot create a seedless spec: the embedded engine"
              + " learns from seed data, so a spec from generation_objectives alone needs an LLM model");
    } else if (extrapolateAxes && ModelCatalog.isEmbedded(specGenerationModelName)) {
      violations.add("extrapolate_axes", EMBEDDED_EXTRAPOLATE_AXES);
    }
  }

  /**
   * Why the embedded analyst refuses {@code extrapolate_axes}: inventing properties the seed does
   * not have takes a model; quietly ignoring the option would give a spec without them.
   */
  public static final String EMBEDDED_EXTRAPOLATE_AXES =
      "extrapolate_axes needs an LLM analyst: the embedded analyst learns properties from the seed's"
          + " columns only and cannot add new ones; name a provider spec_generation_model_name (with"
          + " its key) or set extrapolate_axes to false";

  /**
   * The request as wire-named values (runtime_params of the spec), with the client secret redacted.
   */
  public Map<String, Object> toRuntimeParams() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", name);
    params.put("generation_objectives", generationObjectives);
    params.put("dataset_id", datasetId);
    params.put(MODEL_FIELD, specGenerationModelName);
    params.put("generate_distributions", generateDistributions);
    params.put("generate_conditional_distributions", generateConditionalDistributions);
    params.put("extrapolate_values", extrapolateValues);
    params.put("extrapolate_axes", extrapolateAxes);
    params.put("description", description);
    params.put(DatabricksRules.CLIENT_ID, databricksClientId);
    params.put(DatabricksRules.CLIENT_SECRET, DatabricksRules.redact(databricksClientSecret));
    params.put(DatabricksRules.API_BASE, databricksApiBase);
    return params;
  }

  @Override
  public String toString() {
    return "SpecCreate" + toRuntimeParams() + " explicit=" + explicitFields;
  }
}
