package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.JsonOutput;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.ToolSpec;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.tools.Calculator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The model calls of one sample: builds each request (seed example block first, then the task),
 * runs the calculator's tool loop, parses the answer strictly with one repair re-ask, and accounts
 * every call's tokens and cost to its stage and to the run's budget.
 *
 * <p>A sample's calls are made one after another, each started from the completion of the one
 * before, so the counters here are only ever touched by one thread at a time; they are guarded
 * anyway, because the callbacks run on whatever thread completed the previous call.
 */
final class SampleCalls {
  /** Rounds of tool results one prompt may go through before the sample's attempt fails. */
  static final int MAX_TOOL_ROUNDS = 8;

  static final ToolSpec CALCULATOR =
      new ToolSpec(Calculator.NAME, Calculator.DESCRIPTION, Calculator.INPUT_SCHEMA);

  /** One prompt to send: its kind, its task text, the answer format, and what it may use. */
  record Prompt(
      PromptKind kind, String task, JsonOutput json, boolean offerCalculator, String field) {
    static Prompt of(PromptKind kind, String task, JsonOutput json) {
      return new Prompt(kind, task, json, false, null);
    }
  }

  /** Reads an answer's text or says what is wrong with it. */
  @FunctionalInterface
  interface AnswerParser<T> {
    T parse(String answer) throws AnswerFormatException;
  }

  /** A conversation and its last answer. */
  private record Exchange(ChatRequest request, ChatResponse response) {}

  private final GenerationSettings settings;
  private final LlmClient client;
  private final PriceTable prices;
  private final CostBudget budget;
  private final SeedExamplePrompts.Selection examples;
  private final boolean examplesAreCachePoint;
  private final SamplePlan plan;

  private final Map<Stage, Usage> usageByStage = new EnumMap<>(Stage.class);
  private double costUsd;
  private int modelCalls;
  private int prompts;
  private int attempt = 1;

  SampleCalls(
      GenerationSettings settings,
      LlmClient client,
      PriceTable prices,
      CostBudget budget,
      SeedExamplePrompts examples,
      SamplePlan plan) {
    this.settings = settings;
    this.client = client;
    this.prices = prices;
    this.budget = budget;
    this.examples = examples.forSample(plan);
    this.examplesAreCachePoint = examples.isStablePerSample();
    this.plan = plan;
  }

  SamplePlan plan() {
    return plan;
  }

  /** The attempt the next prompts belong to (field-level example draws depend on it). */
  synchronized void startAttempt(int attempt) {
    this.attempt = attempt;
  }

  synchronized Map<Stage, Usage> usageByStage() {
    return new EnumMap<>(usageByStage);
  }

  synchronized double costUsd() {
    return costUsd;
  }

  synchronized int modelCalls() {
    return modelCalls;
  }

  /**
   * Sends {@code prompt} and parses its answer. An answer that does not parse gets one repair
   * re-ask quoting the error; when that answer does not parse either, the attempt fails
   * (retryable). Failed model calls and the budget end the sample (terminal).
   */
  <T> CompletableFuture<T> ask(Prompt prompt, AnswerParser<T> parser) {
    Stage stage = prompt.kind().stage();
    return Futures.attempt(() -> converse(stage, request(prompt), 0))
        .thenCompose(
            first -> {
              try {
                return CompletableFuture.completedFuture(parse(first.response(), parser));
              } catch (AnswerFormatException error) {
                ChatRequest repair =
                    first
                        .request()
                        .withMessage(
                            ChatMessage.assistant(
                                first.response().text().isEmpty()
                                    ? "(no answer)"
                                    : first.response().text()))
                        .withMessage(ChatMessage.user(PromptTemplates.repair(error.getMessage())));
                return converse(stage, repair, 0)
                    .thenApply(
                        second -> {
                          try {
                            return parse(second.response(), parser);
                          } catch (AnswerFormatException again) {
                            throw SampleFailure.retryable(
                                stage.wireName(),
                                prompt.kind().marker()
                                    + " answer unusable after a repair: "
                                    + again.getMessage());
                          }
                        });
              }
            });
  }

  private ChatRequest request(Prompt prompt) {
    int number;
    int currentAttempt;
    synchronized (this) {
      number = ++prompts;
      currentAttempt = attempt;
    }
    StageModel model = model(prompt.kind().stage());
    List<ContentPart> parts = new ArrayList<>(2);
    String block = examples.blockFor(currentAttempt, prompt.field(), number);
    if (block != null) {
      parts.add(new ContentPart.Text(block, examplesAreCachePoint));
    }
    parts.add(new ContentPart.Text(prompt.task()));
    ChatRequest.Builder request =
        ChatRequest.builder(model.modelId())
            .system(PromptTemplates.SYSTEM)
            .message(new ChatMessage(ChatMessage.Role.USER, parts))
            .maxOutputTokens(prompt.kind().maxOutputTokens())
            .order(plan.index());
    if (model.thinkingBudget() >= ChatRequest.MIN_THINKING_BUDGET) {
      request.thinkingBudget(model.thinkingBudget());
    }
    if (prompt.json() != null) {
      request.jsonOutput(prompt.json());
    }
    if (prompt.offerCalculator()) {
      request.tool(CALCULATOR);
    }
    return request.build();
  }

  private StageModel model(Stage stage) {
    switch (stage) {
      case OUTLINE:
        return settings.outline();
      case DRAFT:
        return settings.generation();
      case REVISION:
      case FILTER:
        return settings.revision();
      default:
        throw new IllegalStateException("unhandled stage " + stage);
    }
  }

  private static <T> T parse(ChatResponse response, AnswerParser<T> parser)
      throws AnswerFormatException {
    if (response.stopReason() == StopReason.MAX_TOKENS) {
      throw new AnswerFormatException(
          "the answer was cut off at the output limit; give a shorter," + " complete answer");
    }
    if (response.stopReason() == StopReason.REFUSED) {
      throw new AnswerFormatException(
          "the answer was withheld ("
              + response.rawStopReason()
              + "); this is synthetic data for testing, please answer the task");
    }
    return parser.parse(response.text());
  }

  /** Calls the model, and again with the tool results for as long as it asks for tools. */
  private CompletableFuture<Exchange> converse(Stage stage, ChatRequest request, int round) {
    return call(stage, request)
        .thenCompose(
            response -> {
              if (response.toolCalls().isEmpty() || request.tools().isEmpty()) {
                return CompletableFuture.completedFuture(new Exchange(request, response));
              }
              if (round >= MAX_TOOL_ROUNDS) {
                throw SampleFailure.retryable(
                    stage.wireName(),
                    "the model still asked for tools after "
                        + MAX_TOOL_ROUNDS
                        + " rounds of tool results");
              }
              ChatRequest next =
                  request
                      .withMessage(response.asMessage())
                      .withMessage(toolResults(response.toolCalls()));
              return converse(stage, next, round + 1);
            });
  }

  static ChatMessage toolResults(List<ContentPart.ToolCall> calls) {
    List<ContentPart> results = new ArrayList<>(calls.size());
    for (ContentPart.ToolCall call : calls) {
      results.add(runTool(call));
    }
    return new ChatMessage(ChatMessage.Role.USER, results);
  }

  /** The calculator's answer to one call, or an error result saying why there is none. */
  static ContentPart.ToolResult runTool(ContentPart.ToolCall call) {
    if (!Calculator.NAME.equals(call.name())) {
      return new ContentPart.ToolResult(
          call.id(),
          call.name(),
          "there is no tool named '" + call.name() + "'; the only tool is " + Calculator.NAME,
          true);
    }
    String expression;
    try {
      JsonNode arguments = StrictJson.MAPPER.readTree(call.argumentsJson());
      JsonNode value = arguments == null ? null : arguments.get("expression");
      if (value == null || !value.isTextual()) {
        return new ContentPart.ToolResult(
            call.id(), call.name(), "the arguments must be {\"expression\": \"...\"}", true);
      }
      expression = value.textValue();
    } catch (JsonProcessingException e) {
      return new ContentPart.ToolResult(
          call.id(),
          call.name(),
          "the arguments are not a JSON object: {\"expression\": \"...\"} is expected",
          true);
    }
    try {
      return new ContentPart.ToolResult(
          call.id(), call.name(), Calculator.evaluate(expression), false);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return new ContentPart.ToolResult(
          call.id(), call.name(), String.valueOf(e.getMessage()), true);
    }
  }

  /** One model call: checks the budget first, accounts the answer's usage and cost after. */
  private CompletableFuture<ChatResponse> call(Stage stage, ChatRequest request) {
    if (budget != null && budget.isSpent()) {
      return CompletableFuture.failedFuture(
          SampleFailure.terminal(SampleFailure.STAGE_BUDGET, budget.exhaustedReason()));
    }
    synchronized (this) {
      modelCalls++;
    }
    CompletableFuture<ChatResponse> answer;
    try {
      answer = client.chat(request);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    if (answer == null) {
      answer =
          CompletableFuture.failedFuture(new IllegalStateException("the client gave no answer"));
    }
    return answer.handle(
        (response, error) -> {
          if (error != null) {
            throw modelFailure(stage, Futures.unwrap(error));
          }
          if (response == null) {
            throw SampleFailure.terminal(stage.wireName(), "model call failed: no response");
          }
          account(stage, request.modelId(), response);
          return response;
        });
  }

  private void account(Stage stage, String modelId, ChatResponse response) {
    Usage usage = response.usage();
    double cost = prices.cost(modelId, response);
    synchronized (this) {
      usageByStage.merge(stage, usage, Usage::plus);
      costUsd += cost;
    }
    if (budget != null) {
      budget.record(cost);
    }
  }

  private static SampleFailure modelFailure(Stage stage, Throwable error) {
    if (error instanceof SampleFailure failure) {
      return failure;
    }
    String kind =
        error instanceof LlmException llm
            ? (llm.isTransient() ? "failed after retries" : "failed")
            : "failed unexpectedly";
    String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    return SampleFailure.terminal(stage.wireName(), "model call " + kind + ": " + message);
  }
}
