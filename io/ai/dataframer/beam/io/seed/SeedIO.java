package ai.dataframer.beam.io.seed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkNotNull;

import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.io.record.RowRecords;
import java.nio.charset.Charset;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads seed files (CSV, Parquet, JSON Lines) into Beam {@link Row}s, with the records that cannot
 * be read in a failure output. Paths go through Beam FileSystems, so local paths, gs:// and s3://
 * work, and a glob may name several files of one format with the same columns.
 *
 * <p>The seed is inspected while the pipeline is built: a missing, empty or mislabelled seed fails
 * the job with a {@link SeedException} before any generation starts.
 *
 * <pre>{@code
 * SeedReadResult seed = pipeline.apply(SeedIO.read("gs://bucket/tickets/*.csv"));
 * PCollection<Row> rows = seed.getRows();
 * seed.getFailures().apply(...);  // seed_read failures: file, line, reason, raw line
 * }</pre>
 */
public final class SeedIO {
  private SeedIO() {}

  /**
   * Reads a seed whose format comes from its extension: .csv, .tsv, .parquet, .jsonl or .ndjson.
   * Text seeds are UTF-8 unless a byte order mark or {@link Read#withEncoding} says otherwise; a
   * byte that is not valid in the encoding fails the file, naming its line and byte offset.
   */
  public static Read read(String pathOrGlob) {
    return new Read(checkPath(pathOrGlob), SeedFormat.of(pathOrGlob), null, null, UTF_8);
  }

  public static Read readCsv(String pathOrGlob) {
    return new Read(checkPath(pathOrGlob), SeedFormat.CSV, null, null, UTF_8);
  }

  public static Read readParquet(String pathOrGlob) {
    return new Read(checkPath(pathOrGlob), SeedFormat.PARQUET, null, null, UTF_8);
  }

  public static Read readJsonl(String pathOrGlob) {
    return new Read(checkPath(pathOrGlob), SeedFormat.JSONL, null, null, UTF_8);
  }

  /**
   * Reads a folder of documents ({@code .txt}, {@code .md}, {@code .json}; one sample per file)
   * into rows of {@link DocumentSeeds#SCHEMA}: path and text.
   */
  public static DocumentSeeds.Read readDocuments(String folderOrGlob) {
    return DocumentSeeds.read(folderOrGlob);
  }

  /**
   * Reads a folder of sample folders (MULTI_FOLDER: each subfolder one sample, all with the same
   * file names) into rows with one string column per file ({@link FolderSeeds}).
   */
  public static FolderSeeds.Read readFolders(String folder) {
    return FolderSeeds.read(folder);
  }

  /**
   * Whether {@code pathOrGlob} names documents (a folder, or {@code .txt}/{@code .md}/{@code .json}
   * files) rather than records: anything without a record extension is a folder of documents.
   */
  public static boolean isDocuments(String pathOrGlob) {
    String lower = pathOrGlob.toLowerCase(java.util.Locale.ROOT);
    if (DocumentSeeds.EXTENSIONS.stream().anyMatch(lower::endsWith)) {
      return true;
    }
    try {
      SeedFormat.of(pathOrGlob);
      return false;
    } catch (SeedException noRecordExtension) {
      return true;
    }
  }

  /**
   * Records, documents or sample folders, whichever {@code pathOrGlob} names ({@link #isDocuments},
   * {@link FolderSeeds#isFolderOfFolders}).
   */
  public static PTransform<PBegin, SeedReadResult> readAny(String pathOrGlob) {
    if (!isDocuments(pathOrGlob)) {
      return read(pathOrGlob);
    }
    return FolderSeeds.isFolderOfFolders(pathOrGlob)
        ? readFolders(pathOrGlob)
        : readDocuments(pathOrGlob);
  }

  /**
   * Records or documents, with the text options of a record seed; options given for documents are
   * refused rather than ignored.
   */
  public static PTransform<PBegin, SeedReadResult> readAny(
      String pathOrGlob, SeedTextOptions options) {
    if (options.isDefault()) {
      return readAny(pathOrGlob);
    }
    if (isDocuments(pathOrGlob)) {
      throw new SeedException(
          "--seed-encoding and --csv-delimiter apply to CSV and JSON Lines seeds, not the"
              + " documents of "
              + pathOrGlob);
    }
    return options.applyTo(read(pathOrGlob), pathOrGlob);
  }

  /**
   * The row schema of a seed (format from the extension), inferred for CSV and JSON Lines from the
   * first 1000 data rows of each file, read from the footer for Parquet. Validates the seed on the
   * way.
   */
  public static Schema inspect(String pathOrGlob) {
    return read(pathOrGlob).schema();
  }

  /** {@link #inspect(String)} with the text options of a CSV or JSON Lines seed. */
  public static Schema inspect(String pathOrGlob, SeedTextOptions options) {
    return options.applyTo(read(pathOrGlob), pathOrGlob).schema();
  }

  private static String checkPath(String pathOrGlob) {
    checkArgument(
        pathOrGlob != null && !pathOrGlob.isBlank(),
        "seed path must be non-empty, but was %s",
        pathOrGlob);
    return pathOrGlob;
  }

  /** Reads one seed; immutable, configured with {@code withX()}. */
  public static final class Read extends PTransform<PBegin, SeedReadResult> {
    private final String pathOrGlob;
    private final SeedFormat format;
    private final @Nullable Schema schema;
    private final @Nullable Character csvDelimiter;

    /** A charset name: Charset itself is not serializable. */
    private final String encoding;

    private Read(
        String pathOrGlob,
        SeedFormat format,
        @Nullable Schema schema,
        @Nullable Character csvDelimiter,
        Charset encoding) {
      this.pathOrGlob = pathOrGlob;
      this.format = format;
      this.schema = schema;
      this.csvDelimiter = csvDelimiter;
      this.encoding = encoding.name();
    }

    /**
     * Reads CSV or JSON Lines with this schema instead of inferring one: columns are matched by
     * name, values that do not parse as their field's type and nulls in non-nullable fields become
     * failures.
     */
    public Read withSchema(Schema schema) {
      checkNotNull(schema, "schema must not be null");
      checkArgument(
          format != SeedFormat.PARQUET,
          "withSchema() applies to CSV and JSON Lines seeds; Parquet seed %s has its own schema",
          pathOrGlob);
      checkArgument(
          schema.getFieldCount() > 0, "schema must have at least one field, but was %s", schema);
      RowRecords.coreTypes(schema); // refuses unsupported field types, naming the field
      return new Read(pathOrGlob, format, schema, csvDelimiter, charset());
    }

    /**
     * The CSV field delimiter. By default tab for {@code .tsv} files, else sniffed from each file's
     * header and first lines among comma, semicolon, tab and pipe (comma when none fits).
     */
    public Read withCsvDelimiter(char delimiter) {
      checkArgument(
          format == SeedFormat.CSV, "withCsvDelimiter() applies to CSV seeds, not %s", pathOrGlob);
      checkArgument(
          delimiter != '"' && delimiter != '\r' && delimiter != '\n',
          "csvDelimiter must not be a quote or line break, but was %s",
          delimiter);
      return new Read(pathOrGlob, format, schema, delimiter, charset());
    }

    /**
     * The encoding of CSV and JSON Lines seeds; UTF-8 by default. A byte order mark in a file wins
     * (UTF-8, UTF-16 LE or BE).
     */
    public Read withEncoding(Charset encoding) {
      checkNotNull(encoding, "encoding must not be null");
      checkArgument(
          format != SeedFormat.PARQUET,
          "withEncoding() applies to CSV and JSON Lines seeds, not Parquet seed %s",
          pathOrGlob);
      return new Read(pathOrGlob, format, schema, csvDelimiter, encoding);
    }

    private Charset charset() {
      return Charset.forName(encoding);
    }

    /**
     * The row schema: the given one, or inferred from the seed. Reads the seed's headers, footers
     * or first rows, and throws a {@link SeedException} naming the file when the seed cannot be
     * read.
     */
    public Schema schema() {
      switch (format) {
        case CSV:
          return CsvSeeds.inspect(pathOrGlob, schema, csvDelimiter, charset());
        case JSONL:
          return JsonlSeeds.inspect(pathOrGlob, schema, charset());
        case PARQUET:
          return ParquetSeeds.inspect(pathOrGlob);
        default:
          throw new IllegalStateException("unhandled format " + format);
      }
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .add(DisplayData.item("seed", pathOrGlob))
          .add(DisplayData.item("format", format.name()))
          .add(DisplayData.item("encoding", encoding))
          .addIfNotNull(
              DisplayData.item(
                  "csvDelimiter", csvDelimiter == null ? null : String.valueOf(csvDelimiter)))
          .addIfNotNull(DisplayData.item("schema", schema == null ? null : schema.toString()));
    }

    @Override
    public SeedReadResult expand(PBegin input) {
      // Inspection reads the seed here, in the driver; gs:// and s3:// need this pipeline's
      // options.
      FileSystems.setDefaultPipelineOptions(input.getPipeline().getOptions());
      Schema rowSchema = schema();
      PCollectionTuple parsed =
          input
              .apply("MatchSeedFiles", FileIO.match().filepattern(pathOrGlob))
              .apply("OpenSeedFiles", FileIO.readMatches().withCompression(format.compression()))
              .apply(
                  "ParseSeedRecords",
                  ParDo.of(readFn(rowSchema))
                      .withOutputTags(
                          SeedReadResult.ROWS, TupleTagList.of(SeedReadResult.FAILURES)));
      return SeedReadResult.of(parsed, rowSchema);
    }

    private DoFn<FileIO.ReadableFile, Row> readFn(Schema rowSchema) {
      switch (format) {
        case CSV:
          return new CsvSeeds.ReadFn(rowSchema, csvDelimiter, encoding);
        case JSONL:
          return new JsonlSeeds.ReadFn(rowSchema, encoding);
        case PARQUET:
          return new ParquetSeeds.ReadFn(rowSchema);
        default:
          throw new IllegalStateException("unhandled format " + format);
      }
    }
  }
}
