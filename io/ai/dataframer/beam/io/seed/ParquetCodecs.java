package ai.dataframer.beam.io.seed;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopCodecs;
import org.brotli.dec.BrotliInputStream;

/**
 * Decompression for every codec of the Parquet format, in pure Java libraries from Maven Central.
 * Parquet's own factory looks codecs up by Hadoop class name, and the LZO, BROTLI and Hadoop-LZ4
 * classes it names are not there (or need native code); a seed reader only ever decompresses, and
 * knows each page's uncompressed size, so block decompressors suffice.
 *
 * <p>LZ4 (deprecated in the format) is Hadoop-framed in files from Java writers but a bare LZ4
 * block in some older C++ ones; like Arrow, the framing is tried first and the bare block second.
 */
final class ParquetCodecs implements CompressionCodecFactory {
  static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  /**
   * Compression is Parquet's own (Hadoop codecs, what the sinks write with); this factory exists
   * for the codecs Parquet cannot decompress without native code, so nothing seed-side compresses.
   */
  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return Compressors.FACTORY.getCompressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new Block(codec);
  }

  /** One instance is shared by every reader: it holds nothing to release per file. */
  @Override
  public void release() {}

  /** Parquet's own codec factory, made on first use: reading never needs it. */
  private static final class Compressors {
    static final CompressionCodecFactory FACTORY = HadoopCodecs.newFactory(0);
  }

  /** A page's bytes, decompressed into an array of the page's known uncompressed size. */
  static byte[] decompress(CompressionCodecName codec, byte[] input, int size) throws IOException {
    switch (codec) {
      case UNCOMPRESSED:
        return input;
      case SNAPPY:
        return whole(new SnappyDecompressor(), input, size);
      case LZ4_RAW:
        return whole(new Lz4Decompressor(), input, size);
      case LZ4:
        try {
          return hadoopFramed(new Lz4Decompressor(), input, size);
        } catch (IOException | RuntimeException notFramed) {
          return whole(new Lz4Decompressor(), input, size);
        }
      case LZO:
        return hadoopFramed(new LzoDecompressor(), input, size);
      case ZSTD:
        byte[] out = new byte[size];
        long written = Zstd.decompressByteArray(out, 0, size, input, 0, input.length);
        if (Zstd.isError(written) || written != size) {
          throw new IOException("ZSTD data is corrupt");
        }
        return out;
      case GZIP:
        return stream(new GZIPInputStream(new ByteArrayInputStream(input)), size);
      case BROTLI:
        return stream(new BrotliInputStream(new ByteArrayInputStream(input)), size);
      default:
        throw new IOException("compression codec " + codec + " is not supported");
    }
  }

  private static byte[] whole(Decompressor decompressor, byte[] input, int size)
      throws IOException {
    byte[] out = new byte[size];
    int written = decompressor.decompress(input, 0, input.length, out, 0, size);
    if (written != size) {
      throw new IOException("decompressed " + written + " bytes where the page has " + size);
    }
    return out;
  }

  /**
   * Hadoop's BlockCompressorStream framing: blocks of [uncompressed length][chunks of [compressed
   * length][bytes]], lengths big-endian 4-byte ints.
   */
  private static byte[] hadoopFramed(Decompressor decompressor, byte[] input, int size)
      throws IOException {
    ByteBuffer in = ByteBuffer.wrap(input);
    byte[] out = new byte[size];
    int produced = 0;
    while (in.remaining() > 0) {
      int blockSize = in.getInt();
      if (blockSize < 0 || produced + blockSize > size) {
        throw new IOException("Hadoop framing does not match the page size");
      }
      int blockEnd = produced + blockSize;
      while (produced < blockEnd) {
        int chunk = in.getInt();
        if (chunk <= 0 || chunk > in.remaining()) {
          throw new IOException("Hadoop framing does not match the page size");
        }
        produced +=
            decompressor.decompress(
                input, in.position(), chunk, out, produced, blockEnd - produced);
        in.position(in.position() + chunk);
      }
    }
    if (produced != size) {
      throw new IOException("decompressed " + produced + " bytes where the page has " + size);
    }
    return out;
  }

  private static byte[] stream(InputStream in, int size) throws IOException {
    try (in) {
      byte[] out = in.readNBytes(size);
      if (out.length != size) {
        throw new IOException("decompressed " + out.length + " bytes where the page has " + size);
      }
      return out;
    }
  }

  private static final class Block implements BytesInputDecompressor {
    private final CompressionCodecName codec;

    Block(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      return BytesInput.from(
          ParquetCodecs.decompress(codec, bytes.toByteArray(), uncompressedSize));
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      output.put(ParquetCodecs.decompress(codec, in, size));
    }

    @Override
    public void release() {}
  }
}
