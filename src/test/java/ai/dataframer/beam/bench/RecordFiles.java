package ai.dataframer.beam.bench;

import ai.dataframer.beam.core.seed.SeedValues;
import ai.dataframer.beam.core.spec.FieldType;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Seed files written for the bench and records read back, with libraries independent of the tool's
 * own readers and writers (commons-csv, parquet-avro), into core records: the Java classes of
 * {@link FieldType}.
 */
final class RecordFiles {
  /** Every DECIMAL column of the suite is a DECIMAL(10,2), like a money column of a warehouse. */
  static final int DECIMAL_PRECISION = 10;

  static final int DECIMAL_SCALE = 2;

  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  private RecordFiles() {}

  static void write(Dataset dataset, Path file) throws IOException {
    switch (dataset.format()) {
      case CSV:
        writeCsv(dataset, file);
        return;
      case PARQUET:
        writeParquet(dataset, file);
        return;
      default:
        throw new IllegalStateException("unhandled format " + dataset.format());
    }
  }

  /** A header, then one line per row: numbers with their digits, ISO dates and instants. */
  static void writeCsv(Dataset dataset, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build().print(out)) {
      csv.printRecord(dataset.columns().keySet());
      for (Map<String, Object> row : dataset.rows()) {
        List<String> cells = new ArrayList<>(row.size());
        for (Object value : row.values()) {
          cells.add(
              value == null
                  ? ""
                  : value instanceof BigDecimal decimal
                      ? decimal.toPlainString()
                      : value.toString());
        }
        csv.printRecord(cells);
      }
    }
  }

  static void writeParquet(Dataset dataset, Path file) throws IOException {
    SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Seed").fields();
    dataset
        .columns()
        .forEach((name, type) -> fields.name(name).type(nullable(type)).withDefault(null));
    Schema schema = fields.endRecord();
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
            .withSchema(schema)
            .withDataModel(GenericData.get())
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (Map<String, Object> row : dataset.rows()) {
        GenericData.Record record = new GenericData.Record(schema);
        dataset.columns().forEach((name, type) -> record.put(name, avroValue(row.get(name), type)));
        writer.write(record);
      }
    }
  }

  private static Schema nullable(FieldType type) {
    Schema value;
    switch (type) {
      case BOOLEAN:
        value = Schema.create(Schema.Type.BOOLEAN);
        break;
      case LONG:
        value = Schema.create(Schema.Type.LONG);
        break;
      case DOUBLE:
        value = Schema.create(Schema.Type.DOUBLE);
        break;
      case STRING:
        value = Schema.create(Schema.Type.STRING);
        break;
      case DECIMAL:
        value =
            LogicalTypes.decimal(DECIMAL_PRECISION, DECIMAL_SCALE)
                .addToSchema(Schema.create(Schema.Type.BYTES));
        break;
      case DATE:
        value = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
        break;
      case TIMESTAMP:
        value = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        break;
      default:
        throw new IllegalArgumentException("the suite writes no " + type + " column to Parquet");
    }
    return Schema.createUnion(Schema.create(Schema.Type.NULL), value);
  }

  private static Object avroValue(Object value, FieldType type) {
    if (value == null) {
      return null;
    }
    switch (type) {
      case DOUBLE:
        return ((Number) value).doubleValue();
      case DECIMAL:
        Schema bytes = nullable(type).getTypes().get(1);
        return DECIMALS.toBytes(
            ((BigDecimal) value).setScale(DECIMAL_SCALE), bytes, bytes.getLogicalType());
      case DATE:
        return (int) ((LocalDate) value).toEpochDay();
      case TIMESTAMP:
        return ((Instant) value).toEpochMilli();
      default:
        return value;
    }
  }

  /** A CSV seed as core records of the given column types; an empty cell is null. */
  static List<Map<String, Object>> readCsv(Path file, Map<String, FieldType> types)
      throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    List<Map<String, Object>> records = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = format.parse(in)) {
      for (CSVRecord row : parser) {
        Map<String, Object> record = new LinkedHashMap<>();
        for (Map.Entry<String, FieldType> column : types.entrySet()) {
          String text = row.get(column.getKey());
          try {
            record.put(
                column.getKey(), text.isEmpty() ? null : SeedValues.parse(text, column.getValue()));
          } catch (SeedValues.InvalidValueException e) {
            throw new IOException(
                file + " line " + (row.getRecordNumber() + 1) + ": " + e.getMessage(), e);
          }
        }
        records.add(record);
      }
    }
    return records;
  }
}
