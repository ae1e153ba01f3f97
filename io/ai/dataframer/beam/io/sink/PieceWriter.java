package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.sink.ShardPart.Piece;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * Writes a run's rows as pieces of their shard's file, in the DoFn that has them (docs/
 * ARCHITECTURE.md, "Outputs"): the sink's own step, or generation itself, so that rows never leave
 * the thread that generated them ({@link SampleSink.Write#pieceWriter}). What comes out is a
 * handful of small parts per block: a piece's name, or a refill row, keyed by shard, which {@link
 * SampleSink.Write#assemble} joins into the shard files.
 *
 * <p>Serializable with its configuration; each bundle writes through its own {@link #open()}.
 */
public final class PieceWriter implements Serializable {
  /**
   * Blocks a bundle keeps open at once. Embedded generation completes a block before it starts the
   * next; a worker keeping model calls in flight finishes one range while it starts the next, and a
   * block that straddles two shards is two pieces.
   */
  static final int MAX_OPEN_PIECES = 4;

  /** Where a finished part goes: the DoFn's output. */
  @FunctionalInterface
  public interface PartOutput {
    void output(KV<Integer, byte[]> part);
  }

  private final ShardFiles files;
  private final ShardOrder order;
  private final Schema schema;
  private final int numShards;
  private final String sortField;
  private final IndexBlocks blocks;

  PieceWriter(
      ShardFiles files,
      ShardOrder order,
      Schema schema,
      int numShards,
      String sortField,
      IndexBlocks blocks) {
    this.files = files;
    this.order = order;
    this.schema = schema;
    this.numShards = numShards;
    this.sortField = sortField;
    this.blocks = blocks;
  }

  /** The rows' schema: the sink's output schema, metadata columns included. */
  public Schema schema() {
    return schema;
  }

  /** How the rows are encoded and sorted; assembly sorts refill rows by it. */
  ShardOrder order() {
    return order;
  }

  /** A bundle's writer: {@link Open#add} each row, then {@link Open#close} once. */
  public Open open() {
    return new Open();
  }

  private record PieceKey(int shard, long block) {}

  /** One bundle's open pieces. Not thread-safe: a bundle's rows come from its own thread. */
  public final class Open {
    private final LinkedHashMap<PieceKey, List<Row>> open = new LinkedHashMap<>();

    private Open() {}

    /** Buffers the row in its block's piece; writes the eldest piece when too many are open. */
    public void add(Row row, PartOutput out) throws IOException {
      Long index = row.getInt64(sortField);
      if (index == null || !blocks.inFirstRound(index)) {
        int shard = index == null ? 0 : blocks.shardOf(index, numShards);
        out.output(KV.of(shard, ShardPart.ofRow(order.encode(row))));
        return;
      }
      PieceKey key = new PieceKey(blocks.shardOf(index, numShards), blocks.blockOf(index));
      List<Row> piece = open.get(key);
      if (piece == null) {
        while (open.size() >= MAX_OPEN_PIECES) {
          Iterator<Map.Entry<PieceKey, List<Row>>> eldest = open.entrySet().iterator();
          Map.Entry<PieceKey, List<Row>> done = eldest.next();
          eldest.remove();
          out.output(write(done.getKey(), done.getValue()));
        }
        piece = new ArrayList<>();
        open.put(key, piece);
      }
      piece.add(row);
    }

    /** Writes every piece still open; the bundle ends after it. */
    public void close(PartOutput out) throws IOException {
      for (Map.Entry<PieceKey, List<Row>> piece : open.entrySet()) {
        out.output(write(piece.getKey(), piece.getValue()));
      }
      open.clear();
    }
  }

  private KV<Integer, byte[]> write(PieceKey key, List<Row> rows) throws IOException {
    rows.sort(Comparator.comparingLong((Row row) -> row.getInt64(sortField)));
    String path = files.writePiece(key.shard(), numShards, "block-" + key.block(), schema, rows);
    long first = rows.get(0).getInt64(sortField);
    return KV.of(key.shard(), ShardPart.of(new Piece(path, key.block(), first)));
  }
}
