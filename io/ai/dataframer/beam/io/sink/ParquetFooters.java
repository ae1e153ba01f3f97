package ai.dataframer.beam.io.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Puts the footer of a Parquet file in a canonical form, so the same rows give the same bytes in
 * any process. parquet-java collects each column chunk's encodings in a HashSet of enum constants
 * and writes them in its iteration order, which follows identity hash codes and so changes from one
 * JVM to the next (apache/parquet-java#3215, open). Sorting the lists changes neither their length
 * nor the footer's, so the footer is rewritten in place.
 */
final class ParquetFooters {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** The footer's length (4 bytes, little-endian) and the magic end every Parquet file. */
  private static final int TRAILER_BYTES = 8;

  private ParquetFooters() {}

  /** Sorts every column chunk's encodings by their Parquet number, in place. */
  static void sortEncodings(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      Footer footer = readFooter(file, channel);
      FileMetaData metadata = footer.metadata();
      for (RowGroup rowGroup : metadata.getRow_groups()) {
        for (ColumnChunk chunk : rowGroup.getColumns()) {
          chunk.getMeta_data().getEncodings().sort(Comparator.comparingInt(Encoding::getValue));
        }
      }
      ByteArrayOutputStream canonical = new ByteArrayOutputStream(footer.length());
      Util.writeFileMetaData(metadata, canonical);
      if (canonical.size() != footer.length()) {
        throw new IllegalStateException(
            "the canonical footer of "
                + file
                + " has "
                + canonical.size()
                + " bytes, the written one "
                + footer.length());
      }
      ByteBuffer rewritten = ByteBuffer.wrap(canonical.toByteArray());
      for (long at = footer.start(); rewritten.hasRemaining(); ) {
        at += channel.write(rewritten, at);
      }
    }
  }

  /** The file's footer as written, the encodings lists in file order. */
  static FileMetaData read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return readFooter(file, channel).metadata();
    }
  }

  private record Footer(long start, int length, FileMetaData metadata) {}

  private static Footer readFooter(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < TRAILER_BYTES + MAGIC.length) {
      throw new IOException(file + " does not end like a Parquet file");
    }
    ByteBuffer trailer = readFully(channel, size - TRAILER_BYTES, TRAILER_BYTES);
    byte[] magic = new byte[MAGIC.length];
    trailer.position(4);
    trailer.get(magic);
    int length = trailer.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (!Arrays.equals(magic, MAGIC)
        || length <= 0
        || length > size - TRAILER_BYTES - MAGIC.length) {
      throw new IOException(file + " does not end like a Parquet file");
    }
    long start = size - TRAILER_BYTES - length;
    byte[] bytes = readFully(channel, start, length).array();
    return new Footer(start, length, Util.readFileMetaData(new ByteArrayInputStream(bytes)));
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
      }
    }
    buffer.flip();
    return buffer;
  }
}
