package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.JsonOutput;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The LLM analyst (docs/ARCHITECTURE.md section 5): asks a model for a spec of the seeds (their
 * statistical profile and a token-bounded, fenced sample of records or documents) or of the
 * objectives alone, as JSON of {@link SpecDraft#SCHEMA}, then repairs and validates the answer
 * ({@link SpecRepair}). An answer that cannot be repaired is asked for again, in the same
 * conversation with the reason, at most {@link AnalystSettings#maxReasks()} times; then the
 * analysis fails with a {@link SpecGenerationException} naming the model and every reason. A failed
 * model call (after the client's own retries) fails it at once.
 *
 * <p>Never blocks: the future completes when the model has answered well enough.
 */
public final class SpecAnalyst {
  private final LlmClient client;
  private final AnalystSettings settings;

  public SpecAnalyst(LlmClient client, AnalystSettings settings) {
    if (client == null || settings == null) {
      throw new IllegalArgumentException("the analyst needs a model client and settings");
    }
    this.client = client;
    this.settings = settings;
  }

  /** The prompt the analyst opens with for {@code material}. */
  public SpecPrompt prompt(SeedMaterial material) {
    return SpecPrompt.of(material, settings);
  }

  public CompletableFuture<SpecAnalysis> analyse(SeedMaterial material) {
    SpecPrompt prompt;
    try {
      prompt = prompt(material);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Conversation conversation = new Conversation(prompt.system());
    conversation.messages.add(ChatMessage.user(prompt.user()));
    return ask(material, conversation);
  }

  /** The state of one analysis: its messages so far and what the calls added up to. */
  private static final class Conversation {
    final String system;
    final List<ChatMessage> messages = new ArrayList<>();
    final List<String> rejected = new ArrayList<>();
    Usage usage = Usage.NONE;
    int calls;

    Conversation(String system) {
      this.system = system;
    }
  }

  private CompletableFuture<SpecAnalysis> ask(SeedMaterial material, Conversation conversation) {
    ChatRequest.Builder request =
        ChatRequest.builder(settings.modelId())
            .cachedSystem(conversation.system)
            .maxOutputTokens(settings.maxOutputTokens())
            .thinkingBudget(settings.thinkingBudget())
            .jsonOutput(JsonOutput.withSchema(SpecDraft.SCHEMA_NAME, SpecDraft.SCHEMA));
    conversation.messages.forEach(request::message);
    CompletableFuture<ChatResponse> call;
    try {
      call = client.chat(request.build());
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle(
            (response, error) ->
                error != null
                    ? CompletableFuture.<SpecAnalysis>failedFuture(modelFailed(error))
                    : answered(material, conversation, response))
        .thenCompose(next -> next);
  }

  private CompletableFuture<SpecAnalysis> answered(
      SeedMaterial material, Conversation conversation, ChatResponse response) {
    conversation.calls++;
    conversation.usage = conversation.usage.plus(response.usage());
    try {
      SpecRepair.Result result =
          SpecRepair.repair(
              SpecDraft.parse(usableText(response)),
              material,
              settings,
              "the spec from model " + settings.modelId());
      return CompletableFuture.completedFuture(
          new SpecAnalysis(
              result.spec(),
              settings.modelId(),
              conversation.usage,
              conversation.calls,
              result.repairs(),
              conversation.rejected));
    } catch (UnusableAnswerException e) {
      conversation.rejected.add(e.getMessage());
      if (conversation.rejected.size() > settings.maxReasks()) {
        return CompletableFuture.failedFuture(noUsableAnswer(conversation));
      }
      conversation.messages.add(
          response.text().isBlank() ? ChatMessage.assistant("(no answer)") : response.asMessage());
      conversation.messages.add(ChatMessage.user(SpecPrompt.correction(e.getMessage())));
      return ask(material, conversation);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The answer's text, unless it was cut off or withheld, which no repair can mend. */
  private String usableText(ChatResponse response) {
    if (response.stopReason() == StopReason.MAX_TOKENS) {
      throw new UnusableAnswerException(
          "the answer was cut off at the output limit of "
              + settings.maxOutputTokens()
              + " tokens; write a shorter spec (fewer properties or values)");
    }
    if (response.stopReason() == StopReason.REFUSED) {
      throw new UnusableAnswerException(
          "the provider withheld the answer ("
              + response.rawStopReason()
              + "); answer with the spec of the data as asked");
    }
    return response.text();
  }

  private SpecGenerationException noUsableAnswer(Conversation conversation) {
    StringBuilder message =
        new StringBuilder("spec generation model ")
            .append(settings.modelId())
            .append(" gave no usable spec in ")
            .append(conversation.calls)
            .append(conversation.calls == 1 ? " answer" : " answers");
    for (int i = 0; i < conversation.rejected.size(); i++) {
      message.append("\n  answer ").append(i + 1).append(": ").append(conversation.rejected.get(i));
    }
    return new SpecGenerationException(message.toString());
  }

  private SpecGenerationException modelFailed(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return new SpecGenerationException(
        "spec generation model " + settings.modelId() + " failed: " + cause.getMessage(), cause);
  }
}
