package ai.dataframer.beam.io.sink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ParquetFootersTest {
  private static final Schema SCHEMA =
      Schema.builder().addInt64Field("id").addStringField("token").build();

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  /**
   * Every column lists at least two encodings (values, and levels or dictionary), the lists whose
   * order used to change from one JVM to the next; 60,000 distinct tokens also overflow the
   * dictionary, so the token column falls back to plain pages.
   */
  private Path writeFallbackFile() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ParquetRecordFile file = new ParquetRecordFile(bytes, SCHEMA)) {
      for (long i = 0; i < 60_000; i++) {
        file.write(Row.withSchema(SCHEMA).addValues(i, "token-" + (i * 7919) + "-padding").build());
      }
    }
    Path path = folder.newFile().toPath();
    Files.write(path, bytes.toByteArray());
    return path;
  }

  @Test
  public void writtenFilesListEveryColumnsEncodingsInAscendingOrder() throws IOException {
    Path path = writeFallbackFile();

    // Read the raw footer: parquet-java's reader puts the encodings back into a HashSet.
    int mostEncodings = 0;
    for (RowGroup rowGroup : ParquetFooters.read(path).getRow_groups()) {
      for (ColumnChunk column : rowGroup.getColumns()) {
        List<Integer> numbers = new ArrayList<>();
        for (Encoding encoding : column.getMeta_data().getEncodings()) {
          numbers.add(encoding.getValue());
        }
        List<Integer> sorted = new ArrayList<>(numbers);
        sorted.sort(null);
        assertEquals(column.getMeta_data().getPath_in_schema() + " encodings", sorted, numbers);
        mostEncodings = Math.max(mostEncodings, numbers.size());
      }
    }
    assertThat(
        "the fixture must exercise a multi-encoding column",
        mostEncodings,
        greaterThanOrEqualTo(2));
  }

  @Test
  public void canonicalFooterIsAFixedPointAndTheRowsStayReadable() throws IOException {
    Path path = writeFallbackFile();
    byte[] before = Files.readAllBytes(path);

    ParquetFooters.sortEncodings(path);

    assertArrayEquals("sorting sorted lists changes nothing", before, Files.readAllBytes(path));
    long rows = 0;
    try (ParquetFileReader reader = open(path)) {
      rows = reader.getRecordCount();
    }
    assertEquals(60_000, rows);
  }

  @Test
  public void aFileThatIsNotParquetIsNamed() throws IOException {
    Path path = folder.newFile("notes.parquet").toPath();
    Files.writeString(path, "just some text, not a parquet file", StandardCharsets.UTF_8);

    IOException e = assertThrows(IOException.class, () -> ParquetFooters.sortEncodings(path));
    assertEquals(path + " does not end like a Parquet file", e.getMessage());
  }

  private static ParquetFileReader open(Path path) throws IOException {
    return ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(path.toUri()), new Configuration()));
  }
}
