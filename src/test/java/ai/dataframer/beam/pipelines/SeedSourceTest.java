package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SeedSourceTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void inspectingAheadKeepsTheSchemaForTheJob() throws Exception {
    Path seed = folder.newFile("orders.csv").toPath();
    Files.writeString(seed, "id,amount\n1,2.50\n2,3.75\n", StandardCharsets.UTF_8);
    SeedSource source = SeedSource.of(seed.toString());

    source.inspectAhead();
    Schema ahead = source.sampleSchema();

    // The file is gone: a second inspection would fail, so the job's call gets the kept schema.
    Files.delete(seed);
    assertThat(source.sampleSchema(), sameInstance(ahead));
  }

  @Test
  public void aSeedThatCannotBeReadFailsWhenTheJobAsksNotAhead() throws Exception {
    Path seed = folder.newFile("broken.csv").toPath();
    Files.write(seed, new byte[0]);
    SeedSource source = SeedSource.of(seed.toString());

    source.inspectAhead();

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, source::sampleSchema);
    assertThat(error.getMessage(), containsString("broken.csv"));
  }
}
