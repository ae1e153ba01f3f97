package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.FieldType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Length and structure of a document as numbers (docs/ARCHITECTURE.md section 9), so generated
 * documents can be compared with seed documents by the same fidelity measures as records: words,
 * (tokens with a letter or digit), characters, paragraphs (blocks between blank lines), Markdown
 * headings and list items. The measures are doubles, not integers, so a column of all-distinct
 * lengths is scored, not taken for ids.
 */
public final class DocumentShape {
  public static final Map<String, FieldType> COLUMNS = columns();

  private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n");
  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+\\S.*");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*([-*+]|\\d+[.)])\\s+\\S.*");

  private DocumentShape() {}

  private static Map<String, FieldType> columns() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    for (String name :
        new String[] {"words", "characters", "paragraphs", "headings", "list_items"}) {
      columns.put(name, FieldType.DOUBLE);
    }
    return java.util.Collections.unmodifiableMap(columns);
  }

  /**
   * The measures of {@code text}; all null for a null text, so a missing document stays missing.
   */
  public static Map<String, Object> of(String text) {
    Map<String, Object> shape = new LinkedHashMap<>();
    if (text == null) {
      COLUMNS.keySet().forEach(column -> shape.put(column, null));
      return shape;
    }
    String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
    String trimmed = normalized.strip();
    // A word has a letter or digit: Markdown's "#", "-" and "*" are markup, not words.
    long words =
        trimmed.isEmpty()
            ? 0
            : java.util.Arrays.stream(trimmed.split("\\s+"))
                .filter(token -> token.codePoints().anyMatch(Character::isLetterOrDigit))
                .count();
    shape.put("words", (double) words);
    shape.put("characters", (double) text.codePointCount(0, text.length()));
    long paragraphs =
        trimmed.isEmpty()
            ? 0
            : BLANK_LINES.splitAsStream(trimmed).filter(block -> !block.isBlank()).count();
    shape.put("paragraphs", (double) paragraphs);
    long headings = 0;
    long items = 0;
    for (String line : normalized.split("\n")) {
      headings += HEADING.matcher(line).matches() ? 1 : 0;
      items += LIST_ITEM.matcher(line).matches() ? 1 : 0;
    }
    shape.put("headings", (double) headings);
    shape.put("list_items", (double) items);
    return shape;
  }
}
