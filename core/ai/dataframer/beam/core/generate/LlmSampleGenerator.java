package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.engine.DraftFinisher;
import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The LLM path of a sample (docs/ARCHITECTURE.md section 6, steps 2-6): for attempt 1 to {@code
 * maxAttempts}, [outline] then draft ({@link Drafts}), revision cycles ({@link Revisions}), the
 * plan's keys and the fields' grains ({@link DraftFinisher}), quality filters ({@link
 * QualityFilters}); an attempt whose answer could not be used or whose sample a filter rejected is
 * followed by a fresh one with the same plan, told why the last was rejected. Every call is
 * accounted to its stage, failed attempts included ({@link SampleCalls}).
 *
 * <p>Fully asynchronous: a sample is a chain of futures, each step started from the completion of
 * the model call before it, so hundreds of samples can be in flight on a few threads. The returned
 * future never fails: a model call that failed (after the client's own retries), the budget running
 * out, or a bug becomes a rejected outcome with its stage and reason.
 *
 * <p>Thread-safe: one generator serves every sample of a worker. It does not own the client.
 */
public final class LlmSampleGenerator implements SampleGenerator {
  private final GenerationContext context;
  private final LlmClient client;
  private final PriceTable prices;
  private final CostBudget budget;
  private final SeedExamplePrompts examples;
  private final Drafts drafts;
  private final Revisions revisions;
  private final QualityFilters filters;
  private final DraftFinisher finisher;

  /** A generator whose keys avoid no seed keys: for runs whose spec has no key fields. */
  public LlmSampleGenerator(
      Spec spec,
      List<Map<String, Object>> seedExamples,
      GenerationSettings settings,
      LlmClient client,
      PriceTable prices,
      CostBudget budget) {
    this(spec, seedExamples, settings, client, prices, budget, SeedKeyPositions.empty());
  }

  /**
   * @param seedExamples the run's seed example list, which plans' example indices point into; empty
   *     for a seedless run; documents as records with a {@code text} field
   * @param budget the run's cost cap, or null for none
   * @param seedKeys the key values of every seed row, which no generated key may equal
   * @throws IllegalArgumentException when a model the settings use has no price
   */
  public LlmSampleGenerator(
      Spec spec,
      List<Map<String, Object>> seedExamples,
      GenerationSettings settings,
      LlmClient client,
      PriceTable prices,
      CostBudget budget,
      SeedKeyPositions seedKeys) {
    this.context =
        new GenerationContext(
            Objects.requireNonNull(spec, "spec"),
            Objects.requireNonNull(settings, "settings"),
            seedExamples,
            !seedExamples.isEmpty());
    this.client = Objects.requireNonNull(client, "client");
    this.prices = Objects.requireNonNull(prices, "prices");
    this.budget = budget;
    List<String> rendered = new ArrayList<>(seedExamples.size());
    for (Map<String, Object> seed : seedExamples) {
      rendered.add(context.renderSeed(seed));
    }
    this.examples =
        new SeedExamplePrompts(
            rendered,
            settings.seedShufflingLevel(),
            settings.maxExamplesInPrompt(),
            GenerationSettings.DEFAULT_EXAMPLE_TOKENS);
    this.drafts = new Drafts(context);
    this.revisions = new Revisions(context);
    this.filters = new QualityFilters(context);
    this.finisher = new DraftFinisher(spec, Objects.requireNonNull(seedKeys, "seedKeys"));
    for (String modelId : modelsUsed()) {
      prices.price(modelId);
    }
  }

  /** The models this generator's settings call, each checked for a price up front. */
  private Set<String> modelsUsed() {
    GenerationSettings settings = context.settings;
    Set<String> models = new LinkedHashSet<>();
    models.add(settings.generation().modelId());
    if (!settings.skipOutline()) {
      models.add(settings.outline().modelId());
    }
    if (!revisions.types().isEmpty() || !settings.filteringTypes().isEmpty()) {
      models.add(settings.revision().modelId());
    }
    return models;
  }

  @Override
  public CompletableFuture<SampleResult> generate(SamplePlan plan) {
    SampleState state;
    try {
      state =
          new SampleState(
              new SampleCalls(context.settings, client, prices, budget, examples, plan));
    } catch (RuntimeException e) {
      SampleFailure failure = SampleFailure.of(e);
      return CompletableFuture.completedFuture(
          SampleResult.free(
              new SampleOutcome.Rejected(plan, failure.stage(), failure.reasons(), 0, null)));
    }
    return attempt(state, 1, List.of())
        .handle(
            (outcome, error) -> {
              SampleOutcome last =
                  error == null ? outcome : rejected(state, SampleFailure.of(error), state.attempt);
              return state.result(last);
            });
  }

  /** Mutable progress of one sample, touched by one step at a time. */
  private static final class SampleState {
    final SampleCalls calls;
    int attempt;
    Map<String, Object> lastCandidate;
    int revisionCycles;

    SampleState(SampleCalls calls) {
      this.calls = calls;
    }

    SampleResult result(SampleOutcome outcome) {
      return new SampleResult(
          outcome, calls.usageByStage(), calls.costUsd(), revisionCycles, calls.modelCalls());
    }
  }

  private CompletableFuture<SampleOutcome> attempt(
      SampleState state, int attempt, List<String> rejectedBefore) {
    state.attempt = attempt;
    state.revisionCycles = 0;
    state.calls.startAttempt(attempt);
    return Futures.attempt(() -> drafts.draft(state.calls, rejectedBefore))
        .thenCompose(
            draft -> {
              state.lastCandidate = draft;
              return revisions.revise(state.calls, draft);
            })
        .thenCompose(
            revised -> {
              state.revisionCycles = revised.cycles();
              state.lastCandidate = revised.sample();
              Map<String, Object> finished = finisher.finish(state.calls.plan(), revised.sample());
              state.lastCandidate = finished;
              return filters
                  .check(state.calls, finished)
                  .thenApply(
                      passed ->
                          (SampleOutcome)
                              new SampleOutcome.Accepted(state.calls.plan(), finished, attempt));
            })
        .handle(
            (accepted, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(accepted);
              }
              SampleFailure failure = SampleFailure.of(error);
              if (failure.isFinal() || attempt >= context.settings.maxAttempts()) {
                return CompletableFuture.completedFuture(rejected(state, failure, attempt));
              }
              return attempt(state, attempt + 1, failure.reasons());
            })
        .thenCompose(Function.identity());
  }

  private static SampleOutcome rejected(SampleState state, SampleFailure failure, int attempt) {
    return new SampleOutcome.Rejected(
        state.calls.plan(),
        failure.stage(),
        failure.reasons(),
        Math.max(attempt, 1),
        state.lastCandidate);
  }
}
