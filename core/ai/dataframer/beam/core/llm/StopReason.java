package ai.dataframer.beam.core.llm;

/** Why the model stopped, in one vocabulary across providers. */
public enum StopReason {
  /** It finished its answer. */
  END_TURN,
  /** It hit {@code maxOutputTokens}: the answer is cut off. */
  MAX_TOKENS,
  /** It wants tool results before going on. */
  TOOL_USE,
  /** A stop sequence matched. */
  STOP_SEQUENCE,
  /** The provider withheld or refused the answer (safety, recitation, refusal). */
  REFUSED,
  /** Anything else the provider reports; the raw value is in the response. */
  OTHER
}
