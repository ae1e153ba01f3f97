package ai.dataframer.beam.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads Parquet output with parquet-avro directly (not through our code or Beam), as an independent
 * reader would, into plain Java values.
 */
public final class ParquetFiles {
  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  private ParquetFiles() {}

  public static List<Path> files(Path directory, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(prefix))
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .sorted()
          .toList();
    }
  }

  /** Every Parquet file of {@code directory} whose name starts with {@code prefix}, in order. */
  public static List<Map<String, Object>> read(Path directory, String prefix) throws IOException {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Path file : files(directory, prefix)) {
      records.addAll(read(file));
    }
    return records;
  }

  public static List<Map<String, Object>> read(Path file) throws IOException {
    List<Map<String, Object>> records = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
            .withDataModel(GenericData.get())
            .build()) {
      for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
          values.put(field.name(), javaValue(record.get(field.name()), field.schema()));
        }
        records.add(values);
      }
    }
    return records;
  }

  /** Decimals, dates and timestamps (milli- or microseconds) as Java values; text as String. */
  private static Object javaValue(Object value, Schema schema) {
    if (value == null) {
      return null;
    }
    Schema type = schema;
    if (schema.getType() == Schema.Type.UNION) {
      type =
          schema.getTypes().stream()
              .filter(s -> s.getType() != Schema.Type.NULL)
              .findFirst()
              .orElseThrow();
    }
    LogicalType logical = type.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal) {
      return value instanceof GenericFixed fixed
          ? DECIMALS.fromFixed(fixed, type, logical)
          : DECIMALS.fromBytes((ByteBuffer) value, type, logical);
    }
    if (logical instanceof LogicalTypes.Date) {
      return LocalDate.ofEpochDay((Integer) value);
    }
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return Instant.ofEpochMilli((Long) value);
    }
    if (logical instanceof LogicalTypes.TimestampMicros) {
      long micros = (Long) value;
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
          .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
    if (value instanceof Utf8 || value instanceof CharSequence) {
      return value.toString();
    }
    return value;
  }
}
