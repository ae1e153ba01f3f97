package ai.dataframer.beam.core.generate;

import java.util.Locale;

/**
 * The prompts a sample's calls send: the stage each is accounted to (and whose model it calls) and
 * how long its answer may be. The marker opens the prompt's task ({@code TASK: draft_record}), so
 * logs, caches and test fakes can tell the prompts apart.
 */
enum PromptKind {
  OUTLINE(Stage.OUTLINE, 4096),
  DRAFT_RECORD(Stage.DRAFT, 8192),
  DRAFT_FIELD(Stage.DRAFT, 4096),
  DRAFT_DOCUMENT(Stage.DRAFT, 8192),
  DRAFT_PART(Stage.DRAFT, 8192),
  CRITIQUE(Stage.REVISION, 2048),
  REWRITE(Stage.REVISION, 8192),
  STRUCTURAL_JUDGE(Stage.FILTER, 1024),
  CONFORMANCE_JUDGE(Stage.FILTER, 1024);

  private final Stage stage;
  private final int maxOutputTokens;

  PromptKind(Stage stage, int maxOutputTokens) {
    this.stage = stage;
    this.maxOutputTokens = maxOutputTokens;
  }

  Stage stage() {
    return stage;
  }

  /**
   * The answer's limit, thinking excluded. 8192 is what every catalog model accepts; documents
   * longer than that are what the outline's part-by-part drafting is for.
   */
  int maxOutputTokens() {
    return maxOutputTokens;
  }

  String marker() {
    return name().toLowerCase(Locale.ROOT);
  }
}
