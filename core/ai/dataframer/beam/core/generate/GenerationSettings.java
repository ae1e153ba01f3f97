package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.request.FilteringType;
import ai.dataframer.beam.core.request.RevisionType;
import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.Tool;
import java.io.Serializable;
import java.util.List;

/**
 * How a run generates each sample: the {@code RunCreate} fields the stages read, with the
 * deprecated {@code enable_revisions} resolved, plus the attempt limit.
 *
 * @param generation the drafting model
 * @param outline the outline model, used when {@code skipOutline} is false
 * @param revision the model of revisions and of judge filters
 * @param revisionTypes revisions applied each cycle, in this order
 * @param filteringTypes quality gates, in this order
 * @param maxRevisionCycles at most this many revision cycles (a cycle with nothing to fix ends
 *     early)
 * @param skipOutline draft in one call instead of outline then parts
 * @param unifiedMultifield records in one call with every field, else one call per field in order
 * @param calculator offer the calculator tool while drafting
 * @param seedShufflingLevel how seed examples vary between samples, fields and calls
 * @param maxExamplesInPrompt seed examples per prompt, or null for as many as fit in 10K tokens
 * @param maxAttempts drafts per plan before it fails (regeneration after a failed filter)
 */
public record GenerationSettings(
    StageModel generation,
    StageModel outline,
    StageModel revision,
    List<RevisionType> revisionTypes,
    List<FilteringType> filteringTypes,
    int maxRevisionCycles,
    boolean skipOutline,
    boolean unifiedMultifield,
    boolean calculator,
    SeedShufflingLevel seedShufflingLevel,
    Integer maxExamplesInPrompt,
    int maxAttempts)
    implements Serializable {
  /** The prompt budget for seed examples when {@code max_examples_in_prompt} is not set. */
  public static final int DEFAULT_EXAMPLE_TOKENS = 10_000;

  public GenerationSettings {
    revisionTypes = List.copyOf(revisionTypes);
    filteringTypes = List.copyOf(filteringTypes);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
    }
  }

  /** These settings with another number of drafts per plan. */
  public GenerationSettings withMaxAttempts(int newMaxAttempts) {
    return new GenerationSettings(
        generation,
        outline,
        revision,
        revisionTypes,
        filteringTypes,
        maxRevisionCycles,
        skipOutline,
        unifiedMultifield,
        calculator,
        seedShufflingLevel,
        maxExamplesInPrompt,
        newMaxAttempts);
  }

  /**
   * One model for every stage and one draft per sample: no outline, revisions or filters, all
   * fields in one call.
   */
  public static GenerationSettings draftOnly(StageModel model, int maxAttempts) {
    return new GenerationSettings(
        model,
        model,
        model,
        List.of(),
        List.of(),
        RunCreate.DEFAULT_MAX_REVISION_CYCLES,
        true,
        true,
        false,
        SeedShufflingLevel.NONE,
        null,
        maxAttempts);
  }

  /** The settings of a validated request. */
  public static GenerationSettings of(RunCreate request, int maxAttempts) {
    return new GenerationSettings(
        new StageModel(request.generationModel(), request.generationThinkingBudget()),
        new StageModel(request.outlineModel(), request.outlineThinkingBudget()),
        new StageModel(request.revisionModel(), request.revisionThinkingBudget()),
        request.effectiveRevisionTypes(),
        request.effectiveFilteringTypes(),
        request.maxRevisionCycles(),
        request.skipOutline(),
        request.unifiedMultifield(),
        request.tools().contains(Tool.CALCULATOR),
        request.seedShufflingLevel(),
        request.maxExamplesInPrompt(),
        maxAttempts);
  }
}
