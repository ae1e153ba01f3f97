package ai.dataframer.beam.io.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JsonlSeedIOTest {
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

  @Test
  public void happyPathInfersTypesSkipsBlankLinesAndReportsBadLines() throws IOException {
    String path =
        write(
            "tickets.jsonl",
            "{\"id\": 1, \"score\": 0.5, \"vip\": true, \"day\": \"2024-03-01\","
                + " \"at\": \"2024-03-01T08:00:00Z\", \"subject\": \"broken screen\"}\n"
                + "\n"
                + "{\"id\": 2, \"score\": 1, \"vip\": false, \"subject\": \"refund\"}\n"
                + "{\"id\": 3, \"score\": \n"
                + "{\"id\": \"four\", \"score\": 2.0}\n"
                + "{\"id\": 5, \"colour\": \"red\"}\n");
    Schema expected =
        Schema.of(
            field("id", FieldType.LONG),
            field("score", FieldType.DOUBLE),
            field("vip", FieldType.BOOLEAN),
            field("day", FieldType.DATE),
            field("at", FieldType.TIMESTAMP),
            field("subject", FieldType.STRING),
            field("colour", FieldType.STRING));
    // A string among integers makes the inferred id a string column, so the wrong-type and
    // unknown-field failures are exercised with a given schema.
    Schema inferred = SeedIO.inspect(path);
    assertEquals(FieldType.STRING, RowRecords.coreType("id", inferred.getField("id").getType()));

    SeedReadResult result =
        pipeline.apply(SeedIO.readJsonl(path).withSchema(withoutColour(expected)));
    Schema schema = withoutColour(expected);
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(schema)
                .addValues(
                    1L,
                    0.5,
                    true,
                    LocalDate.of(2024, 3, 1),
                    Instant.parse("2024-03-01T08:00:00Z"),
                    "broken screen")
                .build(),
            Row.withSchema(schema).addValues(2L, 1.0, false, null, null, "refund").build());
    PAssert.that(result.getFailures())
        .satisfies(
            failures -> {
              Map<String, Row> byLocation = new TreeMap<>();
              failures.forEach(f -> byLocation.put(f.getString("location"), f));
              assertEquals(java.util.Set.of("line 4", "line 5", "line 6"), byLocation.keySet());
              assertThat(
                  byLocation.get("line 4").getString("reason"),
                  startsWith("line 4: not valid JSON"));
              assertEquals(
                  "{\"id\": 3, \"score\": ", byLocation.get("line 4").getString("payload"));
              assertEquals(
                  Row.withSchema(FailureRows.SCHEMA)
                      .addValues(
                          "seed_read",
                          path,
                          "line 5",
                          "line 5, field 'id': \"four\" is not a long",
                          null,
                          0,
                          "{\"id\": \"four\", \"score\": 2.0}")
                      .build(),
                  byLocation.get("line 5"));
              assertThat(
                  byLocation.get("line 6").getString("reason"),
                  startsWith("line 6: field 'colour' is not in the schema"));
              return null;
            });
    pipeline.run();
  }

  @Test
  public void inferredSchemaReadsEveryTypeInFirstSeenOrder() throws IOException {
    String path =
        write(
            "flat.ndjson",
            "{\"n\": 1, \"x\": 2.5, \"ok\": true, \"d\": \"2024-01-01\", \"s\": \"a\"}\n"
                + "{\"n\": 2, \"x\": 3, \"ok\": false, \"d\": null, \"s\": \"b\"}\n");
    Schema expected =
        Schema.of(
            field("n", FieldType.LONG),
            field("x", FieldType.DOUBLE),
            field("ok", FieldType.BOOLEAN),
            field("d", FieldType.DATE),
            field("s", FieldType.STRING));
    assertEquals(expected, SeedIO.inspect(path));
    SeedReadResult result = pipeline.apply(SeedIO.read(path));
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(expected)
                .addValues(1L, 2.5, true, LocalDate.of(2024, 1, 1), "a")
                .build(),
            Row.withSchema(expected).addValues(2L, 3.0, false, null, "b").build());
    PAssert.that(result.getFailures()).empty();
    pipeline.run();
  }

  @Test
  public void firstLineThatIsNotAnObjectIsNamed() throws IOException {
    String path = write("notjson.jsonl", "\nid,name\n1,ann\n");
    SeedException e = assertThrows(SeedException.class, () -> SeedIO.inspect(path));
    assertThat(
        e.getMessage(), startsWith(path + " is not a JSON Lines file: line 2: not valid JSON"));
  }

  @Test
  public void nestedFieldIsKeptAsJsonText() throws IOException {
    String path =
        write("nested.jsonl", "{\"id\": 1}\n{\"id\": 2, \"address\": {\"city\": \"Oslo\"}}\n");
    Schema schema = Schema.of(field("id", FieldType.LONG), field("address", FieldType.STRING));
    assertEquals(schema, SeedIO.inspect(path));
    SeedReadResult result = pipeline.apply(SeedIO.read(path));
    PAssert.that(result.getRows())
        .containsInAnyOrder(
            Row.withSchema(schema).addValues(1L, null).build(),
            Row.withSchema(schema).addValues(2L, "{\"city\":\"Oslo\"}").build());
    PAssert.that(result.getFailures()).empty();
    pipeline.run();
  }

  @Test
  public void blankFileHasNoDataRows() throws IOException {
    String path = write("blank.jsonl", "\n  \n");
    SeedException e = assertThrows(SeedException.class, () -> SeedIO.inspect(path));
    assertEquals("seed file " + path + " has no data rows", e.getMessage());
  }

  private static Schema withoutColour(Schema schema) {
    Schema.Builder builder = Schema.builder();
    schema.getFields().stream()
        .filter(f -> !f.getName().equals("colour"))
        .forEach(builder::addField);
    return builder.build();
  }
}
