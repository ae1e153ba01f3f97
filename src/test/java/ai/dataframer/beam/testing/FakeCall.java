package ai.dataframer.beam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One model call as the fake provider server understood it, whatever the wire format: what a
 * scripted responder decides on, and what tests assert about.
 *
 * @param wire the wire format it came in
 * @param model the model (for Databricks, the serving endpoint)
 * @param system the system prompt, empty when none
 * @param turns the conversation, in order
 * @param toolNames names of the tools offered
 * @param thinkingBudget the thinking budget asked for, or null
 * @param reasoningEffort the reasoning effort asked for (OpenAI format), or null
 * @param jsonOutput whether JSON output was asked for
 * @param headers request headers, names in lower case
 * @param body the raw body
 * @param json the parsed body
 */
public record FakeCall(
    FakeWire wire,
    String model,
    String system,
    List<Turn> turns,
    List<String> toolNames,
    Integer thinkingBudget,
    String reasoningEffort,
    boolean jsonOutput,
    Map<String, String> headers,
    String body,
    JsonNode json) {

  /**
   * @param role "user" or "assistant"
   * @param text the turn's text parts joined
   * @param toolCalls names of the tools the assistant called in this turn
   * @param toolResults contents of the tool results sent in this turn
   */
  public record Turn(String role, String text, List<String> toolCalls, List<String> toolResults) {}

  /** The text of the last user turn. */
  public String lastUserText() {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.get(i).role().equals("user")) {
        return turns.get(i).text();
      }
    }
    return "";
  }

  /** Tool results of the last turn, empty when it sent none. */
  public List<String> lastToolResults() {
    return turns.isEmpty() ? List.of() : turns.get(turns.size() - 1).toolResults();
  }

  /** System prompt and every turn's text: where a test looks for what a prompt contained. */
  public String promptText() {
    StringBuilder all = new StringBuilder(system);
    for (Turn turn : turns) {
      all.append('\n').append(turn.text());
      turn.toolResults().forEach(result -> all.append('\n').append(result));
    }
    return all.toString();
  }

  /** Prompt tokens the fake reports: about four characters a token, as real tokenizers average. */
  int promptTokens() {
    return Math.max(1, promptText().length() / 4);
  }
}
