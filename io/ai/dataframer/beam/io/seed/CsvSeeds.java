package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.CsvDelimiters;
import ai.dataframer.beam.core.seed.CsvRecordScanner;
import ai.dataframer.beam.core.seed.CsvRecordScanner.RawRecord;
import ai.dataframer.beam.core.seed.CsvSeedParser;
import ai.dataframer.beam.core.seed.InvalidSeedRecordException;
import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.core.seed.TextTypeInference;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Arrays;
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
 * CSV seeds: a header line, then one record per line (quoted fields may span lines). The delimiter
 * is the given one, else tab for {@code .tsv}, else sniffed per file from its first lines.
 */
final class CsvSeeds {
  private CsvSeeds() {}

  static final String FORMAT = "CSV";

  /** Characters of a file's start that delimiter sniffing looks at. */
  private static final int SNIFF_CHARS = 32 * 1024;

  /** Lines of a file's start that delimiter sniffing looks at. */
  private static final int SNIFF_LINES = 20;

  /**
   * Checks every file (exists, has a header, the same columns, some data rows) and returns the
   * given schema or one inferred from the first {@link SeedFiles#SAMPLE_ROWS} data rows of each
   * file.
   *
   * @param delimiter the user's delimiter, or null to take each file's default or sniff it
   */
  static Schema inspect(
      String pathOrGlob, @Nullable Schema given, @Nullable Character delimiter, Charset encoding) {
    List<MatchResult.Metadata> files = SeedFiles.match(pathOrGlob);
    List<String> columns = null;
    String columnsFrom = "the given schema";
    if (given != null) {
      columns = given.getFieldNames();
    }
    TextTypeInference inference = null;
    long dataRows = 0;
    for (MatchResult.Metadata file : files) {
      String source = file.resourceId().toString();
      try (BufferedReader in = SeedFiles.openText(file, encoding, FORMAT)) {
        CsvSeedParser parser = parser(in, delimiter, source);
        CsvRecordScanner scanner = scanner(in, parser, source);
        RawRecord headerRecord = nextNonBlank(scanner);
        if (headerRecord == null) {
          continue;
        }
        List<String> header = parser.header(headerRecord, source);
        scanner.expectFields(header.size());
        if (columns == null) {
          columns = header;
          columnsFrom = source;
        } else {
          SeedSchemas.requireSameColumns(columns, columnsFrom, header, source);
        }
        if (inference == null) {
          inference = new TextTypeInference(header);
        }
        dataRows += sample(scanner, parser, header, inference);
      } catch (IOException e) {
        throw new SeedException("cannot read seed file " + source + ": " + e.getMessage(), e);
      }
    }
    if (dataRows == 0) {
      throw new SeedException(SeedFiles.noDataRows(pathOrGlob, files));
    }
    return given != null ? given : SeedSchemas.schema(inference.types());
  }

  /** Feeds up to SAMPLE_ROWS data rows to inference; returns how many data rows it saw. */
  private static int sample(
      CsvRecordScanner scanner,
      CsvSeedParser parser,
      List<String> header,
      TextTypeInference inference)
      throws IOException {
    int sampled = 0;
    for (RawRecord raw = scanner.next();
        raw != null && sampled < SeedFiles.SAMPLE_ROWS;
        raw = scanner.next()) {
      if (raw.isBlank()) {
        continue;
      }
      sampled++;
      List<String> cells;
      try {
        cells = parser.cells(raw);
      } catch (InvalidSeedRecordException e) {
        continue; // read again later and sent to the failure output; it tells nothing about types
      }
      if (cells.size() == header.size()) {
        for (int i = 0; i < cells.size(); i++) {
          inference.observe(header.get(i), cells.get(i));
        }
      }
    }
    return sampled;
  }

  /**
   * The parser of one file: the given delimiter, the extension's, or the one its first lines
   * suggest. Leaves {@code in} where it was.
   */
  private static CsvSeedParser parser(BufferedReader in, @Nullable Character given, String source)
      throws IOException {
    if (given != null) {
      return new CsvSeedParser(given);
    }
    Character byExtension = SeedFormat.defaultCsvDelimiter(source);
    if (byExtension != null) {
      return new CsvSeedParser(byExtension);
    }
    in.mark(SNIFF_CHARS + 1);
    char[] start = new char[SNIFF_CHARS];
    int length = 0;
    while (length < start.length) {
      int n = in.read(start, length, start.length - length);
      if (n < 0) {
        break;
      }
      length += n;
    }
    in.reset();
    List<String> lines = Arrays.asList(new String(start, 0, length).split("\r\n|\r|\n"));
    if (length == start.length && lines.size() > 1) {
      lines = lines.subList(0, lines.size() - 1); // cut short by the sniff window
    }
    return new CsvSeedParser(
        CsvDelimiters.sniff(lines.subList(0, Math.min(lines.size(), SNIFF_LINES)), ','));
  }

  private static CsvRecordScanner scanner(BufferedReader in, CsvSeedParser parser, String source) {
    return new CsvRecordScanner(in, parser.delimiter(), source, SeedFiles.MAX_RECORD_CHARS);
  }

  private static @Nullable RawRecord nextNonBlank(CsvRecordScanner scanner) throws IOException {
    RawRecord raw = scanner.next();
    while (raw != null && raw.isBlank()) {
      raw = scanner.next();
    }
    return raw;
  }

  /** Reads one CSV file into rows of the seed schema and failures; streams the file. */
  static final class ReadFn extends DoFn<FileIO.ReadableFile, Row> {
    private static final Counter ROWS_READ = Metrics.counter(CsvSeeds.class, "seedRowsRead");
    private static final Counter RECORDS_FAILED =
        Metrics.counter(CsvSeeds.class, "seedRecordsFailed");

    private final Schema schema;
    private final @Nullable Character delimiter;
    private final String encoding;
    private transient Map<String, FieldType> types;
    private transient Set<String> required;

    /**
     * @param delimiter the user's delimiter, or null to take each file's default or sniff it
     * @param encoding a charset name; Charset itself is not serializable
     */
    ReadFn(Schema schema, @Nullable Character delimiter, String encoding) {
      this.schema = schema;
      this.delimiter = delimiter;
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
      try (BufferedReader in = SeedFiles.openText(file, Charset.forName(encoding), FORMAT)) {
        CsvSeedParser parser = parser(in, delimiter, source);
        CsvRecordScanner scanner = scanner(in, parser, source);
        RawRecord headerRecord = nextNonBlank(scanner);
        if (headerRecord == null) {
          return;
        }
        List<String> header = parser.header(headerRecord, source);
        scanner.expectFields(header.size());
        SeedSchemas.requireSameColumns(schema.getFieldNames(), "the seed schema", header, source);
        for (RawRecord raw = scanner.next(); raw != null; raw = scanner.next()) {
          if (raw.isBlank()) {
            continue;
          }
          try {
            out.get(SeedReadResult.ROWS)
                .output(RowRecords.toRow(parser.parse(raw, header, types, required), schema));
            ROWS_READ.inc();
          } catch (InvalidSeedRecordException e) {
            out.get(SeedReadResult.FAILURES)
                .output(SeedSchemas.failure(source, "line " + raw.line(), e.reason(), raw.text()));
            RECORDS_FAILED.inc();
          }
        }
      }
    }
  }
}
