package ai.dataframer.beam.pipelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
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
final class ParquetFiles {
  private ParquetFiles() {}

  static List<Path> files(Path directory, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(prefix))
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .sorted()
          .toList();
    }
  }

  static List<Map<String, Object>> read(Path directory, String prefix) throws IOException {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Path file : files(directory, prefix)) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(
                      new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
              .build()) {
        for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
          records.add(toMap(record));
        }
      }
    }
    return records;
  }

  private static Map<String, Object> toMap(GenericRecord record) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      values.put(field.name(), toJava(record.get(field.name()), field.schema()));
    }
    return values;
  }

  private static Object toJava(Object value, Schema schema) {
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
    String logical = type.getLogicalType() == null ? null : type.getLogicalType().getName();
    if ("date".equals(logical) && value instanceof Integer days) {
      return LocalDate.ofEpochDay(days);
    }
    if ("timestamp-millis".equals(logical) && value instanceof Long millis) {
      return Instant.ofEpochMilli(millis);
    }
    if (value instanceof Utf8 || value instanceof CharSequence) {
      return value.toString();
    }
    return value;
  }
}
