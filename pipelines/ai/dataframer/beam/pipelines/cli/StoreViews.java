package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.spec.SpecStatus;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecVersion;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * What the store commands print: tables for people, JSON for scripts. With {@code --json}, stdout
 * holds one JSON document and nothing else; errors go to stderr through the CLI's handler.
 */
final class StoreViews {
  static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final ObjectWriter PRETTY =
      JSON.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.*");

  private StoreViews() {}

  /**
   * Makes Beam's filesystems for these paths usable outside a pipeline: gs://, s3:// and the others
   * on the classpath, with default options (credentials from the environment). Local paths need
   * nothing.
   */
  static void useFileSystemsFor(String... paths) {
    for (String path : paths) {
      if (path != null && SCHEME.matcher(path).matches() && !path.startsWith("file://")) {
        FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
        return;
      }
    }
  }

  /** The spec record's fields, then {@code versions}: every version claim, by number. */
  static ObjectNode spec(SpecRecord record, List<SpecVersion> versions) {
    ObjectNode node = JSON.valueToTree(record);
    node.set("versions", JSON.valueToTree(versions));
    return node;
  }

  static void printJson(PrintWriter out, JsonNode node) {
    try {
      out.println(PRETTY.writeValueAsString(node));
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
    out.flush();
  }

  /** "2", or "2 (+1 FAILED, +1 PROCESSING)": the SUCCEEDED versions, then the others. */
  static String versionCounts(List<SpecVersion> versions) {
    long succeeded = count(versions, SpecStatus.SUCCEEDED);
    long failed = count(versions, SpecStatus.FAILED);
    long processing = count(versions, SpecStatus.PROCESSING);
    List<String> others = new ArrayList<>();
    if (failed > 0) {
      others.add("+" + failed + " FAILED");
    }
    if (processing > 0) {
      others.add("+" + processing + " PROCESSING");
    }
    return succeeded + (others.isEmpty() ? "" : " (" + String.join(", ", others) + ")");
  }

  private static long count(List<SpecVersion> versions, SpecStatus status) {
    return versions.stream().filter(v -> v.status() == status).count();
  }

  static String orDash(Object value) {
    return value == null ? "-" : value.toString();
  }

  static String usd(double cost) {
    return String.format(Locale.ROOT, "$%.4f", cost);
  }

  /** Left-aligned columns two spaces apart; the last column is not padded. */
  static String table(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        line.append(c == row.size() - 1 ? row.get(c) : pad(row.get(c), widths[c] + 2));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  private static String pad(String value, int width) {
    return value + " ".repeat(width - value.length());
  }
}
