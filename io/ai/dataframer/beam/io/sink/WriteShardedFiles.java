package ai.dataframer.beam.io.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;

/**
 * Rows to numShards files, each written whole by one worker after a shuffle: the shard and the
 * order within it come from the rows alone ({@link ShardOrder}), so output files are byte-identical
 * for the same rows. A shard's rows are sorted in memory; raise the shard count for very large
 * runs.
 */
final class WriteShardedFiles extends PTransform<PCollection<Row>, PCollection<String>> {

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
    KvCoder<Integer, byte[]> keyedCoder = KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of());

    PCollection<KV<Integer, byte[]>> keyed =
        rows.apply("AssignShards", ParDo.of(new AssignShardFn(order))).setCoder(keyedCoder);
    // A plain GroupByKey, not CoGroupByKey: a large CoGbkResult iterates its group once per tag,
    // which Flink's batch GroupByKey refuses ("GBK result is not re-iterable").
    PCollection<KV<Integer, byte[]>> markers = shardMarkers(rows.getPipeline(), numShards);
    PCollection<String> written =
        PCollectionList.of(keyed)
            .and(markers)
            .apply("WithShardMarkers", Flatten.pCollections())
            .apply("GroupByShard", GroupByKey.create())
            .apply("WriteShards", ParDo.of(new WriteShardFn(files, order, schema, numShards)));
    return deleteTempFilesOnceWritten(written, files);
  }

  /**
   * One empty marker per shard, to join a grouping by shard, so an empty shard still gets its
   * (empty) file.
   */
  static PCollection<KV<Integer, byte[]>> shardMarkers(Pipeline pipeline, int numShards) {
    List<KV<Integer, byte[]>> markers = new ArrayList<>(numShards);
    for (int shard = 0; shard < numShards; shard++) {
      markers.add(KV.of(shard, ShardOrder.SHARD_MARKER));
    }
    return pipeline.apply(
        "ListShards",
        Create.of(markers).withCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of())));
  }

  /** The written paths in name order, once every shard is in place and the temp files are gone. */
  static PCollection<String> deleteTempFilesOnceWritten(
      PCollection<String> written, ShardFiles files) {
    return written
        .apply("OneGroup", WithKeys.of(0))
        .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()))
        .apply("AwaitAllShards", GroupByKey.create())
        .apply("DeleteTempFiles", ParDo.of(new DeleteTempFilesFn(files)))
        .setCoder(StringUtf8Coder.of());
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

  static final class WriteShardFn extends DoFn<KV<Integer, Iterable<byte[]>>, String> {
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
    public void process(@Element KV<Integer, Iterable<byte[]>> shard, OutputReceiver<String> out)
        throws IOException {
      List<Row> rows = order.sorted(shard.getValue());
      out.output(files.write(shard.getKey(), numShards, schema, rows));
    }
  }

  /** Runs once all shards are renamed into place, then passes their paths on in name order. */
  static final class DeleteTempFilesFn extends DoFn<KV<Integer, Iterable<String>>, String> {
    private final ShardFiles files;

    DeleteTempFilesFn(ShardFiles files) {
      this.files = files;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<String>> written, OutputReceiver<String> out)
        throws IOException {
      files.deleteTempFiles();
      List<String> paths = new ArrayList<>();
      written.getValue().forEach(paths::add);
      paths.stream().sorted().forEach(out::output);
    }
  }
}
