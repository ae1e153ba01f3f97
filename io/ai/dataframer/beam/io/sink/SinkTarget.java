package ai.dataframer.beam.io.sink;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed sink URI: a file format with its directory, or a BigQuery table spec.
 *
 * @param format the file format, null for BigQuery
 * @param location the directory (file sinks) or PROJECT:DATASET.TABLE (BigQuery)
 */
record SinkTarget(FileFormat format, String location) implements Serializable {
  static final String BIGQUERY_SCHEME = "bigquery";
  static final String FORMS = "parquet:PATH, jsonl:PATH, csv:PATH, bigquery:PROJECT:DATASET.TABLE";

  // Project ids may themselves hold a colon ("example.com:project"), so the project part is greedy.
  private static final Pattern TABLE_SPEC =
      Pattern.compile("([a-zA-Z0-9.:-]+):([a-zA-Z0-9_]+)\\.([a-zA-Z0-9_-]+)");

  static SinkTarget parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("sink URI is empty; expected one of " + FORMS);
    }
    int colon = uri.indexOf(':');
    String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : uri.substring(colon + 1);
    if (BIGQUERY_SCHEME.equals(scheme)) {
      Matcher matcher = TABLE_SPEC.matcher(rest);
      if (!matcher.matches()) {
        throw new IllegalArgumentException(
            "sink URI '" + uri + "' does not name a table as bigquery:PROJECT:DATASET.TABLE");
      }
      return new SinkTarget(null, rest);
    }
    for (FileFormat format : FileFormat.values()) {
      if (format.scheme().equals(scheme)) {
        if (rest.isBlank()) {
          throw new IllegalArgumentException(
              "sink URI '" + uri + "' has no directory; expected " + scheme + ":PATH");
        }
        return new SinkTarget(format, rest);
      }
    }
    throw new IllegalArgumentException(
        "unsupported sink URI '" + uri + "'; expected one of " + FORMS);
  }

  boolean isBigQuery() {
    return format == null;
  }

  /** Failures go beside the records: same directory (another file prefix), or a sibling table. */
  String failuresUri() {
    return isBigQuery()
        ? BIGQUERY_SCHEME + ":" + location + "_failures"
        : format.scheme() + ":" + location;
  }
}
