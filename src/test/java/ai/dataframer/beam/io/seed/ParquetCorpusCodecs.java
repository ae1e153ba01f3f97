package ai.dataframer.beam.io.seed;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.Compressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Compressors for every codec, in the framing Parquet readers expect of each. */
final class ParquetCorpusCodecs implements CompressionCodecFactory {
  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        return BytesInput.from(ParquetCorpusCodecs.compress(codec, bytes.toByteArray()));
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return ParquetCodecs.INSTANCE.getDecompressor(codec);
  }

  @Override
  public void release() {}

  static byte[] compress(CompressionCodecName codec, byte[] input) throws IOException {
    switch (codec) {
      case UNCOMPRESSED:
        return input;
      case SNAPPY:
        return block(new SnappyCompressor(), input);
      case LZ4_RAW:
        return block(new Lz4Compressor(), input);
      case LZ4:
        return hadoopFramed(block(new Lz4Compressor(), input), input.length);
      case LZO:
        return hadoopFramed(block(new LzoCompressor(), input), input.length);
      case ZSTD:
        return Zstd.compress(input, 3);
      case GZIP:
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
          out.write(input);
        }
        return gz.toByteArray();
      case BROTLI:
        return Brotli.stored(input);
      default:
        throw new IllegalArgumentException("no compressor for " + codec);
    }
  }

  private static byte[] block(Compressor compressor, byte[] input) {
    byte[] out = new byte[compressor.maxCompressedLength(input.length)];
    int n = compressor.compress(input, 0, input.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  /** One Hadoop block: [uncompressed length][compressed length][bytes], big-endian ints. */
  private static byte[] hadoopFramed(byte[] compressed, int uncompressed) {
    if (uncompressed == 0) {
      return new byte[0];
    }
    return ByteBuffer.allocate(8 + compressed.length)
        .putInt(uncompressed)
        .putInt(compressed.length)
        .put(compressed)
        .array();
  }

  /**
   * A Brotli stream of stored (uncompressed) meta-blocks, valid for every Brotli decoder: Maven
   * Central has no pure-Java Brotli encoder, and what is tested is the reader's decoding path.
   */
  static final class Brotli {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int bits;
    private int count;

    static byte[] stored(byte[] input) {
      Brotli b = new Brotli();
      b.put(0, 1); // WBITS = 16
      for (int at = 0; at < input.length; at += 65536) {
        int length = Math.min(65536, input.length - at);
        b.put(0, 1); // ISLAST = 0
        b.put(0, 2); // MNIBBLES = 4
        b.put(length - 1, 16);
        b.put(1, 1); // ISUNCOMPRESSED
        b.align();
        b.out.write(input, at, length);
      }
      b.put(1, 1); // ISLAST
      b.put(1, 1); // ISLASTEMPTY
      b.align();
      return b.out.toByteArray();
    }

    private void put(int value, int width) {
      for (int i = 0; i < width; i++) {
        bits |= ((value >>> i) & 1) << count;
        if (++count == 8) {
          out.write(bits);
          bits = 0;
          count = 0;
        }
      }
    }

    private void align() {
      if (count > 0) {
        out.write(bits);
        bits = 0;
        count = 0;
      }
    }
  }
}
