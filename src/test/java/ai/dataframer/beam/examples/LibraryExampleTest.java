package ai.dataframer.beam.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The README's library example compiles (it is {@link LibraryExample}), runs, and is current. */
public class LibraryExampleTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theExampleRefreshesAnOutputWithTheRequestedRows() throws IOException {
    Path output = tmp.newFolder("orders").toPath();
    List<String> files =
        LibraryExample.refresh(
            Path.of("examples/orders/orders.csv").toAbsolutePath().toString(),
            "parquet:" + output,
            "run-example",
            PipelineOptionsFactory.create());

    assertThat(files, hasSize(2)); // one records file, one failures file
    long rows = 0;
    for (String file : files) {
      if (file.contains("records-")) {
        rows += countRows(file);
      }
    }
    assertEquals(1000, rows);
  }

  @Test
  public void theReadmeShowsTheExampleWordForWord() throws IOException {
    String source =
        Files.readString(
            Path.of("src/test/java/ai/dataframer/beam/examples/LibraryExample.java"),
            StandardCharsets.UTF_8);
    String example =
        source.substring(
            source.indexOf("// README-BEGIN\n") + "// README-BEGIN\n".length(),
            source.indexOf("    // README-END"));
    String unindented =
        example
            .lines()
            .map(line -> line.replaceFirst("^    ", ""))
            .collect(Collectors.joining("\n"));
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertThat(readme, containsString("```java\n" + unindented + "\n```"));
  }

  private static long countRows(String file) throws IOException {
    long rows = 0;
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), new Configuration()))
            .build()) {
      while (reader.read() != null) {
        rows++;
      }
    }
    return rows;
  }
}
