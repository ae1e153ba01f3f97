package ai.dataframer.beam.io.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Rows to numShards files, each written whole by one worker after a shuffle: the shard and the order
 * within it come from the rows alone ({@link ShardOrder}), so output files are byte-identical for
 * the same rows. A shard's rows are sorted in memory; raise the shard count for very large runs.
 */
final class WriteShardedFiles extends PTransform<PCollection<Row>, PCollection<String>> {
  private static final TupleTag<byte[]> ROWS = new TupleTag<>("rows");
  private static final TupleTag<Void> SHARDS = new TupleTag<>("shards");

  private final ShardFiles files;
  private final FileFormat format;
  private final int numShards;
  private final String sortField;

  WriteShardedFiles(SinkTarget target, String prefix, int numShards, String sortField) {
    this.files = new ShardFiles(target.location(), prefix, target.format());
    this.format = target.format();
    this.numShards = numShards;
    this.sortField = sortField;
  }

  @Override
  public PCollection<String> expand(PCollection<Row> rows) {
    Schema schema = rows.getSchema();
    format.checkSchema(schema);
    ShardOrder order = ShardOrder.of(schema, numShards, sortField);

    PCollection<KV<Integer, byte[]>> keyed =
        rows.apply("AssignShards", ParDo.of(new AssignShardFn(order)))
            .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()));
    // Every shard index joins the grouping, so an empty shard still gets its (empty) file.
    PCollection<KV<Integer, Void>> allShards =
        rows.getPipeline()
            .apply("ListShards", Create.of(shardKeys())
                .withCoder(KvCoder.of(VarIntCoder.of(), VoidCoder.of())));
    PCollection<KV<Integer, CoGbkResult>> grouped =
        KeyedPCollectionTuple.of(ROWS, keyed)
            .and(SHARDS, allShards)
            .apply("GroupByShard", CoGroupByKey.create());
    PCollection<String> written =
        grouped.apply("WriteShards", ParDo.of(new WriteShardFn(files, order, schema, numShards)));
    return written
        .apply("OneGroup", WithKeys.of((Void) null))
        .setCoder(KvCoder.of(VoidCoder.of(), StringUtf8Coder.of()))
        .apply("AwaitAllShards", GroupByKey.create())
        .apply("DeleteTempFiles", ParDo.of(new DeleteTempFilesFn(files)))
        .setCoder(StringUtf8Coder.of());
  }

  private List<KV<Integer, Void>> shardKeys() {
    List<KV<Integer, Void>> keys = new ArrayList<>(numShards);
    for (int shard = 0; shard < numShards; shard++) {
      keys.add(KV.of(shard, null));
    }
    return keys;
  }

  static final class AssignShardFn extends DoFn<Row, KV<Integer, byte[]>> {
    private final ShardOrder order;

    AssignShardFn(ShardOrder order) {
      this.order = order;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<Integer, byte[]>> out) {
      byte[] encoded = order.encode(row);
      out.output(KV.of(order.shardOf(row, encoded), encoded));
    }
  }

  static final class WriteShardFn extends DoFn<KV<Integer, CoGbkResult>, String> {
    private final ShardFiles files;
    private final ShardOrder order;
    private final Schema schema;
    private final int numShards;

    WriteShardFn(ShardFiles files, ShardOrder order, Schema schema, int numShards) {
      this.files = files;
      this.order = order;
      this.schema = schema;
      this.numShards = numShards;
    }

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> shard, OutputReceiver<String> out)
        throws IOException {
      List<Row> rows = order.sorted(shard.getValue().getAll(ROWS));
      out.output(files.write(shard.getKey(), numShards, schema, rows));
    }
  }

  /** Runs once all shards are renamed into place, then passes their paths on in name order. */
  static final class DeleteTempFilesFn extends DoFn<KV<Void, Iterable<String>>, String> {
    private final ShardFiles files;

    DeleteTempFilesFn(ShardFiles files) {
      this.files = files;
    }

    @ProcessElement
    public void process(@Element KV<Void, Iterable<String>> written, OutputReceiver<String> out)
        throws IOException {
      files.deleteTempFiles();
      List<String> paths = new ArrayList<>();
      written.getValue().forEach(paths::add);
      paths.stream().sorted().forEach(out::output);
    }
  }
}
