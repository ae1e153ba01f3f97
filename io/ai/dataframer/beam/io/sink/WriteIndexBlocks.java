package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.sink.ShardPart.Piece;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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
    if (!(rows.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          "withIndexBlocks() writes a run's rows in the global window, but they are windowed by "
              + rows.getWindowingStrategy().getWindowFn());
    }
    PieceWriter writer = pieceWriter(rows.getSchema());
    PCollection<KV<Integer, byte[]>> parts =
        rows.apply("WritePieces", ParDo.of(new WritePiecesFn(writer)))
            .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()));
    return assemble(parts, writer);
  }

  /** Writes rows of this schema as pieces; the schema must hold the INT64 sample index. */
  PieceWriter pieceWriter(Schema schema) {
    format.checkSchema(schema);
    if (sortField == null
        || !schema.hasField(sortField)
        || schema.getField(sortField).getType().getTypeName() != Schema.TypeName.INT64) {
      throw new IllegalArgumentException(
          "withIndexBlocks() needs withSortField() naming an INT64 sample index, but was "
              + sortField);
    }
    ShardOrder order = ShardOrder.of(schema, numShards, sortField);
    return new PieceWriter(files, order, schema, numShards, sortField, blocks);
  }

  /** The step that joins the parts {@code writer}'s bundles output into the shard files. */
  Assemble assembling(PieceWriter writer) {
    return new Assemble(writer);
  }

  /** {@link #assemble} as a step of its own, for parts written outside the sink. */
  final class Assemble extends PTransform<PCollection<KV<Integer, byte[]>>, PCollection<String>> {
    private final PieceWriter writer;

    private Assemble(PieceWriter writer) {
      this.writer = writer;
    }

    @Override
    public PCollection<String> expand(PCollection<KV<Integer, byte[]>> parts) {
      return assemble(parts, writer);
    }
  }

  private PCollection<String> assemble(PCollection<KV<Integer, byte[]>> parts, PieceWriter writer) {
    PCollection<String> written =
        PCollectionList.of(parts)
            .and(WriteShardedFiles.shardMarkers(parts.getPipeline(), numShards))
            .apply("WithShardMarkers", Flatten.pCollections())
            .apply("GroupByShard", GroupByKey.create())
            .apply(
                "AssembleShards",
                ParDo.of(new AssembleShardFn(files, writer.order(), writer.schema(), numShards)));
    return WriteShardedFiles.deleteTempFilesOnceWritten(written, files);
  }

  /** The sink's own step when rows arrive as a collection: a {@link PieceWriter} per bundle. */
  static final class WritePiecesFn extends DoFn<Row, KV<Integer, byte[]>> {
    private final PieceWriter writer;
    private transient PieceWriter.Open open;

    WritePiecesFn(PieceWriter writer) {
      this.writer = writer;
    }

    @StartBundle
    public void startBundle() {
      open = writer.open();
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<Integer, byte[]>> out)
        throws IOException {
      open.add(row, out::output);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws IOException {
      open.close(
          part -> context.output(part, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      open = null;
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
