package ai.dataframer.beam.io.llm.batch;

import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmException;

/** What a batch did with one of its requests. */
public sealed interface LineResult {
  /** The model answered; the response is marked batch-served. */
  record Answered(ChatResponse response) implements LineResult {}

  /** The request failed; a transient error is worth one resubmission. */
  record Failed(LlmException error) implements LineResult {}

  /** The batch ended before running it (expired, canceled, or no result at all). */
  record NotRun(String reason) implements LineResult {}
}
