package ai.dataframer.beam.core.request;

import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.spec.SpecStatus;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The body of a run request, with the hosted API's field names, defaults and limits (seed page
 * 000).
 *
 * <p>A RunCreate from {@link RequestJson} is valid on its own; one built directly is checked by
 * {@link #violations(RunSizePolicy)}. Rules that need the stored spec are in {@link
 * #violationsAgainstSpec(SpecFacts)}.
 *
 * @param specVersion null means the latest version
 * @param maxExamplesInPrompt null means as many seed examples as fit in 10K tokens
 * @param enableRevisions deprecated in the API; see {@link #effectiveRevisionTypes()}
 * @param explicitFields wire names of the fields the user gave, so defaults can be told apart
 */
public record RunCreate(
    String specId,
    Integer specVersion,
    int numberOfSamples,
    String generationModel,
    String outlineModel,
    String revisionModel,
    List<RevisionType> revisionTypes,
    List<FilteringType> filteringTypes,
    int maxRevisionCycles,
    SeedShufflingLevel seedShufflingLevel,
    Integer maxExamplesInPrompt,
    boolean unifiedMultifield,
    int generationThinkingBudget,
    int outlineThinkingBudget,
    int revisionThinkingBudget,
    String databricksClientId,
    String databricksClientSecret,
    String databricksApiBase,
    boolean skipOutline,
    List<Tool> tools,
    boolean enableRevisions,
    Set<String> explicitFields)
    implements Serializable {

  public static final String DEFAULT_GENERATION_MODEL = "anthropic/claude-sonnet-4-6";
  public static final String DEFAULT_OUTLINE_MODEL = "anthropic/claude-sonnet-4-6-thinking";
  public static final String DEFAULT_REVISION_MODEL = "anthropic/claude-sonnet-4-6-thinking";
  public static final int DEFAULT_MAX_REVISION_CYCLES = 1;
  public static final int DEFAULT_THINKING_BUDGET = 1024;
  public static final int MIN_THINKING_BUDGET = 1024;
  public static final int MAX_SAMPLES = 20000;
  public static final int MAX_REVISION_CYCLES = 5;

  public static final String GENERATION_MODEL = "generation_model";
  public static final String OUTLINE_MODEL = "outline_model";
  public static final String REVISION_MODEL = "revision_model";

  /** Every field of the body, in the seed page's order. */
  public static final List<String> FIELDS =
      List.of(
          "spec_id",
          "spec_version",
          "number_of_samples",
          GENERATION_MODEL,
          OUTLINE_MODEL,
          REVISION_MODEL,
          "revision_types",
          "filtering_types",
          "max_revision_cycles",
          "seed_shuffling_level",
          "max_examples_in_prompt",
          "unified_multifield",
          "generation_thinking_budget",
          "outline_thinking_budget",
          "revision_thinking_budget",
          DatabricksRules.CLIENT_ID,
          DatabricksRules.CLIENT_SECRET,
          DatabricksRules.API_BASE,
          "skip_outline",
          "tools",
          "enable_revisions");

  public RunCreate {
    Objects.requireNonNull(seedShufflingLevel, "seedShufflingLevel");
    revisionTypes = revisionTypes == null ? List.of() : List.copyOf(revisionTypes);
    filteringTypes = filteringTypes == null ? List.of() : List.copyOf(filteringTypes);
    tools = tools == null ? List.of() : List.copyOf(tools);
    explicitFields = explicitFields == null ? Set.of() : Set.copyOf(explicitFields);
  }

  /**
   * A request for {@code numberOfSamples} samples of the latest version, everything else at its
   * default.
   */
  public static RunCreate defaults(String specId, int numberOfSamples) {
    return new RunCreate(
        specId,
        null,
        numberOfSamples,
        DEFAULT_GENERATION_MODEL,
        DEFAULT_OUTLINE_MODEL,
        DEFAULT_REVISION_MODEL,
        List.of(),
        List.of(),
        DEFAULT_MAX_REVISION_CYCLES,
        SeedShufflingLevel.NONE,
        null,
        true,
        DEFAULT_THINKING_BUDGET,
        DEFAULT_THINKING_BUDGET,
        DEFAULT_THINKING_BUDGET,
        null,
        null,
        null,
        true,
        List.of(),
        false,
        Set.of("spec_id", "number_of_samples"));
  }

  public boolean isExplicit(String field) {
    return explicitFields.contains(field);
  }

  /**
   * The revision types to apply. The deprecated {@code enable_revisions: true}, with neither
   * revision_types nor filtering_types given, means all four types.
   */
  public List<RevisionType> effectiveRevisionTypes() {
    return usesDeprecatedRevisions() ? List.of(RevisionType.values()) : revisionTypes;
  }

  /**
   * {@link #effectiveRevisionTypes()} for this spec: the deprecated switch cannot ask for
   * distinguishability on a seedless spec, so it is left out there instead of failing the run.
   */
  public List<RevisionType> effectiveRevisionTypes(SpecFacts spec) {
    if (usesDeprecatedRevisions() && !spec.seeded()) {
      return effectiveRevisionTypes().stream()
          .filter(t -> t != RevisionType.DISTINGUISHABILITY)
          .toList();
    }
    return effectiveRevisionTypes();
  }

  /** The filters to apply; {@code enable_revisions: true} alone means structural filtering. */
  public List<FilteringType> effectiveFilteringTypes() {
    return usesDeprecatedRevisions() ? List.of(FilteringType.STRUCTURAL) : filteringTypes;
  }

  /**
   * The fields the user gave that only shape LLM stages, when the generation model is embedded
   * (which has no outline, revision, prompt or tool stage and always filters structurally and for
   * conformance): said once to the user as ignored, rather than silently dropped. Empty otherwise.
   */
  public List<String> ignoredByEmbeddedEngine() {
    if (!ModelCatalog.isEmbedded(generationModel)) {
      return List.of();
    }
    List<String> ignored = new ArrayList<>();
    if (isExplicit("revision_types") && !revisionTypes.isEmpty()) {
      ignored.add("revision_types");
    }
    if (isExplicit("enable_revisions") && enableRevisions) {
      ignored.add("enable_revisions");
    }
    if (isExplicit("filtering_types")
        && !Set.copyOf(filteringTypes).equals(Set.of(FilteringType.values()))) {
      ignored.add("filtering_types");
    }
    if (isExplicit("skip_outline") && !skipOutline) {
      ignored.add("skip_outline=false");
    }
    if (isExplicit("tools") && !tools.isEmpty()) {
      ignored.add("tools");
    }
    for (String field :
        List.of(
            "max_revision_cycles",
            "seed_shuffling_level",
            "max_examples_in_prompt",
            "unified_multifield",
            "generation_thinking_budget",
            "outline_thinking_budget",
            "revision_thinking_budget")) {
      if (isExplicit(field)) {
        ignored.add(field);
      }
    }
    return ignored;
  }

  /** The notice for {@link #ignoredByEmbeddedEngine()}, or empty when nothing is ignored. */
  public java.util.Optional<String> embeddedEngineNotice() {
    List<String> ignored = ignoredByEmbeddedEngine();
    if (ignored.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "the embedded engine ignores "
            + String.join(", ", ignored)
            + ": these shape LLM stages (outline, revision, prompts, tool calls), which the"
            + " embedded engine does not have; it always filters structurally and for conformance");
  }

  /** Whether outline_model is called: only when skip_outline is false. */
  public boolean usesOutlineModel() {
    return !skipOutline;
  }

  /** Whether revision_model is called: only when there is something to revise or filter. */
  public boolean usesRevisionModel() {
    return !effectiveRevisionTypes().isEmpty() || !effectiveFilteringTypes().isEmpty();
  }

  /** generation_model, outline_model and revision_model by wire name, in that order. */
  public Map<String, String> modelsByField() {
    Map<String, String> models = new LinkedHashMap<>();
    models.put(GENERATION_MODEL, generationModel);
    models.put(OUTLINE_MODEL, outlineModel);
    models.put(REVISION_MODEL, revisionModel);
    return models;
  }

  /**
   * The same request with {@code databricks_client_secret} replaced by a marker: what a pipeline
   * carries once the model clients hold the secret's source (docs/ARCHITECTURE.md section 7, "Keys
   * and secrets").
   */
  public RunCreate withDatabricksClientSecretRedacted() {
    return new RunCreate(
        specId,
        specVersion,
        numberOfSamples,
        generationModel,
        outlineModel,
        revisionModel,
        revisionTypes,
        filteringTypes,
        maxRevisionCycles,
        seedShufflingLevel,
        maxExamplesInPrompt,
        unifiedMultifield,
        generationThinkingBudget,
        outlineThinkingBudget,
        revisionThinkingBudget,
        databricksClientId,
        DatabricksRules.redact(databricksClientSecret),
        databricksApiBase,
        skipOutline,
        tools,
        enableRevisions,
        explicitFields);
  }

  /** The same request with other models; which fields were explicit is unchanged. */
  public RunCreate withModels(String generation, String outline, String revision) {
    return new RunCreate(
        specId,
        specVersion,
        numberOfSamples,
        generation,
        outline,
        revision,
        revisionTypes,
        filteringTypes,
        maxRevisionCycles,
        seedShufflingLevel,
        maxExamplesInPrompt,
        unifiedMultifield,
        generationThinkingBudget,
        outlineThinkingBudget,
        revisionThinkingBudget,
        databricksClientId,
        databricksClientSecret,
        databricksApiBase,
        skipOutline,
        tools,
        enableRevisions,
        explicitFields);
  }

  /** Every violated rule, in field order; empty when the request is valid. */
  public List<String> violations(RunSizePolicy policy) {
    Violations violations = new Violations(FIELDS);
    check(violations, policy);
    return violations.messages();
  }

  /** This request, or a {@link RequestValidationException} listing every violated rule. */
  public RunCreate requireValid(RunSizePolicy policy) {
    RequestValidationException.throwIfAny("RunCreate request", violations(policy));
    return this;
  }

  void check(Violations violations, RunSizePolicy policy) {
    if (specId == null || specId.isBlank()) {
      violations.add("spec_id", "spec_id is required and must not be blank");
    }
    if (specVersion != null && specVersion < 1) {
      violations.add("spec_version", "spec_version must be >= 1, but was " + specVersion);
    }
    checkNumberOfSamples(violations, policy);
    for (Map.Entry<String, String> model : modelsByField().entrySet()) {
      if (model.getValue() == null) {
        violations.add(model.getKey(), model.getKey() + " is required");
      } else if (!ModelCatalog.isKnownRunModel(model.getValue())) {
        violations.add(
            model.getKey(), ModelCatalog.unknownRunModelMessage(model.getKey(), model.getValue()));
      }
    }
    if (maxRevisionCycles < 1 || maxRevisionCycles > MAX_REVISION_CYCLES) {
      violations.add(
          "max_revision_cycles",
          "max_revision_cycles must be between 1 and "
              + MAX_REVISION_CYCLES
              + ", but was "
              + maxRevisionCycles);
    }
    if (maxExamplesInPrompt != null && maxExamplesInPrompt < 1) {
      violations.add(
          "max_examples_in_prompt",
          "max_examples_in_prompt must be >= 1, but was " + maxExamplesInPrompt);
    }
    checkThinkingBudget(violations, "generation_thinking_budget", generationThinkingBudget);
    checkThinkingBudget(violations, "outline_thinking_budget", outlineThinkingBudget);
    checkThinkingBudget(violations, "revision_thinking_budget", revisionThinkingBudget);
    DatabricksRules.checkCredentials(
        violations, modelsByField(), databricksClientId, databricksClientSecret, databricksApiBase);
    DatabricksRules.checkApiBase(violations, databricksApiBase);
  }

  private void checkNumberOfSamples(Violations violations, RunSizePolicy policy) {
    if (policy == RunSizePolicy.ALLOW_LARGE_RUNS) {
      if (numberOfSamples < 1) {
        violations.add(
            "number_of_samples", "number_of_samples must be >= 1, but was " + numberOfSamples);
      }
    } else if (numberOfSamples < 1 || numberOfSamples > MAX_SAMPLES) {
      violations.add(
          "number_of_samples",
          "number_of_samples must be between 1 and "
              + MAX_SAMPLES
              + ", but was "
              + numberOfSamples
              + (numberOfSamples > MAX_SAMPLES ? "; larger runs need --allow-large-runs" : ""));
    }
  }

  private static void checkThinkingBudget(Violations violations, String field, int budget) {
    if (budget < MIN_THINKING_BUDGET) {
      violations.add(field, field + " must be >= " + MIN_THINKING_BUDGET + ", but was " + budget);
    }
  }

  /** The rules that need the stored spec: its status, its versions and whether it is seeded. */
  public List<String> violationsAgainstSpec(SpecFacts spec) {
    List<String> violations = new ArrayList<>();
    String name = "spec '" + spec.specName() + "'";
    if (spec.status() != SpecStatus.SUCCEEDED) {
      String error = spec.errorMessage() == null ? "" : " (" + spec.errorMessage() + ")";
      violations.add(
          name + " is " + spec.status() + error + "; a run needs a spec in SUCCEEDED status");
    }
    if (specVersion != null && specVersion > spec.latestVersion()) {
      String versions =
          spec.latestVersion() < 1
              ? "has no versions"
              : spec.latestVersion() == 1
                  ? "has only version 1"
                  : "has versions 1.." + spec.latestVersion();
      violations.add(name + " " + versions + "; spec_version " + specVersion + " does not exist");
    }
    if (revisionTypes.contains(RevisionType.DISTINGUISHABILITY) && !spec.seeded()) {
      violations.add(
          "revision type distinguishability needs a seeded spec; " + name + " is seedless");
    }
    return violations;
  }

  /**
   * The request as wire-named values (the run's runtime_params), with the client secret redacted.
   */
  public Map<String, Object> toRuntimeParams() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("spec_id", specId);
    params.put("spec_version", specVersion);
    params.put("number_of_samples", numberOfSamples);
    params.putAll(modelsByField());
    params.put("revision_types", revisionTypes.stream().map(RevisionType::wireName).toList());
    params.put("filtering_types", filteringTypes.stream().map(FilteringType::wireName).toList());
    params.put("max_revision_cycles", maxRevisionCycles);
    params.put("seed_shuffling_level", seedShufflingLevel.wireName());
    params.put("max_examples_in_prompt", maxExamplesInPrompt);
    params.put("unified_multifield", unifiedMultifield);
    params.put("generation_thinking_budget", generationThinkingBudget);
    params.put("outline_thinking_budget", outlineThinkingBudget);
    params.put("revision_thinking_budget", revisionThinkingBudget);
    params.put(DatabricksRules.CLIENT_ID, databricksClientId);
    params.put(DatabricksRules.CLIENT_SECRET, DatabricksRules.redact(databricksClientSecret));
    params.put(DatabricksRules.API_BASE, databricksApiBase);
    params.put("skip_outline", skipOutline);
    params.put("tools", tools.stream().map(Tool::wireName).toList());
    params.put("enable_revisions", enableRevisions);
    return params;
  }

  @Override
  public String toString() {
    return "RunCreate" + toRuntimeParams() + " explicit=" + explicitFields;
  }

  private boolean usesDeprecatedRevisions() {
    return enableRevisions && !isExplicit("revision_types") && !isExplicit("filtering_types");
  }
}
