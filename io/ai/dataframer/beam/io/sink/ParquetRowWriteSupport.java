package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.RowRecords;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes rows straight into Parquet's record consumer, in the Parquet schema and footer metadata
 * parquet-avro gives the same Avro schema: the file is the one {@code AvroWriteSupport} writes,
 * without a {@code GenericRecord} per row and without resolving each value's [null, type] union (a
 * fifth of the Avro path's time on the example's rows; docs/ARCHITECTURE.md section 8).
 */
final class ParquetRowWriteSupport extends WriteSupport<Row> {
  /** The footer keys parquet-avro writes, so Avro readers read the columns as before. */
  private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  private static final String WRITER_MODEL_KEY = "writer.model.name";

  private final org.apache.avro.Schema avroSchema;
  private final String[] columnNames;
  private final FieldType[] columnTypes;
  private final Decimals.Size[] decimalSizes;
  private RecordConsumer consumer;

  ParquetRowWriteSupport(
      org.apache.avro.Schema avroSchema,
      String[] columnNames,
      FieldType[] columnTypes,
      Decimals.Size[] decimalSizes) {
    this.avroSchema = avroSchema;
    this.columnNames = columnNames;
    this.columnTypes = columnTypes;
    this.decimalSizes = decimalSizes;
  }

  @Override
  public String getName() {
    return "avro";
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(new AvroSchemaConverter(configuration).convert(avroSchema), footer());
  }

  @Override
  public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
    return new WriteContext(new AvroSchemaConverter(configuration).convert(avroSchema), footer());
  }

  /**
   * The footer's key-value metadata, in parquet-avro's order: a HashMap's, which is fixed for these
   * keys (Map.of's order changes from one JVM to the next, and the bytes with it).
   */
  private Map<String, String> footer() {
    Map<String, String> metadata = new HashMap<>();
    metadata.put(AVRO_SCHEMA_KEY, avroSchema.toString());
    metadata.put(WRITER_MODEL_KEY, getName());
    return metadata;
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Row row) {
    consumer.startMessage();
    for (int i = 0; i < columnTypes.length; i++) {
      Object value = RowRecords.toCoreValue(row.getValue(i));
      if (value != null) {
        consumer.startField(columnNames[i], i);
        add(i, value);
        consumer.endField(columnNames[i], i);
      }
    }
    consumer.endMessage();
  }

  /** One value in the Parquet representation parquet-avro gives its Avro type. */
  private void add(int column, Object value) {
    switch (columnTypes[column]) {
      case BOOLEAN -> consumer.addBoolean((Boolean) value);
      case INT -> consumer.addInteger(((Number) value).intValue());
      case LONG -> consumer.addLong(((Number) value).longValue());
      case FLOAT -> consumer.addFloat(((Number) value).floatValue());
      case DOUBLE -> consumer.addDouble(((Number) value).doubleValue());
      case STRING -> consumer.addBinary(Binary.fromString((String) value));
      case DATE -> consumer.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
      case TIMESTAMP -> consumer.addLong(((Instant) value).toEpochMilli());
      case DECIMAL ->
          consumer.addBinary(
              Binary.fromConstantByteArray(
                  ParquetRecordFile.unscaledBytes(
                      columnNames[column], (BigDecimal) value, decimalSizes[column])));
      default -> throw new IllegalStateException("unhandled type " + columnTypes[column]);
    }
  }
}
