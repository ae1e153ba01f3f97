package ai.dataframer.beam.pipelines.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Every {@code RunCreate} field of the hosted API as a kebab-case option. Only options the user
 * gave reach the request body, so the request's own defaults (the seed page's) apply to the rest.
 */
public final class RunRequestOptions {
  @Option(names = "--spec-version", description = "Spec version to use (default: latest).")
  Integer specVersion;

  @Option(names = "--samples", description = "number_of_samples: how many samples to generate.")
  Long numberOfSamples;

  @Option(names = "--generation-model", description = "Model for drafting samples.")
  String generationModel;

  @Option(
      names = "--outline-model",
      description = "Model for outlines (with --skip-outline false).")
  String outlineModel;

  @Option(names = "--revision-model", description = "Model for revisions and filtering.")
  String revisionModel;

  @Option(
      names = "--revision-types",
      split = ",",
      description = "coherence_flow,consistency,distinguishability,conformance")
  List<String> revisionTypes;

  @Option(names = "--filtering-types", split = ",", description = "structural,conformance")
  List<String> filteringTypes;

  @Option(names = "--max-revision-cycles", description = "1..5 (default 1).")
  Integer maxRevisionCycles;

  @Option(names = "--seed-shuffling-level", description = "none | sample | field | prompt.")
  String seedShufflingLevel;

  @Option(names = "--max-examples-in-prompt", description = "Seed examples per prompt.")
  Integer maxExamplesInPrompt;

  @Option(names = "--unified-multifield", arity = "1", description = "true | false (default true).")
  Boolean unifiedMultifield;

  @Option(names = "--generation-thinking-budget", description = ">= 1024 (default 1024).")
  Integer generationThinkingBudget;

  @Option(names = "--outline-thinking-budget", description = ">= 1024 (default 1024).")
  Integer outlineThinkingBudget;

  @Option(names = "--revision-thinking-budget", description = ">= 1024 (default 1024).")
  Integer revisionThinkingBudget;

  @Option(names = "--skip-outline", arity = "1", description = "true | false (default true).")
  Boolean skipOutline;

  @Option(names = "--tools", split = ",", description = "Tools for the model: calculator.")
  List<String> tools;

  @Option(names = "--enable-revisions", arity = "1", description = "Deprecated: all revisions.")
  Boolean enableRevisions;

  /** The options the user gave, as a snake_case request body fragment. */
  public Map<String, Object> toBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    put(body, "spec_version", specVersion);
    put(body, "number_of_samples", numberOfSamples);
    put(body, "generation_model", generationModel);
    put(body, "outline_model", outlineModel);
    put(body, "revision_model", revisionModel);
    put(body, "revision_types", revisionTypes);
    put(body, "filtering_types", filteringTypes);
    put(body, "max_revision_cycles", maxRevisionCycles);
    put(body, "seed_shuffling_level", seedShufflingLevel);
    put(body, "max_examples_in_prompt", maxExamplesInPrompt);
    put(body, "unified_multifield", unifiedMultifield);
    put(body, "generation_thinking_budget", generationThinkingBudget);
    put(body, "outline_thinking_budget", outlineThinkingBudget);
    put(body, "revision_thinking_budget", revisionThinkingBudget);
    put(body, "skip_outline", skipOutline);
    put(body, "tools", tools);
    put(body, "enable_revisions", enableRevisions);
    return body;
  }

  static void put(Map<String, Object> body, String field, Object value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}
