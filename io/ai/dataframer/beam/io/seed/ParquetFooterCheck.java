package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.SeedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * Checks a footer as the format's Thrift structures, before Parquet converts it: a logical type or
 * codec newer than this reader decodes there as an empty union or enum, which the conversion would
 * trip over without saying which column. Here it is refused naming the file, column and what is
 * unknown.
 */
final class ParquetFooterCheck {
  private ParquetFooterCheck() {}

  /** Refuses unknown logical types and codecs; the channel is positioned anywhere afterwards. */
  static void requireKnown(SeekableByteChannel channel, String source) throws IOException {
    FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(footerBytes(channel)));
    List<SchemaElement> elements = footer.getSchema();
    // elements[0] is the root; each top-level column is followed by its descendants.
    int index = 1;
    while (index < elements.size()) {
      String column = elements.get(index).getName();
      int end = index + subtreeSize(elements, index);
      for (int i = index; i < end; i++) {
        SchemaElement element = elements.get(i);
        if (element.isSetLogicalType() && element.getLogicalType().getSetField() == null) {
          throw new SeedException(
              source
                  + ": column '"
                  + column
                  + "' has a logical type unknown to this reader"
                  + (element.isSetType()
                      ? " (on " + element.getType().name().toLowerCase(Locale.ROOT) + ")"
                      : "")
                  + ", which cannot be read: it is newer than the Parquet format 2.11 types this"
                  + " reader knows (GEOMETRY, GEOGRAPHY and VARIANT are the newest it can name)");
        }
      }
      index = end;
    }
    for (RowGroup group : footer.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        if (chunk.isSetMeta_data() && chunk.getMeta_data().getCodec() == null) {
          throw new SeedException(
              source
                  + ": column '"
                  + String.join(".", chunk.getMeta_data().getPath_in_schema())
                  + "' is compressed with a codec unknown to this reader; supported: UNCOMPRESSED,"
                  + " SNAPPY, GZIP, LZO, BROTLI, LZ4, ZSTD, LZ4_RAW");
        }
      }
    }
  }

  private static int subtreeSize(List<SchemaElement> elements, int index) {
    int size = 1;
    int children =
        elements.get(index).isSetNum_children() ? elements.get(index).getNum_children() : 0;
    for (int child = 0; child < children && index + size < elements.size(); child++) {
      size += subtreeSize(elements, index + size);
    }
    return size;
  }

  private static byte[] footerBytes(SeekableByteChannel channel) throws IOException {
    long size = channel.size();
    ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    channel.position(size - 8);
    readFully(channel, tail);
    int length = tail.getInt(0);
    if (length <= 0 || length > size - 12) {
      throw new IOException("the footer length " + length + " does not fit the file");
    }
    ByteBuffer footer = ByteBuffer.allocate(length);
    channel.position(size - 8 - length);
    readFully(channel, footer);
    return footer.array();
  }

  private static void readFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the file ends inside its footer");
      }
    }
  }
}
