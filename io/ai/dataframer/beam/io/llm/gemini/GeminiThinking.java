package ai.dataframer.beam.io.llm.gemini;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ModelRoute;

/**
 * How much a Gemini 3 model may think, as the {@code thinkingLevel} its docs ask for.
 *
 * <p>Gemini 3 models take a {@code thinkingLevel}; {@code thinkingBudget} is accepted only for
 * backwards compatibility, with a warning that it may give unexpected performance, and sending both
 * is a 400. Gemini 3.1 Pro accepts {@code low}, {@code medium} and {@code high} (its default);
 * {@code minimal} is refused and thinking cannot be turned off. So:
 *
 * <ul>
 *   <li>without {@code -thinking}: {@code low}, the least the model allows;
 *   <li>with {@code -thinking}: the budget (or {@link ChatRequest#MIN_THINKING_BUDGET}) picks a
 *       level above that floor, since the suffix asks for reasoning the plain id does not get:
 *       below {@value #HIGH_FROM} tokens {@code medium}, from there {@code high}.
 * </ul>
 *
 * <p>Levels are not token caps, and Gemini counts thinking against {@code maxOutputTokens}, while a
 * {@link ChatRequest}'s {@code maxOutputTokens} excludes thinking. The request therefore adds the
 * budget (for {@code low}, the minimum budget) to the limit it sends, up to the model's output
 * limit, so thinking does not eat the answer; usage still reports what was really spent.
 *
 * @param level the {@code thinkingLevel} to send
 * @param headroomTokens tokens added to {@code maxOutputTokens} for thinking
 */
record GeminiThinking(String level, int headroomTokens) {
  /** Budgets from here ask for the deepest level; below it, the middle one. */
  static final int HIGH_FROM = 16_384;

  /** Gemini 3.1 Pro's output limit (thinking included); no headroom is added past it. */
  static final int OUTPUT_LIMIT = 65_536;

  static GeminiThinking of(ChatRequest request, ModelRoute route) {
    if (!route.thinking()) {
      return new GeminiThinking("low", ChatRequest.MIN_THINKING_BUDGET);
    }
    int budget =
        request.thinkingBudget() == null
            ? ChatRequest.MIN_THINKING_BUDGET
            : request.thinkingBudget();
    return new GeminiThinking(budget < HIGH_FROM ? "medium" : "high", budget);
  }

  /** The {@code maxOutputTokens} to send: the answer's limit plus thinking headroom, never less. */
  int maxOutputTokens(int answerTokens) {
    long withHeadroom = Math.min((long) answerTokens + headroomTokens, OUTPUT_LIMIT);
    return (int) Math.max(answerTokens, withHeadroom);
  }
}
