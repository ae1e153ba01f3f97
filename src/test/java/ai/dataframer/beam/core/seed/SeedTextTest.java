package ai.dataframer.beam.core.seed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.Test;

public class SeedTextTest {
  private static String read(byte[] bytes, Charset encoding) throws IOException {
    try (BufferedReader in =
        SeedText.open(new ByteArrayInputStream(bytes), encoding, "s.csv", "CSV")) {
      return in.lines().collect(Collectors.joining("\n"));
    }
  }

  private static String refusal(byte[] bytes) {
    return assertThrows(SeedException.class, () -> read(bytes, StandardCharsets.UTF_8))
        .getMessage();
  }

  @Test
  public void byteOrderMarksChooseTheEncodingAndAreSkipped() throws IOException {
    byte[] utf8 = "\uFEFFa,é".getBytes(StandardCharsets.UTF_8);
    assertEquals("a,é", read(utf8, StandardCharsets.UTF_8));
    byte[] le = "\uFEFFa,é\n1,2".getBytes(StandardCharsets.UTF_16LE);
    assertEquals("a,é\n1,2", read(le, StandardCharsets.UTF_8));
    byte[] be = "\uFEFFa,é".getBytes(StandardCharsets.UTF_16BE);
    assertEquals("a,é", read(be, StandardCharsets.ISO_8859_1));
  }

  @Test
  public void invalidBytesNameTheLineAndByteOffset() {
    byte[] latin1 = "id,name\r\n1,ann\n2,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(
        "s.csv line 3, byte 20: not valid UTF-8 text; pass --seed-encoding with the file's"
            + " encoding (e.g. windows-1252, ISO-8859-1)",
        refusal(latin1));
  }

  @Test
  public void invalidBytesFarIntoTheFileAreFoundAcrossBuffers() {
    String rows = "1,ann\n".repeat(5000);
    byte[] bytes = (rows + "2,Jos\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(
        "s.csv line 5001, byte 30005: not valid UTF-8 text; pass --seed-encoding with the file's"
            + " encoding (e.g. windows-1252, ISO-8859-1)",
        refusal(bytes));
  }

  @Test
  public void otherEncodingsReadWhenNamed() throws IOException {
    byte[] latin1 = "2,Jos\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("2,José", read(latin1, Charset.forName("windows-1252")));
  }

  @Test
  public void binaryParquetAndGzipAreRefusedNamingTheFile() {
    assertEquals(
        "s.csv is a Parquet file, not CSV; rename it to .parquet",
        refusal(new byte[] {'P', 'A', 'R', '1', 0, 1, 2}));
    assertEquals(
        "s.csv is gzip-compressed, not CSV text; add .gz to its name",
        refusal(new byte[] {0x1F, (byte) 0x8B, 8, 0}));
    assertEquals(
        "s.csv is binary, not CSV text (it holds NUL bytes); if it is UTF-16 text without a byte"
            + " order mark, pass --seed-encoding UTF-16LE or UTF-16BE",
        refusal(new byte[] {'a', ',', 0, 'b'}));
    assertEquals(
        "s.csv is binary, not CSV text (3 of its first 6 bytes are control characters)",
        refusal(new byte[] {'a', 1, 2, 3, 'b', '\n'}));
  }
}
