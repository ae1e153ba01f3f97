package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.llm.JsonOutput;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.RecordField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Steps 2 and 3 of a sample (docs/ARCHITECTURE.md section 6): the outline when {@code skip_outline}
 * is false, then the draft. Records are one JSON object with every field when {@code
 * unified_multifield}, else one call per field in order, each seeing the fields already written;
 * for records the outline plans the record and every draft call sees it. Documents are written in
 * one call, or with an outline part by part, each call seeing the outline and the parts so far.
 * Drafting calls offer the calculator when the run has it.
 */
final class Drafts {
  private final GenerationContext context;

  Drafts(GenerationContext context) {
    this.context = context;
  }

  /** The attempt's draft: a record, or a document as a record of one {@code text} field. */
  CompletableFuture<Map<String, Object>> draft(SampleCalls calls, List<String> rejectedBefore) {
    CompletableFuture<Answers.Outline> outline =
        context.settings.skipOutline()
            ? CompletableFuture.completedFuture(null)
            : outline(calls, rejectedBefore);
    return outline.thenCompose(
        planned -> {
          if (context.isRecordSpec()) {
            return context.settings.unifiedMultifield()
                ? wholeRecord(calls, planned, rejectedBefore)
                : fieldByField(calls, planned, rejectedBefore, 0, new LinkedHashMap<>());
          }
          return planned == null
              ? wholeDocument(calls, rejectedBefore)
              : partByPart(calls, planned, rejectedBefore, new ArrayList<>())
                  .thenApply(parts -> GenerationContext.document(String.join("\n\n", parts)));
        });
  }

  private CompletableFuture<Answers.Outline> outline(SampleCalls calls, List<String> rejected) {
    String task = context.templates.outline(calls.plan(), rejected);
    return calls.ask(
        SampleCalls.Prompt.of(PromptKind.OUTLINE, task, Answers.OUTLINE_SCHEMA), Answers::outline);
  }

  private CompletableFuture<Map<String, Object>> wholeRecord(
      SampleCalls calls, Answers.Outline outline, List<String> rejected) {
    SamplePlan plan = calls.plan();
    String task = context.templates.draftRecord(plan, outline, rejected, calculator());
    JsonOutput schema = JsonOutput.withSchema("record", context.records.recordSchema(plan));
    return calls.ask(
        new SampleCalls.Prompt(PromptKind.DRAFT_RECORD, task, schema, calculator(), null),
        answer -> context.records.parseRecord(answer, plan));
  }

  private CompletableFuture<Map<String, Object>> fieldByField(
      SampleCalls calls,
      Answers.Outline outline,
      List<String> rejected,
      int position,
      Map<String, Object> soFar) {
    List<RecordField> fields = context.spec.recordFields();
    if (position == fields.size()) {
      return CompletableFuture.completedFuture(soFar);
    }
    SamplePlan plan = calls.plan();
    RecordField field = fields.get(position);
    String task = context.templates.draftField(plan, outline, field, soFar, rejected, calculator());
    JsonOutput schema =
        JsonOutput.withSchema("field_value", context.records.fieldAnswerSchema(field, plan));
    return calls
        .ask(
            new SampleCalls.Prompt(
                PromptKind.DRAFT_FIELD, task, schema, calculator(), field.name()),
            answer -> context.records.parseFieldAnswer(answer, field, plan))
        .thenCompose(
            value -> {
              soFar.put(field.name(), value);
              return fieldByField(calls, outline, rejected, position + 1, soFar);
            });
  }

  private CompletableFuture<Map<String, Object>> wholeDocument(
      SampleCalls calls, List<String> rejected) {
    String task = context.templates.draftDocument(calls.plan(), rejected, calculator());
    return calls
        .ask(
            new SampleCalls.Prompt(PromptKind.DRAFT_DOCUMENT, task, null, calculator(), null),
            Answers::text)
        .thenApply(GenerationContext::document);
  }

  private CompletableFuture<List<String>> partByPart(
      SampleCalls calls, Answers.Outline outline, List<String> rejected, List<String> written) {
    int part = written.size();
    if (part == outline.parts().size()) {
      return CompletableFuture.completedFuture(written);
    }
    String task =
        context.templates.draftPart(calls.plan(), outline, part, written, rejected, calculator());
    return calls
        .ask(
            new SampleCalls.Prompt(PromptKind.DRAFT_PART, task, null, calculator(), null),
            Answers::text)
        .thenCompose(
            text -> {
              written.add(text);
              return partByPart(calls, outline, rejected, written);
            });
  }

  private boolean calculator() {
    return context.settings.calculator();
  }
}
