package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The evaluation's judge (docs/ARCHITECTURE.md section 9): reads from a finished sample which value
 * of each unbound property it shows, the hosted API's {@code sample_classifications}. It asks the
 * {@code evaluation_model} the same question, in the same words and answer schema, as the
 * conformance filter of a run asks its judge, with one repair when the answer does not parse. A
 * sample the judge cannot classify is not analysed, with the reason, rather than failing the
 * evaluation.
 */
public final class SampleJudge {
  private final String modelId;
  private final LlmClient client;
  private final PriceTable prices;
  private final Spec spec;
  private final RecordJson records;
  private final PromptTemplates templates;
  private final List<PropertyVariation> unbound;

  /**
   * What the judge read from one sample.
   *
   * @param values property name to the value the sample shows; empty when not classified
   * @param error why the sample could not be classified, or null
   */
  public record Judgement(
      Map<String, String> values, int calls, Usage usage, double costUsd, String error)
      implements Serializable {
    public Judgement {
      values = Map.copyOf(values);
    }
  }

  public SampleJudge(Spec spec, String modelId, LlmClient client, PriceTable prices) {
    this.spec = spec;
    this.modelId = modelId;
    this.client = client;
    this.prices = prices;
    this.records = new RecordJson(spec);
    this.templates = new PromptTemplates(spec, records, false);
    this.unbound = unboundProperties(spec);
  }

  /** Properties no record field is bound to: only a model can read them from a sample. */
  public static List<PropertyVariation> unboundProperties(Spec spec) {
    Set<String> bound = new HashSet<>();
    for (RecordField field : spec.recordFields()) {
      if (field.isBound()) {
        bound.add(field.property());
      }
    }
    List<PropertyVariation> unbound = new ArrayList<>();
    for (PropertyVariation property : spec.properties()) {
      if (!bound.contains(property.name())) {
        unbound.add(property);
      }
    }
    return List.copyOf(unbound);
  }

  /**
   * Classifies {@code sample} (a record's fields, or a document's {@code text}) on every unbound
   * property. Never completes exceptionally: a failed call or an unusable answer gives a judgement
   * with no values and the reason.
   */
  public CompletableFuture<Judgement> classify(Map<String, Object> sample) {
    if (unbound.isEmpty()) {
      return CompletableFuture.completedFuture(new Judgement(Map.of(), 0, Usage.NONE, 0, null));
    }
    String rendered;
    if (spec.isRecordSpec()) {
      rendered = records.render(sample);
    } else {
      Object text = sample.get(GenerationContext.DOCUMENT_FIELD);
      rendered = text == null ? "" : text.toString();
    }
    ChatRequest request =
        ChatRequest.builder(modelId)
            .system(PromptTemplates.SYSTEM)
            .user(templates.conformanceJudge(unbound, rendered))
            .maxOutputTokens(PromptKind.CONFORMANCE_JUDGE.maxOutputTokens())
            .jsonOutput(Answers.classificationSchema(unbound))
            .build();
    return ask(request)
        .thenCompose(
            first -> {
              try {
                return CompletableFuture.completedFuture(judgement(first, 1, Usage.NONE));
              } catch (AnswerFormatException error) {
                ChatRequest repair =
                    request
                        .withMessage(
                            ChatMessage.assistant(
                                first.text().isEmpty() ? "(no answer)" : first.text()))
                        .withMessage(ChatMessage.user(PromptTemplates.repair(error.getMessage())));
                return ask(repair)
                    .thenApply(
                        second -> {
                          try {
                            return judgement(second, 2, first.usage());
                          } catch (AnswerFormatException again) {
                            Usage usage = first.usage().plus(second.usage());
                            return new Judgement(
                                Map.of(),
                                2,
                                usage,
                                prices.cost(modelId, usage),
                                "answer unusable after a repair: " + again.getMessage());
                          }
                        });
              }
            })
        .exceptionally(
            error ->
                new Judgement(
                    Map.of(), 1, Usage.NONE, 0, "the call failed: " + rootMessage(error)));
  }

  private CompletableFuture<ChatResponse> ask(ChatRequest request) {
    try {
      return client.chat(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Judgement judgement(ChatResponse response, int calls, Usage earlier)
      throws AnswerFormatException {
    if (response.stopReason() == StopReason.MAX_TOKENS) {
      throw new AnswerFormatException("the answer was cut off at the output limit");
    }
    Usage usage = earlier.plus(response.usage());
    return new Judgement(
        Answers.classification(response.text(), unbound),
        calls,
        usage,
        prices.cost(modelId, usage),
        null);
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
