package ai.dataframer.beam.core.specgen;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts prompt tokens with the o200k_base vocabulary bundled in jtokkit (no download). Providers
 * tokenize differently, so a count is an estimate of their count, but a budget kept here is kept
 * within a few percent everywhere. Seed text is counted as ordinary text: a seed containing a
 * special-token string such as {@code <|endoftext|>} is data, not a control token.
 */
public final class TokenCounter {
  private static final Encoding ENCODING =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  private TokenCounter() {}

  public static int count(String text) {
    return ENCODING.countTokensOrdinary(text);
  }

  /** The longest prefix of {@code text} that encodes in at most {@code maxTokens} tokens. */
  public static String truncate(String text, int maxTokens) {
    if (maxTokens <= 0) {
      return "";
    }
    EncodingResult result = ENCODING.encodeOrdinary(text, maxTokens);
    if (!result.isTruncated()) {
      return text;
    }
    String prefix = ENCODING.decode(result.getTokens());
    // A prefix cut inside a multi-byte character decodes to a replacement character; drop it.
    while (!prefix.isEmpty() && (prefix.endsWith("\uFFFD") || count(prefix) > maxTokens)) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix;
  }
}
