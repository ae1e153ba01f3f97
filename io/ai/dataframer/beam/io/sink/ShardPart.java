package ai.dataframer.beam.io.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * What reaches a shard's writer after the grouping of {@link WriteIndexBlocks}, as tagged bytes: a
 * piece written where its rows were generated (its file and index span), or one encoded row that
 * could not be written there (a refill row). {@link ShardOrder#SHARD_MARKER} (no bytes) stands for
 * the shard itself.
 */
record ShardPart(Piece piece, byte[] encodedRow) {
  private static final byte PIECE = 'P';
  private static final byte ROW = 'R';

  /** A piece file of one block of one shard, in index order from {@code first}. */
  record Piece(String path, long block, long first) {}

  static byte[] of(Piece piece) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(PIECE);
      out.writeUTF(piece.path());
      out.writeLong(piece.block());
      out.writeLong(piece.first());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] ofRow(byte[] encodedRow) {
    byte[] tagged = new byte[encodedRow.length + 1];
    tagged[0] = ROW;
    System.arraycopy(encodedRow, 0, tagged, 1, encodedRow.length);
    return tagged;
  }

  /** The part the bytes stand for, or null for a shard marker. */
  static ShardPart parse(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    if (bytes[0] == ROW) {
      return new ShardPart(null, Arrays.copyOfRange(bytes, 1, bytes.length));
    }
    if (bytes[0] != PIECE) {
      throw new IllegalStateException("not a shard part: tag " + bytes[0]);
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
      return new ShardPart(new Piece(in.readUTF(), in.readLong(), in.readLong()), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
