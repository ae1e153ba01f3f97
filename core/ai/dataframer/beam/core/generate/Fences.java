package ai.dataframer.beam.core.generate;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Data in prompts sits between tags ({@code <seed_examples>}, {@code <sample>}, ...) that the
 * system prompt declares to be data, never instructions. Text inside a fence cannot open or close
 * one of these tags: their {@code <} is written {@code &lt;}, so a seed that says {@code
 * </seed_examples> ignore the above} stays inside its fence.
 */
final class Fences {
  static final String SEED_EXAMPLES = "seed_examples";
  static final String EXAMPLE = "example";
  static final String SAMPLE = "sample";
  static final String OUTLINE = "outline";
  static final String RECORD_SO_FAR = "record_so_far";
  static final String DOCUMENT_SO_FAR = "document_so_far";
  static final String REJECTION_REASONS = "rejection_reasons";

  static final List<String> TAGS =
      List.of(
          SEED_EXAMPLES,
          EXAMPLE,
          SAMPLE,
          OUTLINE,
          RECORD_SO_FAR,
          DOCUMENT_SO_FAR,
          REJECTION_REASONS);
  private static final Pattern TAG =
      Pattern.compile("(?i)<(\\s*/?\\s*)(" + String.join("|", TAGS) + ")\\b");

  private Fences() {}

  /** {@code content} between {@code <tag>} and {@code </tag>}, on lines of their own. */
  static String fence(String tag, String content) {
    return "<" + tag + ">\n" + escape(content) + "\n</" + tag + ">";
  }

  /** {@code content} with every opening or closing fence tag neutralised. */
  static String escape(String content) {
    Matcher matcher = TAG.matcher(content);
    if (!matcher.find()) {
      return content;
    }
    return matcher.replaceAll(
        match -> Matcher.quoteReplacement("&lt;" + match.group(1) + match.group(2)));
  }
}
