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
