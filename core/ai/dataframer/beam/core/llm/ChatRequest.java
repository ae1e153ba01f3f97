package ai.dataframer.beam.core.llm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One call to a chat model, in terms every provider maps onto its own wire format.
 *
 * @param modelId the catalog id ({@code anthropic/claude-sonnet-4-6-thinking}, ...); its route says
 *     which provider serves it and whether thinking is on
 * @param system the system prompt, or null
 * @param systemCachePoint true when the system prompt is a stable prefix worth caching
 * @param messages the conversation, starting with a user message
 * @param maxOutputTokens the most tokens the answer may take (thinking tokens excluded)
 * @param temperature sampling temperature, or null for the provider's default; ignored where the
 *     model refuses one (thinking models)
 * @param thinkingBudget tokens the model may think with; used only with {@code -thinking} models
 * @param jsonOutput ask for JSON, or null for free text
 * @param tools tools the model may call; empty for none
 * @param order where the call queues behind a worker's limit of calls in flight, lowest first (the
 *     sample index, so the oldest samples finish first and a bundle that ends drains while later
 *     samples keep the limit full; docs/ARCHITECTURE.md section 7); null queues ahead of every
 *     ordered call, in arrival order. Not part of the request's content: the cache key ignores it.
 */
public record ChatRequest(
    String modelId,
    String system,
    boolean systemCachePoint,
    List<ChatMessage> messages,
    int maxOutputTokens,
    Double temperature,
    Integer thinkingBudget,
    JsonOutput jsonOutput,
    List<ToolSpec> tools,
    Long order)
    implements Serializable {
  /** The smallest thinking budget the API accepts (and Anthropic's minimum). */
  public static final int MIN_THINKING_BUDGET = 1024;

  public ChatRequest {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("a chat request needs a model id");
    }
    if (messages == null || messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    messages = List.copyOf(messages);
    if (messages.get(0).role() != ChatMessage.Role.USER) {
      throw new IllegalArgumentException("the first message must be the user's");
    }
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException(
          "maxOutputTokens must be >= 1, but was " + maxOutputTokens);
    }
    if (temperature != null && (temperature < 0 || temperature > 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], but was " + temperature);
    }
    if (thinkingBudget != null && thinkingBudget < MIN_THINKING_BUDGET) {
      throw new IllegalArgumentException(
          "thinkingBudget must be >= " + MIN_THINKING_BUDGET + ", but was " + thinkingBudget);
    }
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  public static Builder builder(String modelId) {
    return new Builder(modelId);
  }

  /** This request with one more message: a tool loop's next turn. */
  public ChatRequest withMessage(ChatMessage message) {
    List<ChatMessage> more = new ArrayList<>(messages);
    more.add(message);
    return new ChatRequest(
        modelId,
        system,
        systemCachePoint,
        more,
        maxOutputTokens,
        temperature,
        thinkingBudget,
        jsonOutput,
        tools,
        order);
  }

  /** Builds requests step by step; {@link #build()} validates. */
  public static final class Builder {
    private final String modelId;
    private String system;
    private boolean systemCachePoint;
    private final List<ChatMessage> messages = new ArrayList<>();
    private int maxOutputTokens = 4096;
    private Double temperature;
    private Integer thinkingBudget;
    private JsonOutput jsonOutput;
    private final List<ToolSpec> tools = new ArrayList<>();
    private Long order;

    private Builder(String modelId) {
      this.modelId = modelId;
    }

    public Builder system(String system) {
      this.system = system;
      return this;
    }

    /** The system prompt, marked as a stable prefix for prompt caching. */
    public Builder cachedSystem(String system) {
      this.system = system;
      this.systemCachePoint = true;
      return this;
    }

    public Builder message(ChatMessage message) {
      messages.add(message);
      return this;
    }

    public Builder user(String text) {
      return message(ChatMessage.user(text));
    }

    public Builder maxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder thinkingBudget(int thinkingBudget) {
      this.thinkingBudget = thinkingBudget;
      return this;
    }

    public Builder jsonOutput(JsonOutput jsonOutput) {
      this.jsonOutput = jsonOutput;
      return this;
    }

    public Builder tool(ToolSpec tool) {
      tools.add(tool);
      return this;
    }

    /** Where the call queues behind the worker's limit: lowest first (see {@link #order()}). */
    public Builder order(long order) {
      this.order = order;
      return this;
    }

    public ChatRequest build() {
      return new ChatRequest(
          modelId,
          system,
          systemCachePoint,
          messages,
          maxOutputTokens,
          temperature,
          thinkingBudget,
          jsonOutput,
          tools,
          order);
    }
  }
}
