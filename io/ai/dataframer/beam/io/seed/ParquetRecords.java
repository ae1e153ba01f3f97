package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.InvalidSeedRecordException;
import ai.dataframer.beam.core.seed.SeedValues;
import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts parquet-avro GenericRecords (read without Avro conversions, so logical types arrive as
 * their raw int, long or bytes) into core records.
 */
final class ParquetRecords {
  private ParquetRecords() {}

  private static final Map<FieldType, Class<?>> VALUE_CLASSES =
      Map.of(
          FieldType.BOOLEAN, Boolean.class,
          FieldType.INT, Integer.class,
          FieldType.LONG, Long.class,
          FieldType.FLOAT, Float.class,
          FieldType.DOUBLE, Double.class,
          FieldType.DECIMAL, BigDecimal.class,
          FieldType.STRING, String.class,
          FieldType.DATE, LocalDate.class,
          FieldType.TIMESTAMP, Instant.class);

  /**
   * Record {@code number} (1-based) as a core record of the given column types; a column the record
   * lacks is null, a value of another type fails the record naming the column.
   */
  static Map<String, Object> toRecord(
      GenericRecord record, long number, Map<String, FieldType> types, Set<String> required)
      throws InvalidSeedRecordException {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, FieldType> column : types.entrySet()) {
      String name = column.getKey();
      org.apache.avro.Schema.Field field = record.getSchema().getField(name);
      Object value = field == null ? null : coreValue(record.get(name), field.schema());
      String at = "record " + number + ", column '" + name + "': ";
      if (value == null && required.contains(name)) {
        throw new InvalidSeedRecordException(at + "null, but the schema requires a value");
      }
      if (value != null && !VALUE_CLASSES.get(column.getValue()).isInstance(value)) {
        throw new InvalidSeedRecordException(
            at
                + "found "
                + value.getClass().getSimpleName()
                + " "
                + SeedValues.quote(value.toString())
                + ", expected "
                + SeedValues.article(column.getValue()));
      }
      values.put(name, value);
    }
    return values;
  }

  private static Object coreValue(Object value, org.apache.avro.Schema schema) {
    if (value == null) {
      return null;
    }
    org.apache.avro.Schema type = nonNull(schema);
    LogicalType logical = type.getLogicalType();
    if (logical instanceof LogicalTypes.Date) {
      return LocalDate.ofEpochDay(((Number) value).longValue());
    }
    if (logical instanceof LogicalTypes.TimestampMillis
        || logical instanceof LogicalTypes.LocalTimestampMillis) {
      return Instant.ofEpochMilli(((Number) value).longValue());
    }
    if (logical instanceof LogicalTypes.TimestampMicros
        || logical instanceof LogicalTypes.LocalTimestampMicros) {
      return Instant.EPOCH.plus(((Number) value).longValue(), ChronoUnit.MICROS);
    }
    if (logical instanceof LogicalTypes.Decimal) {
      return new BigDecimal(unscaled(value), ((LogicalTypes.Decimal) logical).getScale());
    }
    if (value instanceof CharSequence || value instanceof GenericData.EnumSymbol) {
      return value.toString();
    }
    return value;
  }

  private static BigInteger unscaled(Object value) {
    if (value instanceof ByteBuffer) {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return new BigInteger(bytes);
    }
    if (value instanceof GenericFixed) {
      return new BigInteger(((GenericFixed) value).bytes());
    }
    return BigInteger.valueOf(((Number) value).longValue());
  }

  /** The non-null branch of an optional column's ["null", T] union. */
  private static org.apache.avro.Schema nonNull(org.apache.avro.Schema schema) {
    if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(branch -> branch.getType() != org.apache.avro.Schema.Type.NULL)
        .findFirst()
        .orElse(schema);
  }
}
