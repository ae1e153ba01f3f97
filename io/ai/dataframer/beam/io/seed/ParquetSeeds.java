package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet seeds: flat columns only, schema from the footers, rows through Parquet's own record
 * assembly ({@link ParquetValues}) with page checksums verified and every codec decompressed by
 * {@link ParquetCodecs}.
 */
final class ParquetSeeds {
  private ParquetSeeds() {}

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

  /**
   * Checksums on: a page whose CRC does not match is refused, not learned from. Pages written
   * without a checksum (most writers' default before 2020) are read as they are.
   */
  static ParquetReadOptions readOptions() {
    return ParquetReadOptions.builder()
        .withCodecFactory(ParquetCodecs.INSTANCE)
        .usePageChecksumVerification(true)
        .build();
  }

  /**
   * Checks every file's magic and footer (flat readable columns, the same in every file, some rows)
   * and returns the row schema from the first file. Every refusal of a type or codec happens here,
   * while the pipeline is built, never during generation.
   */
  static Schema inspect(String pathOrGlob) {
    List<MatchResult.Metadata> files = SeedFiles.match(pathOrGlob);
    Map<String, ParquetColumn> columns = null;
    String columnsFrom = null;
    long rows = 0;
    for (MatchResult.Metadata file : files) {
      String source = file.resourceId().toString();
      try (SeekableByteChannel channel = SeedFiles.openSeekable(file)) {
        requireMagic(channel, source);
        ParquetFooterCheck.requireKnown(channel, source);
        channel.position(0);
        try (ParquetFileReader reader =
            ParquetFileReader.open(new BeamParquetInputFile(channel), readOptions())) {
          Map<String, ParquetColumn> found =
              ParquetColumns.of(reader.getFooter().getFileMetaData().getSchema(), source);
          if (columns == null) {
            columns = found;
            columnsFrom = source;
          } else {
            SeedSchemas.requireSameColumns(columns.keySet(), columnsFrom, found.keySet(), source);
            for (ParquetColumn column : found.values()) {
              String expected = columns.get(column.name()).describe();
              if (!expected.equals(column.describe())) {
                throw new SeedException(
                    source
                        + ": column '"
                        + column.name()
                        + "' is "
                        + column.describe()
                        + ", but "
                        + expected
                        + " in "
                        + columnsFrom);
              }
            }
          }
          rows += reader.getRecordCount();
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof SeedException) {
          throw (SeedException) e;
        }
        throw new SeedException(
            "cannot read the Parquet footer of " + source + ": " + ParquetFailures.describe(e), e);
      }
    }
    if (rows == 0) {
      throw new SeedException(SeedFiles.noDataRows(pathOrGlob, files));
    }
    return ParquetColumns.schema(columns);
  }

  private static void requireMagic(SeekableByteChannel channel, String source) throws IOException {
    long size = channel.size();
    boolean big = size >= 2L * MAGIC.length + 4;
    if (big && hasMagicAt(channel, 0, ENCRYPTED_MAGIC)) {
      throw new SeedException(
          source + " is an encrypted Parquet file (PARE); encrypted seeds are not supported");
    }
    boolean magic =
        big && hasMagicAt(channel, 0, MAGIC) && hasMagicAt(channel, size - MAGIC.length, MAGIC);
    if (!magic) {
      throw new SeedException(source + " is not a Parquet file (no PAR1 magic)");
    }
    channel.position(0);
  }

  private static boolean hasMagicAt(SeekableByteChannel channel, long position, byte[] magic)
      throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(MAGIC.length);
    channel.position(position);
    while (bytes.hasRemaining() && channel.read(bytes) >= 0) {}
    return !bytes.hasRemaining() && bytes.flip().equals(ByteBuffer.wrap(magic));
  }

  /**
   * Reads one Parquet file into rows of the seed schema and failures, a row group at a time. A page
   * that fails its checksum or cannot be decoded fails the job naming the file, row group and
   * column: a damaged seed is refused, never partly learned from.
   */
  static final class ReadFn extends DoFn<FileIO.ReadableFile, Row> {
    private static final Counter ROWS_READ = Metrics.counter(ParquetSeeds.class, "seedRowsRead");
    private static final Counter RECORDS_FAILED =
        Metrics.counter(ParquetSeeds.class, "seedRecordsFailed");

    private final Schema schema;

    ReadFn(Schema schema) {
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
        throws IOException {
      String source = file.getMetadata().resourceId().toString();
      try (ParquetFileReader reader =
          ParquetFileReader.open(new BeamParquetInputFile(file.openSeekable()), readOptions())) {
        MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
        List<ParquetColumn> columns =
            new ArrayList<>(ParquetColumns.of(fileSchema, source).values());
        MessageColumnIO columnIO = new ColumnIOFactory().getColumnIO(fileSchema);
        long number = 0;
        for (int group = 0; group < reader.getRowGroups().size(); group++) {
          PageReadStore pages;
          try {
            pages = reader.readNextRowGroup();
          } catch (RuntimeException | IOException e) {
            throw ParquetFailures.rowGroup(file, source, group, fileSchema, e);
          }
          RecordReader<Object[]> records =
              columnIO.getRecordReader(pages, new ParquetValues(columns));
          for (long i = 0; i < pages.getRowCount(); i++) {
            number++;
            Object[] values;
            try {
              values = records.read();
            } catch (RuntimeException e) {
              throw ParquetFailures.rowGroup(file, source, group, fileSchema, e);
            }
            emit(source, number, columns, values, out);
          }
        }
      }
    }

    private void emit(
        String source,
        long number,
        List<ParquetColumn> columns,
        Object[] values,
        MultiOutputReceiver out) {
      Map<String, Object> record = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof ParquetValues.Invalid invalid) {
          out.get(SeedReadResult.FAILURES)
              .output(
                  SeedSchemas.failure(
                      source,
                      "record " + number,
                      "record " + number + ": " + invalid.reason(),
                      "column '" + columns.get(i).name() + "'"));
          RECORDS_FAILED.inc();
          return;
        }
        record.put(columns.get(i).name(), values[i]);
      }
      out.get(SeedReadResult.ROWS).output(RowRecords.toRow(record, schema));
      ROWS_READ.inc();
    }
  }
}
