package ai.dataframer.beam.io.sink;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** JSONL and CSV sinks end to end on the direct runner, plus sharding, ordering and reruns. */
public class FileSinkTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TestPipeline rerun = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  public void jsonlHoldsEveryTypeInSchemaOrder() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    write(
        pipeline,
        SinkRows.rows(3),
        SampleSink.to("jsonl:" + dir).withSortField("id"),
        dir,
        "records-00000-of-00001.jsonl");

    List<String> lines = Files.readAllLines(dir.resolve("records-00000-of-00001.jsonl"));
    assertEquals(3, lines.size());
    assertEquals(
        "{\"id\":0,\"flag\":true,\"count\":0,\"big\":0,\"ratio\":0.5,\"score\":0.0,"
            + "\"price\":1234.56,\"note\":\"note 0\",\"day\":\"2024-01-01\","
            + "\"at\":\"2023-11-14T22:13:20.123Z\"}",
        lines.get(0));
    JsonNode nulls = JSON.readTree(lines.get(1));
    assertEquals(1, nulls.get("id").asLong());
    for (String column :
        List.of("flag", "count", "big", "ratio", "score", "price", "note", "day", "at")) {
      assertTrue(column + " should be JSON null", nulls.get(column).isNull());
    }
    JsonNode tricky = JSON.readTree(lines.get(2));
    assertEquals(SinkRows.TRICKY_NOTE, tricky.get("note").asText());
    assertEquals(new BigDecimal("1236.56"), tricky.get("price").decimalValue());
    assertTrue(tricky.get("price").isNumber());
    assertEquals(20_000_000_000L, tricky.get("big").asLong());
    assertEquals("2023-11-14T22:13:22.123Z", tricky.get("at").asText());
  }

  @Test
  public void csvHasHeaderQuotingAndEmptyNulls() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    write(
        pipeline,
        SinkRows.rows(3),
        SampleSink.to("csv:" + dir).withSortField("id"),
        dir,
        "records-00000-of-00001.csv");

    Path file = dir.resolve("records-00000-of-00001.csv");
    List<CSVRecord> records = readCsv(file);
    assertEquals(SinkRows.SCHEMA.getFieldNames(), records.get(0).toList());
    assertEquals(
        List.of(
            "0",
            "true",
            "0",
            "0",
            "0.5",
            "0.0",
            "1234.56",
            "note 0",
            "2024-01-01",
            "2023-11-14T22:13:20.123Z"),
        records.get(1).toList());
    assertEquals(List.of("1", "", "", "", "", "", "", "", "", ""), records.get(2).toList());
    assertEquals(SinkRows.TRICKY_NOTE, records.get(3).get(7));
    String text = Files.readString(file);
    assertTrue(text.startsWith("id,flag,count,big,ratio,score,price,note,day,at\r\n"));
    assertTrue("quotes doubled, field quoted", text.contains("\"says \"\"hi\"\", then\nleaves\""));
    assertTrue("RFC 4180 ends records with CRLF", text.endsWith("\r\n"));
  }

  @Test
  public void rowsAreShardedByIndexAndSortedWithinEachShard() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    List<Row> rows = new ArrayList<>(SinkRows.rows(10));
    Collections.reverse(rows);
    write(
        pipeline,
        rows,
        SampleSink.to("jsonl:" + dir).withNumShards(3).withSortField("id"),
        dir,
        "records-00000-of-00003.jsonl",
        "records-00001-of-00003.jsonl",
        "records-00002-of-00003.jsonl");

    assertEquals(List.of(0L, 3L, 6L, 9L), ids(dir.resolve("records-00000-of-00003.jsonl")));
    assertEquals(List.of(1L, 4L, 7L), ids(dir.resolve("records-00001-of-00003.jsonl")));
    assertEquals(List.of(2L, 5L, 8L), ids(dir.resolve("records-00002-of-00003.jsonl")));
  }

  @Test
  public void sameRowsInAnotherOrderGiveByteIdenticalFiles() throws IOException {
    Path first = folder.newFolder("first").toPath();
    Path second = folder.newFolder("second").toPath();
    List<Row> rows = SinkRows.rows(12);
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.rotate(shuffled, 5);
    Collections.swap(shuffled, 0, 7);

    // No sort field: shard and order come from the rows' encoded bytes.
    String[] names = {
      "records-00000-of-00004.csv",
      "records-00001-of-00004.csv",
      "records-00002-of-00004.csv",
      "records-00003-of-00004.csv"
    };
    write(pipeline, rows, SampleSink.to("csv:" + first).withNumShards(4), first, names);
    write(rerun, shuffled, SampleSink.to("csv:" + second).withNumShards(4), second, names);

    assertEquals(fileNames(first), fileNames(second));
    assertEquals(4, fileNames(first).size());
    for (String name : fileNames(first)) {
      assertArrayEquals(
          name, Files.readAllBytes(first.resolve(name)), Files.readAllBytes(second.resolve(name)));
    }
  }

  @Test
  public void emptyShardsStillGetValidFiles() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    write(
        pipeline,
        SinkRows.rows(1),
        SampleSink.to("csv:" + dir).withNumShards(3).withSortField("id"),
        dir,
        "records-00000-of-00003.csv",
        "records-00001-of-00003.csv",
        "records-00002-of-00003.csv");

    assertEquals(
        List.of(
            "records-00000-of-00003.csv",
            "records-00001-of-00003.csv",
            "records-00002-of-00003.csv"),
        fileNames(dir));
    assertEquals(2, readCsv(dir.resolve("records-00000-of-00003.csv")).size());
    List<CSVRecord> empty = readCsv(dir.resolve("records-00002-of-00003.csv"));
    assertEquals(1, empty.size());
    assertEquals(SinkRows.SCHEMA.getFieldNames(), empty.get(0).toList());
  }

  @Test
  public void rerunReplacesFilesAndRemovesStaleTempFiles() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    write(
        pipeline,
        SinkRows.rows(6),
        SampleSink.to("jsonl:" + dir).withNumShards(2).withSortField("id"),
        dir,
        "records-00000-of-00002.jsonl",
        "records-00001-of-00002.jsonl");
    // A crashed attempt of the earlier run left this behind.
    Files.writeString(dir.resolve(".tmp-records-00001-of-00002.jsonl.crashed"), "{\"partial\":");

    write(
        rerun,
        SinkRows.rows(4),
        SampleSink.to("jsonl:" + dir).withNumShards(2).withSortField("id"),
        dir,
        "records-00000-of-00002.jsonl",
        "records-00001-of-00002.jsonl");

    assertEquals(
        List.of("records-00000-of-00002.jsonl", "records-00001-of-00002.jsonl"), fileNames(dir));
    assertEquals(List.of(0L, 2L), ids(dir.resolve("records-00000-of-00002.jsonl")));
    assertEquals(List.of(1L, 3L), ids(dir.resolve("records-00001-of-00002.jsonl")));
    assertFalse(Files.exists(dir.resolve(".tmp-records-00001-of-00002.jsonl.crashed")));
  }

  @Test
  public void failuresPrefixWritesBesideRecords() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    Files.writeString(dir.resolve("records-00000-of-00001.jsonl"), "{\"kept\":true}\n");
    String failures = SampleSink.failuresUri("jsonl:" + dir);
    write(
        pipeline,
        SinkRows.rows(2),
        SampleSink.to(failures).withFilePrefix(SampleSink.FAILURES_PREFIX),
        dir,
        "failures-00000-of-00001.jsonl");

    assertEquals(
        List.of("failures-00000-of-00001.jsonl", "records-00000-of-00001.jsonl"), fileNames(dir));
    assertEquals(
        List.of("{\"kept\":true}"),
        Files.readAllLines(dir.resolve("records-00000-of-00001.jsonl")));
  }

  /** Runs the write, asserting that the result lists exactly the expected files of dir. */
  private static void write(
      TestPipeline p, List<Row> rows, SampleSink.Write write, Path dir, String... expectedNames) {
    WriteResult result =
        p.apply("Rows", Create.of(rows).withRowSchema(SinkRows.SCHEMA)).apply("Write", write);
    PAssert.that(result.getWrittenPaths())
        .containsInAnyOrder(
            Arrays.stream(expectedNames)
                .map(n -> dir.resolve(n).toString())
                .collect(Collectors.toList()));
    p.run().waitUntilFinish();
  }

  static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  static List<Long> ids(Path jsonl) throws IOException {
    List<Long> ids = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      ids.add(JSON.readTree(line).get("id").asLong());
    }
    return ids;
  }

  private static List<CSVRecord> readCsv(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(reader, CSVFormat.RFC4180)) {
      return parser.getRecords();
    }
  }
}
