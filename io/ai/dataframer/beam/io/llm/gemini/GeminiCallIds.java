package ai.dataframer.beam.io.llm.gemini;

import java.util.Optional;

/**
 * Tool call ids for Gemini, which has none of its own, carrying the call's thought signature.
 *
 * <p>Gemini 3 puts an opaque {@code thoughtSignature} on the first {@code functionCall} part of
 * each step and rejects the next request with a 400 when the call comes back without it. A {@link
 * ai.dataframer.beam.core.llm.ContentPart.ToolCall} has no field for it, and a conversation may
 * cross workers (Beam moves elements between machines), so the signature cannot wait in a
 * client-side map: it rides in the id instead, {@code call_<index>~<signature>}, and goes back on
 * the wire when the call is replayed. {@code ~} is in neither base64 alphabet, so the split is
 * unambiguous. Calls without a signature (parallel calls after the first) are just {@code
 * call_<index>}. Ids are deterministic: the same answer always gives the same ids.
 */
final class GeminiCallIds {
  private static final String PREFIX = "call_";
  private static final char SEPARATOR = '~';

  private GeminiCallIds() {}

  /** The id of the {@code index}-th call of an answer; {@code signature} may be null. */
  static String of(int index, String signature) {
    String id = PREFIX + index;
    return signature == null || signature.isEmpty() ? id : id + SEPARATOR + signature;
  }

  /** The thought signature an id carries, if it came from a Gemini answer that had one. */
  static Optional<String> signature(String id) {
    int at = id.indexOf(SEPARATOR);
    return at < 0 || at == id.length() - 1 ? Optional.empty() : Optional.of(id.substring(at + 1));
  }
}
