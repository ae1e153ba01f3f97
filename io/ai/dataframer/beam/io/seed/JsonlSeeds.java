package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.InvalidSeedRecordException;
import ai.dataframer.beam.core.seed.JsonlSeedParser;
import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.RowRecords;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * JSON Lines seeds: one JSON object per line; blank lines are skipped. Nested objects and arrays
 * are kept as compact JSON text in string columns ({@link JsonlSeedParser}).
 */
final class JsonlSeeds {
  private JsonlSeeds() {}

  static final String FORMAT = "JSON Lines";

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /**
   * Checks every file (exists, its first non-blank line is a JSON object, some data rows) and
   * returns the given schema or one inferred from the first {@link SeedFiles#SAMPLE_ROWS} lines of
   * each file.
   */
  static Schema inspect(String pathOrGlob, @Nullable Schema given, Charset encoding) {
    List<MatchResult.Metadata> files = SeedFiles.match(pathOrGlob);
    JsonlSeedParser.Inference inference = new JsonlSeedParser.Inference();
    long dataRows = 0;
    for (MatchResult.Metadata file : files) {
      String source = file.resourceId().toString();
      try (BufferedReader reader = SeedFiles.openText(file, encoding, FORMAT)) {
        int sampled = 0;
        long line = 0;
        for (String text = reader.readLine();
            text != null && sampled < SeedFiles.SAMPLE_ROWS;
            text = reader.readLine()) {
          line++;
          text = line == 1 ? withoutByteOrderMark(text) : text;
          if (text.isBlank()) {
            continue;
          }
          sampled++;
          ObjectNode object;
          try {
            object = JsonlSeedParser.object(line, text);
          } catch (InvalidSeedRecordException e) {
            if (sampled == 1) {
              // A first line that is not an object means the file is not JSON Lines at all.
              throw new SeedException(source + " is not a JSON Lines file: " + e.reason());
            }
            continue; // read again later and sent to the failure output
          }
          if (given == null) {
            inference.observe(source, line, object);
          }
        }
        dataRows += sampled;
      } catch (IOException e) {
        throw new SeedException("cannot read seed file " + source + ": " + e.getMessage(), e);
      }
    }
    if (dataRows == 0) {
      throw new SeedException(SeedFiles.noDataRows(pathOrGlob, files));
    }
    return given != null ? given : SeedSchemas.schema(inference.types());
  }

  private static String withoutByteOrderMark(String line) {
    return !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK ? line.substring(1) : line;
  }

  /** Reads one JSON Lines file into rows of the seed schema and failures; streams the file. */
  static final class ReadFn extends DoFn<FileIO.ReadableFile, Row> {
    private static final Counter ROWS_READ = Metrics.counter(JsonlSeeds.class, "seedRowsRead");
    private static final Counter RECORDS_FAILED =
        Metrics.counter(JsonlSeeds.class, "seedRecordsFailed");

    private final Schema schema;
    private final String encoding;
    private transient Map<String, FieldType> types;
    private transient Set<String> required;

    /**
     * @param encoding a charset name; Charset itself is not serializable
     */
    ReadFn(Schema schema, String encoding) {
      this.schema = schema;
      this.encoding = encoding;
    }

    @Setup
    public void setup() {
      types = RowRecords.coreTypes(schema);
      required = SeedSchemas.required(schema);
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
        throws IOException {
      String source = file.getMetadata().resourceId().toString();
      try (BufferedReader reader = SeedFiles.openText(file, Charset.forName(encoding), FORMAT)) {
        long line = 0;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
          line++;
          text = line == 1 ? withoutByteOrderMark(text) : text;
          if (text.isBlank()) {
            continue;
          }
          try {
            out.get(SeedReadResult.ROWS)
                .output(
                    RowRecords.toRow(JsonlSeedParser.parse(line, text, types, required), schema));
            ROWS_READ.inc();
          } catch (InvalidSeedRecordException e) {
            out.get(SeedReadResult.FAILURES)
                .output(SeedSchemas.failure(source, "line " + line, e.reason(), text));
            RECORDS_FAILED.inc();
          }
        }
      }
    }
  }
}
