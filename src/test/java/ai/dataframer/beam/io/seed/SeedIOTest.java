package ai.dataframer.beam.io.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SeedIOTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void unknownExtensionListsTheSupportedOnes() {
    SeedException e = assertThrows(SeedException.class, () -> SeedIO.read("data/seed.xlsx"));
    assertThat(e.getMessage(), containsString("cannot tell the format of seed data/seed.xlsx"));
    assertThat(e.getMessage(), containsString("supported: .csv, .tsv, .parquet, .jsonl, .ndjson"));
  }

  @Test
  public void formatOptionsAreCheckedWhereTheyApply() {
    IllegalArgumentException delimiter =
        assertThrows(
            IllegalArgumentException.class,
            () -> SeedIO.readJsonl("a.jsonl").withCsvDelimiter(';'));
    assertEquals("withCsvDelimiter() applies to CSV seeds, not a.jsonl", delimiter.getMessage());
    IllegalArgumentException quote =
        assertThrows(
            IllegalArgumentException.class, () -> SeedIO.readCsv("a.csv").withCsvDelimiter('"'));
    assertEquals("csvDelimiter must not be a quote or line break, but was \"", quote.getMessage());
    IllegalArgumentException nested =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SeedIO.readCsv("a.csv")
                    .withSchema(
                        Schema.builder().addArrayField("tags", Schema.FieldType.STRING).build()));
    assertThat(nested.getMessage(), containsString("column 'tags' has type ARRAY"));
    IllegalArgumentException encoding =
        assertThrows(
            IllegalArgumentException.class,
            () -> SeedIO.readParquet("a.parquet").withEncoding(StandardCharsets.ISO_8859_1));
    assertEquals(
        "withEncoding() applies to CSV and JSON Lines seeds, not Parquet seed a.parquet",
        encoding.getMessage());
  }

  @Test
  public void textOptionsThatDoNotApplyToTheSeedAreRefusedNotIgnored() {
    SeedTextOptions delimiter = new SeedTextOptions(null, ';');
    assertEquals(
        "a CSV delimiter (--csv-delimiter) applies to .csv and .tsv seeds, not a.jsonl",
        assertThrows(SeedException.class, () -> SeedIO.readAny("a.jsonl", delimiter)).getMessage());
    SeedTextOptions encoding = new SeedTextOptions(StandardCharsets.UTF_16LE, null);
    assertEquals(
        "an encoding (--seed-encoding) applies to CSV and JSON Lines seeds, not Parquet seed"
            + " a.parquet",
        assertThrows(SeedException.class, () -> SeedIO.readAny("a.parquet", encoding))
            .getMessage());
    assertEquals(
        "--seed-encoding and --csv-delimiter apply to CSV and JSON Lines seeds, not the"
            + " documents of letters/",
        assertThrows(SeedException.class, () -> SeedIO.readAny("letters/", encoding)).getMessage());
  }

  @Test
  public void theDelimiterIsSniffedPerFileUnlessGivenAndTsvIsTabSeparated() throws IOException {
    File semicolons = new File(folder.getRoot(), "a.csv");
    Files.writeString(semicolons.toPath(), "id;name\n1;ann, jr\n");
    File tabs = new File(folder.getRoot(), "b.tsv");
    Files.writeString(tabs.toPath(), "id\tname\n2\tbob; sr\n");
    Schema schema =
        Schema.of(
            Schema.Field.of("id", RowRecords.beamType(FieldType.LONG)),
            Schema.Field.of("name", RowRecords.beamType(FieldType.STRING)));
    assertEquals(schema, SeedIO.inspect(semicolons.getAbsolutePath()));
    assertEquals(schema, SeedIO.inspect(tabs.getAbsolutePath()));
    SeedReadResult sniffed = pipeline.apply("Sniffed", SeedIO.read(semicolons.getAbsolutePath()));
    SeedReadResult forced =
        pipeline.apply(
            "Forced",
            SeedIO.readCsv(semicolons.getAbsolutePath())
                .withSchema(
                    Schema.of(Schema.Field.of("id;name", RowRecords.beamType(FieldType.STRING))))
                .withCsvDelimiter('|'));
    SeedReadResult tsv = pipeline.apply("Tsv", SeedIO.read(tabs.getAbsolutePath()));
    PAssert.that(sniffed.getRows())
        .containsInAnyOrder(Row.withSchema(schema).addValues(1L, "ann, jr").build());
    PAssert.that(forced.getRows())
        .containsInAnyOrder(
            Row.withSchema(forced.getRows().getSchema()).addValues("1;ann, jr").build());
    PAssert.that(tsv.getRows())
        .containsInAnyOrder(Row.withSchema(schema).addValues(2L, "bob; sr").build());
    pipeline.run();
  }

  @Test
  public void gzippedCsvIsReadThroughItsSuffix() throws IOException {
    File file = new File(folder.getRoot(), "seed.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file.toPath()))) {
      out.write("id,name\n1,ann\n2,bob\n".getBytes(StandardCharsets.UTF_8));
    }
    Schema schema =
        Schema.of(
            Schema.Field.of("id", RowRecords.beamType(FieldType.LONG)),
            Schema.Field.of("name", RowRecords.beamType(FieldType.STRING)));
    assertEquals(schema, SeedIO.inspect(file.getAbsolutePath()));
    PAssert.that(pipeline.apply(SeedIO.read(file.getAbsolutePath())).getRows())
        .containsInAnyOrder(
            Row.withSchema(schema).addValues(1L, "ann").build(),
            Row.withSchema(schema).addValues(2L, "bob").build());
    pipeline.run();
  }
}
