package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.sink.ShardPart.Piece;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;

/**
 * A run's rows to numShards files without a shuffle of rows (docs/ARCHITECTURE.md, "Outputs"): the
 * worker that generated a block of sample indexes ({@link IndexBlocks}) writes it, in index order,
 * as a piece of its shard's file, in the same fused stage; only the pieces' names are grouped by
 * shard, and each shard's pieces are joined in index order without decoding a row ({@link
 * FileFormat#concatenate}). A block is one piece, whatever the runner's bundles, so the files are
 * byte-identical across runners and retries.
 *
 * <p>Refill rows (indexes from N on) come from single-sample rounds that no block holds together:
 * they are grouped with the pieces, sorted, and written as the shard's last piece.
 */
final class WriteIndexBlocks extends PTransform<PCollection<Row>, PCollection<String>> {
  /**
   * Blocks a worker keeps open at once. Embedded generation completes a block before it starts the
   * next; a worker keeping model calls in flight finishes one range while it starts the next, and a
   * block that straddles two shards is two pieces.
   */
  static final int MAX_OPEN_PIECES = 4;

  private final ShardFiles files;
  private final FileFormat format;
  private final int numShards;
  private final String sortField;
  private final IndexBlocks blocks;

  WriteIndexBlocks(
      SinkTarget target, String prefix, int numShards, String sortField, IndexBlocks blocks) {
    this.files = new ShardFiles(target.location(), prefix, target.format());
    this.format = target.format();
    this.numShards = numShards;
    this.sortField = sortField;
    this.blocks = blocks;
  }

  @Override
  public PCollection<String> expand(PCollection<Row> rows) {
    Schema schema = rows.getSchema();
    format.checkSchema(schema);
    if (sortField == null
        || !schema.hasField(sortField)
        || schema.getField(sortField).getType().getTypeName() != Schema.TypeName.INT64) {
      throw new IllegalArgumentException(
          "withIndexBlocks() needs withSortField() naming an INT64 sample index, but was "
              + sortField);
    }
    if (!(rows.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          "withIndexBlocks() writes a run's rows in the global window, but they are windowed by "
              + rows.getWindowingStrategy().getWindowFn());
    }
    ShardOrder order = ShardOrder.of(schema, numShards, sortField);
    PCollection<KV<Integer, byte[]>> parts =
        rows.apply(
                "WritePieces",
                ParDo.of(new WritePiecesFn(files, order, schema, numShards, sortField, blocks)))
            .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()));
    PCollection<String> written =
        PCollectionList.of(parts)
            .and(WriteShardedFiles.shardMarkers(rows.getPipeline(), numShards))
            .apply("WithShardMarkers", Flatten.pCollections())
            .apply("GroupByShard", GroupByKey.create())
            .apply(
                "AssembleShards", ParDo.of(new AssembleShardFn(files, order, schema, numShards)));
    return WriteShardedFiles.deleteTempFilesOnceWritten(written, files);
  }

  private record PieceKey(int shard, long block) {}

  /** Buffers each block's rows and writes it as a piece once the block is done. */
  static final class WritePiecesFn extends DoFn<Row, KV<Integer, byte[]>> {
    private final ShardFiles files;
    private final ShardOrder order;
    private final Schema schema;
    private final int numShards;
    private final String sortField;
    private final IndexBlocks blocks;
    private transient LinkedHashMap<PieceKey, List<Row>> open;

    WritePiecesFn(
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

    @StartBundle
    public void startBundle() {
      open = new LinkedHashMap<>();
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<Integer, byte[]>> out)
        throws IOException {
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

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws IOException {
      for (Map.Entry<PieceKey, List<Row>> piece : open.entrySet()) {
        context.output(
            write(piece.getKey(), piece.getValue()),
            BoundedWindow.TIMESTAMP_MIN_VALUE,
            GlobalWindow.INSTANCE);
      }
      open = null;
    }

    private KV<Integer, byte[]> write(PieceKey key, List<Row> rows) throws IOException {
      rows.sort(Comparator.comparingLong((Row row) -> row.getInt64(sortField)));
      String path = files.writePiece(key.shard(), numShards, "block-" + key.block(), schema, rows);
      long first = rows.get(0).getInt64(sortField);
      return KV.of(key.shard(), ShardPart.of(new Piece(path, key.block(), first)));
    }
  }

  /** Joins a shard's pieces in index order, refill rows last. */
  static final class AssembleShardFn extends DoFn<KV<Integer, Iterable<byte[]>>, String> {
    private final Counter splitBlocks = Metrics.counter(WriteIndexBlocks.class, "splitBlocks");
    private final ShardFiles files;
    private final ShardOrder order;
    private final Schema schema;
    private final int numShards;

    AssembleShardFn(ShardFiles files, ShardOrder order, Schema schema, int numShards) {
      this.files = files;
      this.order = order;
      this.schema = schema;
      this.numShards = numShards;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<byte[]>> shard, OutputReceiver<String> out)
        throws IOException {
      List<Piece> pieces = new ArrayList<>();
      List<byte[]> refillRows = new ArrayList<>();
      for (byte[] bytes : shard.getValue()) {
        ShardPart part = ShardPart.parse(bytes);
        if (part == null) {
          continue;
        } else if (part.piece() != null) {
          pieces.add(part.piece());
        } else {
          refillRows.add(part.encodedRow());
        }
      }
      pieces.sort(Comparator.comparingLong(Piece::first).thenComparing(Piece::path));
      countSplitBlocks(pieces);
      List<String> paths = new ArrayList<>(pieces.size() + 1);
      pieces.forEach(piece -> paths.add(piece.path()));
      if (!refillRows.isEmpty()) {
        paths.add(
            files.writePiece(
                shard.getKey(), numShards, "refill", schema, order.sorted(refillRows)));
      }
      out.output(files.assemble(shard.getKey(), numShards, schema, paths));
    }

    /**
     * A block in two pieces means a runner split the work of one range across bundles, or a
     * worker's open blocks overflowed: every row is still written, in index order unless the pieces
     * interleave, but the file's Parquet row groups then follow that runner's bundles. Counted so a
     * test or a user comparing runners can see it.
     */
    private void countSplitBlocks(List<Piece> pieces) {
      Set<Long> seen = new HashSet<>();
      for (Piece piece : pieces) {
        if (!seen.add(piece.block())) {
          splitBlocks.inc();
        }
      }
    }
  }
}
