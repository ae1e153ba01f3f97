package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Parquet in parquet-avro's layout, written by {@link ParquetRowWriteSupport}. The Avro schema is
 * built here rather than by Beam's AvroUtils because AvroUtils gives DECIMAL an unbounded precision
 * and scale 0, which Parquet readers reject or misread; here a decimal column keeps its declared
 * precision and scale (a Parquet seed's DECIMAL(p, s), see {@link Decimals}) or, without one, is
 * decimal(38, 9) (BigQuery NUMERIC); dates are Avro date and timestamps timestamp-millis.
 *
 * <p>Snappy: the default codec of Spark and parquet tools, which BigQuery and DuckDB read, cheap to
 * decode, and snappy-java ships its native library inside its jar, so workers need nothing
 * installed. Row groups of 64 MiB keep a worker's buffer bounded while staying large enough for
 * efficient scans.
 *
 * <p>The file is written to a local temp file first and copied to the stream once complete, because
 * its footer must be put in canonical form in place ({@link ParquetFooters}) for the output to be
 * byte-identical across processes.
 */
final class ParquetRecordFile implements RecordFileWriter {
  static final int DECIMAL_PRECISION = 38;
  static final int DECIMAL_SCALE = 9;
  private static final Decimals.Size DEFAULT_DECIMAL =
      new Decimals.Size(DECIMAL_PRECISION, DECIMAL_SCALE);
  static final int ROW_GROUP_BYTES = 64 * 1024 * 1024;
  private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final org.apache.avro.Schema avroSchema;
  private final String[] columnNames;
  private final FieldType[] columnTypes;
  private final Decimals.Size[] decimalSizes;
  private final OutputStream out;
  private final Path localFile;
  private final OutputStream localStream;
  private final ParquetWriter<Row> writer;

  ParquetRecordFile(OutputStream out, Schema schema) throws IOException {
    this.avroSchema = avroSchema(schema);
    Map<String, FieldType> types = RowRecords.coreTypes(schema);
    this.columnNames = types.keySet().toArray(String[]::new);
    this.columnTypes = types.values().toArray(FieldType[]::new);
    this.decimalSizes = new Decimals.Size[columnNames.length];
    for (int i = 0; i < columnNames.length; i++) {
      decimalSizes[i] = decimalSize(schema.getField(i).getType());
    }
    this.out = out;
    this.localFile = Files.createTempFile("dataframer-", ".parquet");
    this.localStream = new BufferedOutputStream(Files.newOutputStream(localFile));
    this.writer =
        new RowWriterBuilder(
                new StreamOutputFile(localStream),
                new ParquetRowWriteSupport(avroSchema, columnNames, columnTypes, decimalSizes))
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(ROW_GROUP_BYTES)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            // Unique (ids, indexes) or nearly so (property values as JSON) in a piece: a
            // dictionary would hash every value, then be dropped as too large when the piece
            // closes (docs/ARCHITECTURE.md section 8).
            .withDictionaryEncoding(MetadataColumns.SAMPLE_ID, false)
            .withDictionaryEncoding(MetadataColumns.SAMPLE_INDEX, false)
            .withDictionaryEncoding(MetadataColumns.PROPERTIES, false)
            .build();
  }

  /** The Avro schema of a Beam schema, in schema order; nullable columns become [null, type]. */
  static org.apache.avro.Schema avroSchema(Schema schema) {
    Map<String, FieldType> types = RowRecords.coreTypes(schema);
    List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
    for (Schema.Field column : schema.getFields()) {
      String name = column.getName();
      if (!AVRO_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "column '"
                + name
                + "' cannot be written to Parquet: names must match "
                + AVRO_NAME.pattern()
                + " (rename the column, or use a jsonl: or csv: sink)");
      }
      org.apache.avro.Schema type = avroType(types.get(name), decimalSize(column.getType()));
      fields.add(
          column.getType().getNullable()
              ? new org.apache.avro.Schema.Field(
                  name, nullable(type), null, JsonProperties.NULL_VALUE)
              : new org.apache.avro.Schema.Field(name, type));
    }
    return org.apache.avro.Schema.createRecord("Record", null, "ai.dataframer.beam", false, fields);
  }

  private static org.apache.avro.Schema nullable(org.apache.avro.Schema type) {
    return org.apache.avro.Schema.createUnion(
        org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), type);
  }

  /** The declared size of a decimal column, or decimal(38, 9) when it has none. */
  private static Decimals.Size decimalSize(Schema.FieldType type) {
    return Decimals.size(type).orElse(DEFAULT_DECIMAL);
  }

  private static org.apache.avro.Schema avroType(FieldType type, Decimals.Size decimal) {
    switch (type) {
      case BOOLEAN:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
      case INT:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
      case LONG:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
      case FLOAT:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
      case DOUBLE:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
      case DECIMAL:
        return LogicalTypes.decimal(decimal.precision(), decimal.scale())
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
      case STRING:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
      case DATE:
        return LogicalTypes.date()
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
      case TIMESTAMP:
        return LogicalTypes.timestampMillis()
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
      default:
        throw new IllegalStateException("unhandled type " + type);
    }
  }

  @Override
  public void write(Row row) throws IOException {
    writer.write(row);
  }

  /**
   * The two's-complement bytes of {@code value}'s unscaled value at the column's scale.
   *
   * @throws Decimals.OverflowException when it does not fit the column's declared size
   */
  static byte[] unscaledBytes(String column, BigDecimal value, Decimals.Size decimal) {
    return Decimals.fit(column, value, decimal).unscaledValue().toByteArray();
  }

  /** A writer of rows through {@link ParquetRowWriteSupport}. */
  private static final class RowWriterBuilder extends ParquetWriter.Builder<Row, RowWriterBuilder> {
    private final ParquetRowWriteSupport writeSupport;

    RowWriterBuilder(OutputFile file, ParquetRowWriteSupport writeSupport) {
      super(file);
      this.writeSupport = writeSupport;
    }

    @Override
    protected RowWriterBuilder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return writeSupport;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
      return writeSupport;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      writer.close();
      localStream.close();
      ParquetFooters.sortEncodings(localFile);
      Files.copy(localFile, out);
    } finally {
      localStream.close();
      Files.deleteIfExists(localFile);
    }
  }

  /** Parquet's OutputFile over a stream we own: we close it, after the writer is done. */
  static final class StreamOutputFile implements OutputFile {
    private final OutputStream out;

    StreamOutputFile(OutputStream out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new CountingStream(out);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return new CountingStream(out);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }

  private static final class CountingStream extends PositionOutputStream {
    private final OutputStream out;
    private long position;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      position += length;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
