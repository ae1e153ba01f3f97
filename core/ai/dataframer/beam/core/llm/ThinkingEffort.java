package ai.dataframer.beam.core.llm;

/**
 * The one place a thinking budget becomes an effort level (docs/ARCHITECTURE.md section 7), for
 * every route that takes an effort instead of a budget: OpenAI's {@code reasoning_effort},
 * Databricks' GPT and Gemini endpoints, and Anthropic's adaptive thinking ({@code
 * output_config.effort}). The budget is how the rest of the library says how much to think.
 */
public final class ThinkingEffort {
  /** Thinking budgets below this ask for {@code low}. */
  public static final int LOW_EFFORT_BELOW = 4096;

  /**
   * Thinking budgets below this (and at least {@link #LOW_EFFORT_BELOW}) ask for {@code medium}.
   */
  public static final int MEDIUM_EFFORT_BELOW = 16384;

  private ThinkingEffort() {}

  /**
   * The effort for a thinking budget: below {@value #LOW_EFFORT_BELOW} tokens {@code low}, below
   * {@value #MEDIUM_EFFORT_BELOW} {@code medium}, else {@code high}. The thresholds split the
   * budgets the catalog's budget providers accept (1024 up to tens of thousands) into three
   * even-ish bands. {@code xhigh} and Anthropic's {@code max} are left out: not every model that
   * takes an effort has them, and every one has these three.
   */
  public static String forBudget(int thinkingBudget) {
    if (thinkingBudget < LOW_EFFORT_BELOW) {
      return "low";
    }
    return thinkingBudget < MEDIUM_EFFORT_BELOW ? "medium" : "high";
  }
}
