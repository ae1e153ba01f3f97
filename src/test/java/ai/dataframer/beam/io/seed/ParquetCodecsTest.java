package ai.dataframer.beam.io.seed;

import static org.junit.Assert.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.Test;

public class ParquetCodecsTest {
  @Test
  public void pagesCompressedByParquetsOwnCodecsDecompressHere() throws Exception {
    byte[] page =
        "a page of seed values, a page of seed values".repeat(50).getBytes(StandardCharsets.UTF_8);
    for (CompressionCodecName codec :
        new CompressionCodecName[] {
          CompressionCodecName.UNCOMPRESSED,
          CompressionCodecName.SNAPPY,
          CompressionCodecName.GZIP,
          CompressionCodecName.ZSTD,
          CompressionCodecName.LZ4_RAW
        }) {
      BytesInput compressed =
          ParquetCodecs.INSTANCE.getCompressor(codec).compress(BytesInput.from(page));
      byte[] back =
          ParquetCodecs.INSTANCE
              .getDecompressor(codec)
              .decompress(BytesInput.from(compressed.toByteArray()), page.length)
              .toByteArray();
      assertArrayEquals(codec.name(), page, back);
    }
  }
}
