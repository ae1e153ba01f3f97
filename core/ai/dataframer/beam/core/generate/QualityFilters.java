package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.engine.GenerationLoop;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.request.FilteringType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Step 5 of a sample: the {@code filtering_types} gates in order; the first that objects fails the
 * attempt (stage "filter") and the sample is regenerated with the same plan.
 *
 * <ul>
 *   <li>structural: a record must match its fields' types and nullability, decimals at their scale,
 *       free text non-blank ({@code StructuralFilter}), and keep the spec's constraints ({@code
 *       ConstraintFilter}); a document is judged by the revision model: non-empty, complete, in the
 *       seeds' format;
 *   <li>conformance: fields bound to a property must show the plan's value ({@code
 *       ConformanceFilter}); every other property is classified by a judge call and must read as
 *       the plan's value.
 * </ul>
 */
final class QualityFilters {
  static final String STAGE = GenerationLoop.STAGE_FILTER;

  private final GenerationContext context;

  QualityFilters(GenerationContext context) {
    this.context = context;
  }

  /** Completes normally when every gate passes, else with a retryable "filter" failure. */
  CompletableFuture<Void> check(SampleCalls calls, Map<String, Object> sample) {
    return gate(calls, sample, 0);
  }

  private CompletableFuture<Void> gate(
      SampleCalls calls, Map<String, Object> sample, int position) {
    List<FilteringType> types = context.settings.filteringTypes();
    if (position == types.size()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<List<String>> reasons =
        types.get(position) == FilteringType.STRUCTURAL
            ? structural(calls, sample)
            : conformance(calls, sample);
    return reasons.thenCompose(
        found -> {
          if (!found.isEmpty()) {
            throw SampleFailure.retryable(STAGE, found);
          }
          return gate(calls, sample, position + 1);
        });
  }

  private CompletableFuture<List<String>> structural(
      SampleCalls calls, Map<String, Object> sample) {
    SamplePlan plan = calls.plan();
    if (context.isRecordSpec()) {
      List<String> reasons = context.structuralFilter.check(plan, sample);
      return CompletableFuture.completedFuture(
          reasons.isEmpty() ? context.constraintFilter.check(plan, sample) : reasons);
    }
    String document = context.render(sample);
    if (document.isBlank()) {
      return CompletableFuture.completedFuture(List.of("the document is empty"));
    }
    String task = context.templates.structuralJudge(plan, document);
    return calls
        .ask(
            SampleCalls.Prompt.of(PromptKind.STRUCTURAL_JUDGE, task, Answers.VERDICT_SCHEMA),
            Answers::verdict)
        .thenApply(
            verdict ->
                verdict.issues().stream().map(issue -> "structural judge: " + issue).toList());
  }

  private CompletableFuture<List<String>> conformance(
      SampleCalls calls, Map<String, Object> sample) {
    SamplePlan plan = calls.plan();
    List<String> reasons =
        context.isRecordSpec() ? context.conformanceFilter.check(plan, sample) : List.of();
    List<PropertyVariation> toClassify = new ArrayList<>();
    for (PropertyVariation property : context.unboundProperties) {
      if (plan.propertyValues().containsKey(property.name())) {
        toClassify.add(property);
      }
    }
    if (!reasons.isEmpty() || toClassify.isEmpty()) {
      return CompletableFuture.completedFuture(reasons);
    }
    String task = context.templates.conformanceJudge(toClassify, context.render(sample));
    return calls
        .ask(
            SampleCalls.Prompt.of(
                PromptKind.CONFORMANCE_JUDGE, task, Answers.classificationSchema(toClassify)),
            answer -> Answers.classification(answer, toClassify))
        .thenApply(
            read -> {
              List<String> mismatches = new ArrayList<>();
              for (PropertyVariation property : toClassify) {
                String assigned = plan.propertyValues().get(property.name());
                String shown = read.get(property.name());
                if (!assigned.equals(shown)) {
                  mismatches.add(
                      "conformance judge: property '"
                          + property.name()
                          + "' reads as '"
                          + shown
                          + "', but the plan assigned '"
                          + assigned
                          + "'");
                }
              }
              return mismatches;
            });
  }
}
