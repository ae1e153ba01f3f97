package ai.dataframer.beam.io.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CsvSeedIOTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private String write(String name, String content) throws IOException {
    File file = new File(folder.getRoot(), name);
    Files.writeString(file.toPath(), content, StandardCharsets.UTF_8);
    return file.getAbsolutePath();
  }

  private static Schema.Field field(String name, FieldType type) {
    return Schema.Field.of(name, RowRecords.beamType(type));
  }

  private static Row failure(String source, String location, String reason, String payload) {
    return Row.withSchema(FailureRows.SCHEMA)
        .addValues("seed_read", source, location, reason, null, 0, payload)
        .build();
  }

  @Test
  public void infersEveryTypeAndReadsRows() throws IOException {
    String path =
        write(
            "types.csv",
            "\uFEFFid,price,active,day,at,name,zip,empty\n"
                + "1,9.5,true,2024-01-31,2024-01-31T10:00:00Z,ann,02134,\n"
                + "2,10,FALSE,2024-02-01,2024-02-01 12:30:00,bob,10001,\n");
    Schema expected =
        Schema.of(
            field("id", FieldType.LONG),
            field("price", FieldType.DOUBLE),
            field("active", FieldType.BOOLEAN),
            field("day", FieldType.DATE),
            field("at", FieldType.TIMESTAMP),
            field("name", FieldType.STRING),
            field("zip", FieldType.STRING),
            field("empty", FieldType.STRING));
    assertEquals(expected, SeedIO.inspect(path));

    SeedReadResult result = pipeline.apply(SeedIO.read(path));
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(expected)
                .addValues(
                    1L,
                    9.5,
                    true,
                    LocalDate.of(2024, 1, 31),
                    Instant.parse("2024-01-31T10:00:00Z"),
                    "ann",
                    "02134",
                    null)
                .build(),
            Row.withSchema(expected)
                .addValues(
                    2L,
                    10.0,
                    false,
                    LocalDate.of(2024, 2, 1),
                    Instant.parse("2024-02-01T12:30:00Z"),
                    "bob",
                    "10001",
                    null)
                .build());
    PAssert.that(result.getFailures()).empty();
    pipeline.run();
  }

  @Test
  public void nullTokensReadAsNullOutsideTextColumnsAndStayTextInThem() throws IOException {
    String path =
        write(
            "tokens.csv",
            "amount,qty,day,region\n"
                + "12.50,3,2024-01-31,EU\n"
                + "NULL,N/A,NA,NA\n"
                + "NaN,4,2024-02-01,N/A\n");
    Schema expected =
        Schema.of(
            field("amount", FieldType.DOUBLE),
            field("qty", FieldType.LONG),
            field("day", FieldType.DATE),
            field("region", FieldType.STRING));
    assertEquals(expected, SeedIO.inspect(path));
    SeedReadResult result = pipeline.apply(SeedIO.read(path));
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(expected).addValues(12.5, 3L, LocalDate.of(2024, 1, 31), "EU").build(),
            Row.withSchema(expected).addValues(null, null, null, "NA").build(),
            Row.withSchema(expected).addValues(null, 4L, LocalDate.of(2024, 2, 1), "N/A").build());
    PAssert.that(result.getFailures()).empty();
    pipeline.run();
  }

  @Test
  public void quotedFieldsKeepCommasNewlinesAndQuotesAndLinesStayPhysical() throws IOException {
    String path =
        write(
            "quoted.csv",
            "id,text\r\n"
                + "1,\"hello, world\"\r\n"
                + "2,\"line one\nline two\"\r\n"
                + "3,\"say \"\"hi\"\"\"\r\n"
                + "4\r\n"
                + "5,\"bad\"quote\r\n"
                + "6,ok\r\n");
    Schema schema = Schema.of(field("id", FieldType.LONG), field("text", FieldType.STRING));
    SeedReadResult result = pipeline.apply(SeedIO.readCsv(path));
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(schema).addValues(1L, "hello, world").build(),
            Row.withSchema(schema).addValues(2L, "line one\nline two").build(),
            Row.withSchema(schema).addValues(3L, "say \"hi\"").build(),
            Row.withSchema(schema).addValues(6L, "ok").build());
    PAssert.that(result.getFailures())
        .satisfies(
            failures -> {
              java.util.Map<String, Row> byLocation = new java.util.TreeMap<>();
              failures.forEach(f -> byLocation.put(f.getString("location"), f));
              assertEquals(java.util.Set.of("line 6", "line 7"), byLocation.keySet());
              assertEquals(
                  failure(path, "line 6", "line 6: expected 2 columns, found 1", "4"),
                  byLocation.get("line 6"));
              Row badQuote = byLocation.get("line 7");
              assertThat(badQuote.getString("reason"), containsString("line 7: malformed quoting"));
              assertEquals("5,\"bad\"quote", badQuote.getString("payload"));
              return null;
            });
    pipeline.run();
  }

  @Test
  public void givenSchemaTypesCellsAndReportsWrongTypesAndMissingRequiredValues()
      throws IOException {
    String path =
        write(
            "given.tsv.csv",
            "price;qty;sku\n" + "10.50;3;A-1\n" + "abc;4;A-2\n" + "1.00;;A-3\n" + "2.00;1;\n");
    Schema schema =
        Schema.builder()
            .addStringField("sku")
            .addField(field("qty", FieldType.INT))
            .addField(field("price", FieldType.DECIMAL))
            .build();
    SeedIO.Read read = SeedIO.read(path).withSchema(schema).withCsvDelimiter(';');
    assertEquals(schema, read.schema());
    SeedReadResult result = pipeline.apply(read);
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(schema).addValues("A-1", 3, new BigDecimal("10.50")).build(),
            Row.withSchema(schema).addValues("A-3", null, new BigDecimal("1.00")).build());
    PAssert.that(result.getFailures())
        .containsInAnyOrder(
            failure(path, "line 3", "line 3, column 'price': 'abc' is not a decimal", "abc;4;A-2"),
            failure(
                path,
                "line 5",
                "line 5, column 'sku': empty, but the schema requires a value",
                "2.00;1;"));
    pipeline.run();
  }

  @Test
  public void valuesBeyondTheInferenceSampleThatDoNotFitGoToFailures() throws IOException {
    StringBuilder csv = new StringBuilder("n,price\n");
    for (int i = 1; i <= SeedFiles.SAMPLE_ROWS; i++) {
      csv.append(i).append(',').append(i).append(".5\n");
    }
    csv.append("1001,abc\n");
    String path = write("big.csv", csv.toString());
    SeedReadResult result = pipeline.apply(SeedIO.readCsv(path));
    PAssert.thatSingleton(result.getRows().apply(org.apache.beam.sdk.transforms.Count.globally()))
        .isEqualTo((long) SeedFiles.SAMPLE_ROWS);
    PAssert.that(result.getFailures())
        .containsInAnyOrder(
            failure(
                path, "line 1002", "line 1002, column 'price': 'abc' is not a double", "1001,abc"));
    pipeline.run();
  }

  @Test
  public void globReadsEveryFileWithTheSameColumns() throws IOException {
    write("part-1.csv", "a,b\n1,x\n");
    write("part-2.csv", "b,a\ny,2\n");
    String glob = folder.getRoot().getAbsolutePath() + "/part-*.csv";
    Schema schema = Schema.of(field("a", FieldType.LONG), field("b", FieldType.STRING));
    assertEquals(schema, SeedIO.inspect(glob));
    SeedReadResult result = pipeline.apply(SeedIO.read(glob));
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(schema).addValues(1L, "x").build(),
            Row.withSchema(schema).addValues(2L, "y").build());
    pipeline.run();
  }

  @Test
  public void globWithDifferentColumnsNamesTheFileAndColumn() throws IOException {
    write("p-1.csv", "a,b\n1,x\n");
    String second = write("p-2.csv", "a,c\n1,x\n");
    SeedException e =
        assertThrows(
            SeedException.class,
            () -> SeedIO.inspect(folder.getRoot().getAbsolutePath() + "/p-*.csv"));
    assertThat(e.getMessage(), containsString(second + ": column 'c' is not in "));
  }

  @Test
  public void givenSchemaMustMatchTheHeader() throws IOException {
    String path = write("h.csv", "a,b\n1,2\n");
    Schema schema = Schema.of(field("a", FieldType.LONG), field("z", FieldType.LONG));
    SeedException e =
        assertThrows(SeedException.class, () -> SeedIO.readCsv(path).withSchema(schema).schema());
    assertThat(e.getMessage(), containsString(path + ": column 'b' is not in the given schema"));
  }

  @Test
  public void emptyFileHasNoDataRows() throws IOException {
    String path = write("empty.csv", "");
    SeedException e = assertThrows(SeedException.class, () -> SeedIO.inspect(path));
    assertEquals("seed file " + path + " has no data rows", e.getMessage());
  }

  @Test
  public void headerOnlyFileHasNoDataRows() throws IOException {
    String path = write("header.csv", "a,b,c\n\n");
    SeedException e = assertThrows(SeedException.class, () -> SeedIO.inspect(path));
    assertEquals("seed file " + path + " has no data rows", e.getMessage());
  }

  @Test
  public void missingFileIsNamed() {
    String path = folder.getRoot().getAbsolutePath() + "/nope.csv";
    SeedException e = assertThrows(SeedException.class, () -> SeedIO.inspect(path));
    assertEquals("seed file not found: " + path, e.getMessage());
  }

  @Test
  public void missingFileFailsWhenThePipelineIsBuilt() {
    String path = folder.getRoot().getAbsolutePath() + "/nope.csv";
    TestPipeline construction = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    assertThrows(SeedException.class, () -> construction.apply(SeedIO.read(path)));
  }
}
