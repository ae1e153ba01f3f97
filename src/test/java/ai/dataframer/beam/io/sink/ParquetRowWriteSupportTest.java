package ai.dataframer.beam.io.sink;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Rows written through {@link ParquetRowWriteSupport} give the bytes parquet-avro gives the same
 * values as GenericRecords: the same Parquet schema, pages, statistics and footer metadata.
 */
public class ParquetRowWriteSupportTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static final Schema SCHEMA =
      Schema.builder()
          .addNullableField("flag", Schema.FieldType.BOOLEAN)
          .addNullableField("small", Schema.FieldType.INT32)
          .addNullableField("count", Schema.FieldType.INT64)
          .addNullableField("ratio", Schema.FieldType.FLOAT)
          .addNullableField("amount", Schema.FieldType.DOUBLE)
          .addNullableField("price", Decimals.beamType(new Decimals.Size(12, 2)))
          .addNullableField("note", Schema.FieldType.STRING)
          .addNullableField(
              "day",
              Schema.FieldType.logicalType(org.apache.beam.sdk.schemas.logicaltypes.SqlTypes.DATE))
          .addNullableField("at", Schema.FieldType.DATETIME)
          .addStringField(MetadataColumns.SAMPLE_ID)
          .addInt64Field(MetadataColumns.SAMPLE_INDEX)
          .build();

  @Test
  public void writesTheBytesParquetAvroWrites() throws IOException {
    List<Row> rows = rows(3_000);
    Path ours = folder.getRoot().toPath().resolve("ours.parquet");
    try (OutputStream out = Files.newOutputStream(ours)) {
      ParquetRecordFile file = new ParquetRecordFile(out, SCHEMA);
      for (Row row : rows) {
        file.write(row);
      }
      file.close();
    }
    Path avro = folder.getRoot().toPath().resolve("avro.parquet");
    writeThroughAvro(rows, avro);
    ParquetFooters.sortEncodings(avro);

    assertEquals(Files.size(avro), Files.size(ours));
    assertArrayEquals(Files.readAllBytes(avro), Files.readAllBytes(ours));
  }

  /** Every type, a null in every nullable column now and then, distinct ids. */
  private static List<Row> rows(int count) {
    SplittableRandom random = new SplittableRandom(7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean nulls = random.nextInt(10) == 0;
      rows.add(
          Row.withSchema(SCHEMA)
              .addValues(
                  nulls ? null : random.nextBoolean(),
                  nulls ? null : random.nextInt(-1000, 1000),
                  nulls ? null : random.nextLong(),
                  nulls ? null : (float) random.nextDouble(),
                  nulls ? null : random.nextDouble() * 1e6,
                  nulls ? null : BigDecimal.valueOf(random.nextLong(-99_999_999L, 99_999_999L), 2),
                  nulls ? null : "note " + random.nextInt(50) + " é ✓",
                  nulls ? null : LocalDate.ofEpochDay(random.nextInt(-40_000, 40_000)),
                  nulls ? null : new Instant(random.nextLong(-1L << 40, 1L << 42)),
                  "id-" + i,
                  (long) i)
              .build());
    }
    return rows;
  }

  /** What ParquetRecordFile wrote before it had its own write support. */
  private static void writeThroughAvro(List<Row> rows, Path target) throws IOException {
    org.apache.avro.Schema avroSchema = ParquetRecordFile.avroSchema(SCHEMA);
    Map<String, FieldType> types = RowRecords.coreTypes(SCHEMA);
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(target))
            .withSchema(avroSchema)
            .withDataModel(GenericData.get())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(ParquetRecordFile.ROW_GROUP_BYTES)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withDictionaryEncoding(MetadataColumns.SAMPLE_ID, false)
            .withDictionaryEncoding(MetadataColumns.SAMPLE_INDEX, false)
            .withDictionaryEncoding(MetadataColumns.PROPERTIES, false)
            .build()) {
      for (Row row : rows) {
        GenericData.Record record = new GenericData.Record(avroSchema);
        for (int i = 0; i < SCHEMA.getFieldCount(); i++) {
          Object value = RowRecords.toCoreValue(row.getValue(i));
          String name = SCHEMA.getField(i).getName();
          record.put(i, value == null ? null : avroValue(name, types.get(name), value));
        }
        writer.write(record);
      }
    }
  }

  private static Object avroValue(String column, FieldType type, Object value) {
    switch (type) {
      case DATE:
        return Math.toIntExact(((LocalDate) value).toEpochDay());
      case TIMESTAMP:
        return ((java.time.Instant) value).toEpochMilli();
      case DECIMAL:
        return ByteBuffer.wrap(
            ParquetRecordFile.unscaledBytes(column, (BigDecimal) value, new Decimals.Size(12, 2)));
      default:
        return value;
    }
  }
}
