package ai.dataframer.beam.io.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageTypeParser;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ParquetSeedIOTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private static final org.apache.avro.Schema FLAT =
      new org.apache.avro.Schema.Parser()
          .parse(
              "{\"type\": \"record\", \"name\": \"Seed\", \"fields\": ["
                  + "{\"name\": \"i\", \"type\": [\"null\", \"int\"]},"
                  + "{\"name\": \"l\", \"type\": \"long\"},"
                  + "{\"name\": \"f\", \"type\": [\"null\", \"float\"]},"
                  + "{\"name\": \"d\", \"type\": [\"null\", \"double\"]},"
                  + "{\"name\": \"s\", \"type\": [\"null\", \"string\"]},"
                  + "{\"name\": \"b\", \"type\": [\"null\", \"boolean\"]},"
                  + "{\"name\": \"day\", \"type\": [\"null\", {\"type\": \"int\", \"logicalType\": \"date\"}]},"
                  + "{\"name\": \"ts\", \"type\": [\"null\","
                  + " {\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}]},"
                  + "{\"name\": \"tsu\", \"type\": [\"null\","
                  + " {\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}]},"
                  + "{\"name\": \"amount\", \"type\": [\"null\", {\"type\": \"bytes\","
                  + " \"logicalType\": \"decimal\", \"precision\": 10, \"scale\": 2}]}"
                  + "]}");

  private static Schema.Field field(String name, FieldType type) {
    return Schema.Field.of(name, RowRecords.beamType(type));
  }

  private static final Schema EXPECTED =
      Schema.of(
          field("i", FieldType.INT),
          field("l", FieldType.LONG),
          field("f", FieldType.FLOAT),
          field("d", FieldType.DOUBLE),
          field("s", FieldType.STRING),
          field("b", FieldType.BOOLEAN),
          field("day", FieldType.DATE),
          field("ts", FieldType.TIMESTAMP),
          field("tsu", FieldType.TIMESTAMP),
          // A Parquet decimal keeps its declared precision and scale.
          Schema.Field.of("amount", Decimals.beamType(new Decimals.Size(10, 2))));

  private String writeParquet(
      String name, org.apache.avro.Schema schema, List<GenericRecord> records) throws IOException {
    File file = new File(folder.getRoot(), name);
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(new Path(file.getAbsolutePath()), new Configuration()))
            .withSchema(schema)
            .withDataModel(GenericData.get())
            .build()) {
      for (GenericRecord record : records) {
        writer.write(record);
      }
    }
    return file.getAbsolutePath();
  }

  private static GenericRecord flatRecord(
      Integer i,
      long l,
      Float f,
      Double d,
      String s,
      Boolean b,
      LocalDate day,
      Long tsMillis,
      Long tsMicros,
      String amount) {
    GenericRecord record = new GenericData.Record(FLAT);
    record.put("i", i);
    record.put("l", l);
    record.put("f", f);
    record.put("d", d);
    record.put("s", s);
    record.put("b", b);
    record.put("day", day == null ? null : (int) day.toEpochDay());
    record.put("ts", tsMillis);
    record.put("tsu", tsMicros);
    record.put(
        "amount",
        amount == null
            ? null
            : ByteBuffer.wrap(new BigDecimal(amount).unscaledValue().toByteArray()));
    return record;
  }

  @Test
  public void readsEveryFlatTypeIntoRows() throws IOException {
    long millis = java.time.Instant.parse("2024-04-05T06:07:08.009Z").toEpochMilli();
    String path =
        writeParquet(
            "flat.parquet",
            FLAT,
            List.of(
                flatRecord(
                    7,
                    70_000_000_000L,
                    1.5f,
                    2.25,
                    "ann",
                    true,
                    LocalDate.of(2024, 4, 5),
                    millis,
                    millis * 1000 + 123,
                    "1234.56"),
                flatRecord(null, -1L, null, null, null, null, null, null, null, null)));
    assertEquals(EXPECTED, SeedIO.inspect(path));

    SeedReadResult result = pipeline.apply(SeedIO.read(path));
    Instant at = new Instant(millis);
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(EXPECTED)
                .addValues(
                    7,
                    70_000_000_000L,
                    1.5f,
                    2.25,
                    "ann",
                    true,
                    LocalDate.of(2024, 4, 5),
                    at,
                    at,
                    new BigDecimal("1234.56"))
                .build(),
            Row.withSchema(EXPECTED)
                .addValues(null, -1L, null, null, null, null, null, null, null, null)
                .build());
    PAssert.that(result.getFailures()).empty();
    pipeline.run();
  }

  @Test
  public void nanAndInfinityAreRefusedWithTheirRecord() throws IOException {
    String path =
        writeParquet(
            "nan.parquet",
            FLAT,
            List.of(
                flatRecord(1, 1L, 1.5f, 2.25, "ok", null, null, null, null, null),
                flatRecord(2, 2L, null, Double.NaN, "nan", null, null, null, null, null),
                flatRecord(
                    3, 3L, Float.NEGATIVE_INFINITY, 1.0, "inf", null, null, null, null, null)));
    SeedReadResult result = pipeline.apply(SeedIO.read(path));
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(EXPECTED)
                .addValues(1, 1L, 1.5f, 2.25, "ok", null, null, null, null, null)
                .build());
    PAssert.that(result.getFailures())
        .containsInAnyOrder(
            SeedSchemas.failure(
                path,
                "record 2",
                "record 2: column 'd' holds NaN, which is not a finite number; write null for a"
                    + " missing value",
                "column 'd'"),
            SeedSchemas.failure(
                path,
                "record 3",
                "record 3: column 'f' holds -Infinity, which is not a finite number; write null"
                    + " for a missing value",
                "column 'f'"));
    pipeline.run();
  }

  @Test
  public void nestedColumnsAreRefusedByName() throws IOException {
    org.apache.avro.Schema address =
        new org.apache.avro.Schema.Parser()
            .parse(
                "{\"type\": \"record\", \"name\": \"Customer\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"long\"},"
                    + "{\"name\": \"address\", \"type\": {\"type\": \"record\", \"name\": \"Address\","
                    + " \"fields\": [{\"name\": \"city\", \"type\": \"string\"}]}}]}");
    GenericRecord customer = new GenericData.Record(address);
    customer.put("id", 1L);
    GenericRecord oslo = new GenericData.Record(address.getField("address").schema());
    oslo.put("city", "Oslo");
    customer.put("address", oslo);
    String path = writeParquet("nested.parquet", address, List.of(customer));
    SeedException e = assertThrows(SeedException.class, () -> SeedIO.inspect(path));
    assertEquals(
        path + ": column 'address' is nested (group); only flat columns are supported",
        e.getMessage());
  }

  @Test
  public void listAndUnsupportedPrimitiveColumnsAreRefusedByName() {
    SeedException list =
        assertThrows(
            SeedException.class,
            () ->
                ParquetColumns.of(
                    MessageTypeParser.parseMessageType(
                        "message m { optional group tags (LIST) { repeated binary element (UTF8); } }"),
                    "f.parquet"));
    assertEquals(
        "f.parquet: column 'tags' is nested (list); only flat columns are supported",
        list.getMessage());
    SeedException bson =
        assertThrows(
            SeedException.class,
            () ->
                ParquetColumns.of(
                    MessageTypeParser.parseMessageType("message m { required binary doc (BSON); }"),
                    "f.parquet"));
    assertEquals(
        "f.parquet: column 'doc' has Parquet type required binary (BSON), which cannot be read:"
            + " BSON documents are binary, with no text form to learn from; convert the column to"
            + " JSON",
        bson.getMessage());
    SeedException rawFixed =
        assertThrows(
            SeedException.class,
            () ->
                ParquetColumns.of(
                    MessageTypeParser.parseMessageType(
                        "message m { optional fixed_len_byte_array(4) blob; }"),
                    "f.parquet"));
    assertThat(rawFixed.getMessage(), containsString("column 'blob' has Parquet type"));
    assertThat(rawFixed.getMessage(), containsString("binary data, not text"));
  }

  @Test
  public void textFileNamedParquetIsNotParquet() throws IOException {
    File file = folder.newFile("fake.parquet");
    Files.writeString(file.toPath(), "id,name\n1,ann\n", StandardCharsets.UTF_8);
    SeedException e =
        assertThrows(SeedException.class, () -> SeedIO.inspect(file.getAbsolutePath()));
    assertEquals(file.getAbsolutePath() + " is not a Parquet file (no PAR1 magic)", e.getMessage());
  }

  @Test
  public void parquetWithoutRowsHasNoDataRows() throws IOException {
    String path = writeParquet("empty.parquet", FLAT, List.of());
    SeedException e = assertThrows(SeedException.class, () -> SeedIO.inspect(path));
    assertEquals("seed file " + path + " has no data rows", e.getMessage());
  }

  @Test
  public void withSchemaIsRefusedForParquet() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SeedIO.readParquet("x.parquet").withSchema(EXPECTED));
    assertThat(e.getMessage(), containsString("withSchema() applies to CSV and JSON Lines seeds"));
  }
}
