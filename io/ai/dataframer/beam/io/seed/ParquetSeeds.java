package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.InvalidSeedRecordException;
import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Parquet seeds: flat columns only, schema from the footers, rows through parquet-avro. */
final class ParquetSeeds {
  private ParquetSeeds() {}

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final String SUPPORTED =
      "supported: boolean, int32, int64, float, double, string, date, timestamp (millis or micros),"
          + " decimal";

  /**
   * Checks every file's magic and footer (flat supported columns, the same in every file, some
   * rows) and returns the row schema from the first file.
   */
  static Schema inspect(String pathOrGlob) {
    List<MatchResult.Metadata> files = SeedFiles.match(pathOrGlob);
    Map<String, FieldType> columns = null;
    String columnsFrom = null;
    long rows = 0;
    for (MatchResult.Metadata file : files) {
      String source = file.resourceId().toString();
      try (SeekableByteChannel channel = SeedFiles.openSeekable(file)) {
        requireMagic(channel, source);
        try (ParquetFileReader reader = ParquetFileReader.open(new BeamParquetInputFile(channel))) {
          Map<String, FieldType> types =
              columnTypes(reader.getFooter().getFileMetaData().getSchema(), source);
          if (columns == null) {
            columns = types;
            columnsFrom = source;
          } else if (!types.equals(columns)) {
            SeedSchemas.requireSameColumns(columns.keySet(), columnsFrom, types.keySet(), source);
            throw new SeedException(
                source
                    + ": column types "
                    + types
                    + " differ from "
                    + columns
                    + " of "
                    + columnsFrom);
          }
          rows += reader.getRecordCount();
        }
      } catch (IOException e) {
        throw new SeedException(
            "cannot read Parquet seed file " + source + ": " + e.getMessage(), e);
      }
    }
    if (rows == 0) {
      throw new SeedException(SeedFiles.noDataRows(pathOrGlob, files));
    }
    return SeedSchemas.schema(columns);
  }

  /** Column name -> core type for a Parquet schema; nested or unsupported columns are refused. */
  static Map<String, FieldType> columnTypes(MessageType schema, String source) {
    Map<String, FieldType> types = new LinkedHashMap<>();
    for (Type field : schema.getFields()) {
      types.put(field.getName(), columnType(field, source));
    }
    return types;
  }

  private static FieldType columnType(Type field, String source) {
    String column = source + ": column '" + field.getName() + "'";
    LogicalTypeAnnotation annotation = field.getLogicalTypeAnnotation();
    if (!field.isPrimitive()) {
      String kind =
          annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
              ? "list"
              : annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                  ? "map"
                  : "group";
      throw new SeedException(
          column + " is nested (" + kind + "); only flat columns are supported");
    }
    if (field.isRepetition(Type.Repetition.REPEATED)) {
      throw new SeedException(column + " is nested (repeated); only flat columns are supported");
    }
    PrimitiveType.PrimitiveTypeName physical = field.asPrimitiveType().getPrimitiveTypeName();
    if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
      return FieldType.DECIMAL;
    }
    switch (physical) {
      case BOOLEAN:
        return FieldType.BOOLEAN;
      case FLOAT:
        return FieldType.FLOAT;
      case DOUBLE:
        return FieldType.DOUBLE;
      case INT32:
        if (annotation == null || isSignedInt(annotation) || isSmallUnsignedInt(annotation)) {
          return FieldType.INT;
        }
        if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return FieldType.DATE;
        }
        break;
      case INT64:
        if (annotation == null || isSignedInt(annotation)) {
          return FieldType.LONG;
        }
        if (annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
            && ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) annotation).getUnit()
                != LogicalTypeAnnotation.TimeUnit.NANOS) {
          return FieldType.TIMESTAMP;
        }
        break;
      case BINARY:
        if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return FieldType.STRING;
        }
        break;
      default:
        break;
    }
    throw new SeedException(
        column
            + " has Parquet type "
            + field.asPrimitiveType().toString().trim()
            + ", which is not supported; "
            + SUPPORTED);
  }

  private static boolean isSignedInt(LogicalTypeAnnotation annotation) {
    return annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
        && ((LogicalTypeAnnotation.IntLogicalTypeAnnotation) annotation).isSigned();
  }

  private static boolean isSmallUnsignedInt(LogicalTypeAnnotation annotation) {
    return annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
        && ((LogicalTypeAnnotation.IntLogicalTypeAnnotation) annotation).getBitWidth() < 32;
  }

  private static void requireMagic(SeekableByteChannel channel, String source) throws IOException {
    long size = channel.size();
    boolean magic =
        size >= 2L * MAGIC.length + 4
            && hasMagicAt(channel, 0)
            && hasMagicAt(channel, size - MAGIC.length);
    if (!magic) {
      throw new SeedException(source + " is not a Parquet file (no PAR1 magic)");
    }
    channel.position(0);
  }

  private static boolean hasMagicAt(SeekableByteChannel channel, long position) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(MAGIC.length);
    channel.position(position);
    while (bytes.hasRemaining() && channel.read(bytes) >= 0) {}
    return !bytes.hasRemaining() && bytes.flip().equals(ByteBuffer.wrap(MAGIC));
  }

  /** Reads one Parquet file into rows of the seed schema and failures; streams row by row. */
  static final class ReadFn extends DoFn<FileIO.ReadableFile, Row> {
    private static final Counter ROWS_READ = Metrics.counter(ParquetSeeds.class, "seedRowsRead");
    private static final Counter RECORDS_FAILED =
        Metrics.counter(ParquetSeeds.class, "seedRecordsFailed");

    private final Schema schema;
    private transient Map<String, FieldType> types;
    private transient Set<String> required;

    ReadFn(Schema schema) {
      this.schema = schema;
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
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new BeamParquetInputFile(file.openSeekable()))
              .withDataModel(GenericData.get())
              .build()) {
        long number = 0;
        for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
          number++;
          try {
            Map<String, Object> values = ParquetRecords.toRecord(record, number, types, required);
            out.get(SeedReadResult.ROWS).output(RowRecords.toRow(values, schema));
            ROWS_READ.inc();
          } catch (InvalidSeedRecordException e) {
            out.get(SeedReadResult.FAILURES)
                .output(
                    SeedSchemas.failure(
                        source, "record " + number, e.reason(), String.valueOf(record)));
            RECORDS_FAILED.inc();
          }
        }
      }
    }
  }
}
