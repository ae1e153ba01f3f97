package ai.dataframer.beam.io.sink;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Parquet files read back with parquet-avro's own reader, not ours. */
public class ParquetSinkTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TestPipeline rerun = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void everyTypeReadsBackWithLogicalTypes() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    write(pipeline, SinkRows.rows(4), dir, 2);

    List<GenericRecord> even = read(dir.resolve("records-00000-of-00002.parquet"));
    List<GenericRecord> odd = read(dir.resolve("records-00001-of-00002.parquet"));
    assertEquals(List.of(0L, 2L), ids(even));
    assertEquals(List.of(1L, 3L), ids(odd));

    GenericRecord two = even.get(1);
    assertEquals(true, two.get("flag"));
    assertEquals(20, two.get("count"));
    assertEquals(20_000_000_000L, two.get("big"));
    assertEquals(2.5f, two.get("ratio"));
    assertEquals(0.5, two.get("score"));
    assertEquals(new BigDecimal("1236.560000000"), decimal(two, "price"));
    assertEquals(SinkRows.TRICKY_NOTE, two.get("note").toString());
    assertEquals(LocalDate.of(2024, 1, 3), LocalDate.ofEpochDay((Integer) two.get("day")));
    assertEquals(1_700_000_002_123L, two.get("at"));

    GenericRecord nulls = odd.get(0);
    for (String column :
        List.of("flag", "count", "big", "ratio", "score", "price", "note", "day", "at")) {
      assertNull(column, nulls.get(column));
    }

    Schema schema = two.getSchema();
    assertEquals(LogicalTypes.date(), nonNull(schema, "day").getLogicalType());
    assertEquals(LogicalTypes.timestampMillis(), nonNull(schema, "at").getLogicalType());
    assertEquals(LogicalTypes.decimal(38, 9), nonNull(schema, "price").getLogicalType());
    assertEquals(
        "required columns stay required",
        Schema.Type.LONG,
        schema.getField("id").schema().getType());
  }

  @Test
  public void filesAreSnappyAndByteIdenticalForReorderedRows() throws IOException {
    Path first = folder.newFolder("first").toPath();
    Path second = folder.newFolder("second").toPath();
    List<Row> rows = SinkRows.rows(9);
    List<Row> reversed = new ArrayList<>(rows);
    Collections.reverse(reversed);

    write(pipeline, rows, first, 2);
    write(rerun, reversed, second, 2);

    for (String name :
        List.of("records-00000-of-00002.parquet", "records-00001-of-00002.parquet")) {
      assertArrayEquals(
          name, Files.readAllBytes(first.resolve(name)), Files.readAllBytes(second.resolve(name)));
    }
    try (ParquetFileReader reader =
        ParquetFileReader.open(inputFile(first.resolve("records-00000-of-00002.parquet")))) {
      assertEquals(
          CompressionCodecName.SNAPPY,
          reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec());
    }
  }

  @Test
  public void emptyShardIsAValidFileWithTheSchema() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    write(pipeline, SinkRows.rows(1), dir, 2);

    Path empty = dir.resolve("records-00001-of-00002.parquet");
    assertEquals(List.of(), read(empty));
    try (ParquetFileReader reader = ParquetFileReader.open(inputFile(empty))) {
      assertEquals(
          SinkRows.SCHEMA.getFieldNames().size(),
          reader.getFooter().getFileMetaData().getSchema().getFieldCount());
      assertEquals(0, reader.getRecordCount());
    }
  }

  private static void write(TestPipeline p, List<Row> rows, Path dir, int shards) {
    WriteResult result =
        p.apply(Create.of(rows).withRowSchema(SinkRows.SCHEMA))
            .apply(SampleSink.to("parquet:" + dir).withNumShards(shards).withSortField("id"));
    List<String> expected = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      expected.add(
          dir.resolve(String.format("records-%05d-of-%05d.parquet", shard, shards)).toString());
    }
    PAssert.that(result.getWrittenPaths()).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  private static List<GenericRecord> read(Path file) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(inputFile(file)).build()) {
      for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
        records.add(record);
      }
    }
    return records;
  }

  private static HadoopInputFile inputFile(Path file) throws IOException {
    return HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
  }

  private static List<Long> ids(List<GenericRecord> records) {
    List<Long> ids = new ArrayList<>();
    records.forEach(r -> ids.add((Long) r.get("id")));
    return ids;
  }

  private static Schema nonNull(Schema record, String field) {
    return record.getField(field).schema().getTypes().get(1);
  }

  private static BigDecimal decimal(GenericRecord record, String field) {
    Schema schema = nonNull(record.getSchema(), field);
    return new Conversions.DecimalConversion()
        .fromBytes((ByteBuffer) record.get(field), schema, schema.getLogicalType());
  }
}
