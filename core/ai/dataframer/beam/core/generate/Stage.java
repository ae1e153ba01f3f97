package ai.dataframer.beam.core.generate;

import java.util.Locale;

/**
 * The stages of a sample whose model calls are accounted separately (docs/ARCHITECTURE.md section
 * 6).
 */
public enum Stage {
  OUTLINE,
  DRAFT,
  REVISION,
  FILTER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The most tokens one answer of this stage's prompts may take, thinking excluded: what a thinking
   * budget comes on top of in the call's output limit, so what request validation holds the budget
   * against (docs/ARCHITECTURE.md section 7).
   */
  public int largestAnswerTokens() {
    int largest = 0;
    for (PromptKind kind : PromptKind.values()) {
      if (kind.stage() == this) {
        largest = Math.max(largest, kind.maxOutputTokens());
      }
    }
    return largest;
  }
}
