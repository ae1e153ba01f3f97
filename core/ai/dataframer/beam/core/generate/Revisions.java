package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.llm.JsonOutput;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.request.RevisionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Step 4 of a sample: up to {@code max_revision_cycles} cycles, each applying the selected revision
 * types in order with the revision model, a critique then, only when the critique found something,
 * a rewrite that the next type's critique sees. A cycle in which no type needed changes ends the
 * loop. Distinguishability compares with the seed examples, so a seedless run skips it.
 */
final class Revisions {
  /** The revised sample and the cycles it went through (a cycle that found nothing counts). */
  record Revised(Map<String, Object> sample, int cycles) {}

  private record Pass(Map<String, Object> sample, boolean changed) {}

  private final GenerationContext context;
  private final List<RevisionType> types;

  Revisions(GenerationContext context) {
    this.context = context;
    List<RevisionType> applied = new ArrayList<>();
    for (RevisionType type : context.settings.revisionTypes()) {
      if (type != RevisionType.DISTINGUISHABILITY || context.seeded) {
        applied.add(type);
      }
    }
    this.types = List.copyOf(applied);
  }

  List<RevisionType> types() {
    return types;
  }

  CompletableFuture<Revised> revise(SampleCalls calls, Map<String, Object> draft) {
    return cycle(calls, draft, 1);
  }

  private CompletableFuture<Revised> cycle(
      SampleCalls calls, Map<String, Object> sample, int cycle) {
    if (types.isEmpty() || cycle > context.settings.maxRevisionCycles()) {
      return CompletableFuture.completedFuture(new Revised(sample, cycle - 1));
    }
    return applyTypes(calls, sample, 0, false)
        .thenCompose(
            pass ->
                pass.changed()
                    ? cycle(calls, pass.sample(), cycle + 1)
                    : CompletableFuture.completedFuture(new Revised(pass.sample(), cycle)));
  }

  private CompletableFuture<Pass> applyTypes(
      SampleCalls calls, Map<String, Object> sample, int position, boolean changed) {
    if (position == types.size()) {
      return CompletableFuture.completedFuture(new Pass(sample, changed));
    }
    RevisionType type = types.get(position);
    SamplePlan plan = calls.plan();
    String shown = context.render(sample);
    String task = context.templates.critique(plan, type, shown);
    return calls
        .ask(
            SampleCalls.Prompt.of(PromptKind.CRITIQUE, task, Answers.CRITIQUE_SCHEMA),
            Answers::critique)
        .thenCompose(
            critique -> {
              if (!critique.needsChanges()) {
                return applyTypes(calls, sample, position + 1, changed);
              }
              return rewrite(calls, type, shown, critique.issues())
                  .thenCompose(revised -> applyTypes(calls, revised, position + 1, true));
            });
  }

  private CompletableFuture<Map<String, Object>> rewrite(
      SampleCalls calls, RevisionType type, String shown, List<String> issues) {
    SamplePlan plan = calls.plan();
    String task = context.templates.rewrite(plan, type, shown, issues);
    if (context.isRecordSpec()) {
      JsonOutput schema = JsonOutput.withSchema("record", context.records.recordSchema(plan));
      return calls.ask(
          SampleCalls.Prompt.of(PromptKind.REWRITE, task, schema),
          answer -> context.records.parseRecord(answer, plan));
    }
    return calls
        .ask(SampleCalls.Prompt.of(PromptKind.REWRITE, task, null), Answers::text)
        .thenApply(GenerationContext::document);
  }
}
