package ai.dataframer.beam.core.seed;

import java.util.List;

/**
 * Tells a CSV file's delimiter from its first lines: of comma, semicolon, tab and pipe, the one
 * that splits the header into several fields and the data lines into as many. Spreadsheets in many
 * locales save with semicolons, and a file read with the wrong delimiter becomes one garbage column
 * without any row failing.
 */
public final class CsvDelimiters {
  private CsvDelimiters() {}

  /** The delimiters sniffing chooses among, in order of preference on a tie. */
  public static final List<Character> CANDIDATES = List.of(',', ';', '\t', '|');

  /**
   * The delimiter of a file whose first non-blank line is its header, or {@code fallback} when no
   * candidate splits the header into two fields or more.
   *
   * @param lines the file's first lines, header first (blank lines are skipped)
   */
  public static char sniff(List<String> lines, char fallback) {
    List<String> text = lines.stream().filter(line -> !line.isBlank()).toList();
    if (text.isEmpty()) {
      return fallback;
    }
    char best = fallback;
    int bestHeaderFields = 1;
    int bestConsistent = -1;
    for (char candidate : candidatesFrom(fallback)) {
      int headerFields = fields(text.get(0), candidate);
      if (headerFields < 2) {
        continue;
      }
      int consistent = 0;
      for (String line : text.subList(1, text.size())) {
        if (fields(line, candidate) == headerFields) {
          consistent++;
        }
      }
      if (consistent > bestConsistent
          || (consistent == bestConsistent && headerFields > bestHeaderFields)) {
        best = candidate;
        bestHeaderFields = headerFields;
        bestConsistent = consistent;
      }
    }
    return best;
  }

  private static List<Character> candidatesFrom(char fallback) {
    return CANDIDATES.contains(fallback)
        ? java.util.stream.Stream.concat(
                java.util.stream.Stream.of(fallback),
                CANDIDATES.stream().filter(c -> c != fallback))
            .toList()
        : CANDIDATES;
  }

  /** Fields of one line split by {@code delimiter} outside double quotes. */
  static int fields(String line, char delimiter) {
    int fields = 1;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == delimiter && !quoted) {
        fields++;
      }
    }
    return fields;
  }
}
