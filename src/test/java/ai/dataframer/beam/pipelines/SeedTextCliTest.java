package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.run.RunManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** --seed-encoding and --csv-delimiter from the command line to the seed reader. */
public class SeedTextCliTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static final String LATIN1_SEMICOLONS =
      "id;name;city\n1;Ann;Oslo\n2;José;Málaga\n3;Zoë;Köln\n4;Åse;Tromsø\n5;Björn;Umeå\n";

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = folder.getRoot().toPath().resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private String[] generate(Path seed, String... extra) throws IOException {
    String[] base = {
      "generate",
      "--dataset",
      seed.toString(),
      "--samples",
      "5",
      "--output",
      "jsonl:" + folder.newFolder(),
      "--random-seed",
      "1",
      "--store",
      folder.getRoot().toPath().resolve("store").toString()
    };
    return CliRunner.concat(base, extra);
  }

  @Test
  public void anUnknownEncodingOrALongDelimiterIsAUsageErrorNamingTheOption() throws IOException {
    Path seed = write("s.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
    CliRunner.Outcome encoding = CliRunner.run(generate(seed, "--seed-encoding", "klingon-8"));
    assertEquals(2, encoding.exitCode());
    assertThat(
        encoding.errors(),
        containsString(
            "Invalid value for option '--seed-encoding': 'klingon-8' is not an encoding"));
    CliRunner.Outcome delimiter = CliRunner.run(generate(seed, "--csv-delimiter", ";;"));
    assertEquals(2, delimiter.exitCode());
    assertThat(
        delimiter.errors(),
        containsString("Invalid value for option '--csv-delimiter': ';;' is not one character"));
  }

  @Test
  public void batchModeWithOnlyTheEmbeddedEngineIsRefusedRatherThanIgnored() throws IOException {
    Path seed = write("s.csv", "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
    CliRunner.Outcome refused = CliRunner.run(generate(seed, "--batch"));
    assertEquals(1, refused.exitCode());
    assertThat(
        refused.errors(),
        containsString(
            "--batch sends model calls to providers as batches, but every model of this run is"
                + " embedded and calls no provider"));
  }

  @Test
  public void latin1IsRefusedByDefaultAndReadWithItsEncodingAndDelimiter() throws IOException {
    Path seed = write("people.csv", LATIN1_SEMICOLONS.getBytes(StandardCharsets.ISO_8859_1));
    CliRunner.Outcome refused = CliRunner.run(generate(seed));
    assertEquals(1, refused.exitCode());
    assertThat(
        refused.errors(),
        containsString(seed + " line 3, byte 29: not valid UTF-8 text; pass --seed-encoding"));

    CliRunner.succeed(generate(seed, "--seed-encoding", "windows-1252", "--csv-delimiter", ";"));
    RunManifest manifest = EndToEndTest.onlyManifest(folder.getRoot().toPath().resolve("store"));
    assertEquals(5, manifest.seedRowsRead());
    assertEquals(0, manifest.seedRowsRejected());
  }

  @Test
  public void anUnclosedQuoteIsOneRejectedRowNamedAtItsLine() throws IOException {
    StringBuilder csv = new StringBuilder("id,name,amount\n");
    for (int i = 1; i <= 300; i++) {
      csv.append(i == 10 ? "10,\"Bob,5.50" : i + ",name " + i + "," + i + ".25").append('\n');
    }
    Path seed = write("quote.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    CliRunner.succeed(generate(seed));
    RunManifest manifest = EndToEndTest.onlyManifest(folder.getRoot().toPath().resolve("store"));
    assertEquals(300, manifest.seedRowsRead());
    assertEquals(1, manifest.seedRowsRejected());
    assertEquals(
        List.of(
            seed + " line 11: quoted field opened here is never closed (the file ends inside it)"),
        manifest.seedRejectReasons());
  }

  @Test
  public void aDelimiterForAJsonLinesSeedIsRefusedRatherThanIgnored() throws IOException {
    Path seed = write("s.jsonl", "{\"a\": 1}\n".getBytes(StandardCharsets.UTF_8));
    CliRunner.Outcome outcome = CliRunner.run(generate(seed, "--csv-delimiter", "tab"));
    assertEquals(1, outcome.exitCode());
    assertThat(
        outcome.errors(),
        containsString("a CSV delimiter (--csv-delimiter) applies to .csv and .tsv seeds, not"));
  }
}
