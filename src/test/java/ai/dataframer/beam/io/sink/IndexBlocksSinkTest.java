package ai.dataframer.beam.io.sink;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The sink of a run's rows without a shuffle ({@link WriteIndexBlocks}): rows arrive as a run makes
 * them, each block of indexes out of one element's processing, on the Direct runner.
 */
@RunWith(JUnit4.class)
public class IndexBlocksSinkTest {
  @Rule public final transient TestPipeline first = TestPipeline.create();
  @Rule public final transient TestPipeline second = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  /** Each block's rows, from indexes of one block, in the order given; refill indexes as blocks. */
  private static final class BlockRowsFn extends DoFn<Long, Row> {
    private final long blockSize;
    private final long highestIndex;

    BlockRowsFn(long blockSize, long highestIndex) {
      this.blockSize = blockSize;
      this.highestIndex = highestIndex;
    }

    @ProcessElement
    public void process(@Element Long block, OutputReceiver<Row> out) {
      // Descending, so the sink cannot rely on the order within a block either.
      long end = Math.min(highestIndex, (block + 1) * blockSize - 1);
      for (long i = end; i >= block * blockSize; i--) {
        out.output(SinkRows.row(i));
      }
    }
  }

  private static PCollection<Row> runRows(
      Pipeline pipeline, List<Long> blocks, long blockSize, long highestIndex) {
    return pipeline
        .apply("Blocks", Create.of(blocks).withCoder(VarLongCoder.of()))
        .apply("SpreadBlocks", Reshuffle.viaRandomKey())
        .apply("RowsOfBlock", ParDo.of(new BlockRowsFn(blockSize, highestIndex)))
        .setRowSchema(SinkRows.SCHEMA);
  }

  private static List<Long> range(long from, long to) {
    return new ArrayList<>(LongStream.range(from, to).boxed().toList());
  }

  @Test
  public void shardsHoldContiguousSlotsInIndexOrderThenTheirRefillRows() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    // 80 slots in blocks of 10; indexes 80..99 are refill rows of slots 0..19, all in shard 0.
    runRows(first, range(0, 10), 10, 99)
        .apply(
            SampleSink.to("jsonl:" + dir)
                .withNumShards(3)
                .withSortField("id")
                .withIndexBlocks(80, 10));
    first.run().waitUntilFinish();

    List<Long> shard0 = range(0, 27);
    shard0.addAll(range(80, 100));
    assertEquals(shard0, FileSinkTest.ids(dir.resolve("records-00000-of-00003.jsonl")));
    assertEquals(range(27, 54), FileSinkTest.ids(dir.resolve("records-00001-of-00003.jsonl")));
    assertEquals(range(54, 80), FileSinkTest.ids(dir.resolve("records-00002-of-00003.jsonl")));
    assertEquals(
        List.of(
            "records-00000-of-00003.jsonl",
            "records-00001-of-00003.jsonl",
            "records-00002-of-00003.jsonl"),
        FileSinkTest.fileNames(dir));
  }

  @Test
  public void csvPiecesShareOneHeader() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    runRows(first, range(0, 5), 4, 19)
        .apply(SampleSink.to("csv:" + dir).withSortField("id").withIndexBlocks(20, 4));
    first.run().waitUntilFinish();

    List<String> lines = Files.readAllLines(dir.resolve("records-00000-of-00001.csv"));
    assertEquals("id,flag,count,big,ratio,score,price,note,day,at", lines.get(0));
    assertEquals(1, lines.stream().filter(line -> line.startsWith("id,")).count());
    assertTrue(lines.get(1).startsWith("0,true,"));
    assertTrue(lines.get(lines.size() - 1).startsWith("19,false,"));
  }

  @Test
  public void parquetIsByteIdenticalWhateverOrderBlocksArriveInAndKeepsABlockPerRowGroup()
      throws IOException {
    Path inOrder = folder.newFolder("in-order").toPath();
    Path reversed = folder.newFolder("reversed").toPath();
    List<Long> blocks = range(0, 12);
    runRows(first, blocks, 25, 299)
        .apply(
            SampleSink.to("parquet:" + inOrder)
                .withNumShards(2)
                .withSortField("id")
                .withIndexBlocks(300, 25));
    first.run().waitUntilFinish();
    Collections.reverse(blocks);
    runRows(second, blocks, 25, 299)
        .apply(
            SampleSink.to("parquet:" + reversed)
                .withNumShards(2)
                .withSortField("id")
                .withIndexBlocks(300, 25));
    second.run().waitUntilFinish();

    for (String name :
        List.of("records-00000-of-00002.parquet", "records-00001-of-00002.parquet")) {
      assertArrayEquals(
          name,
          Files.readAllBytes(inOrder.resolve(name)),
          Files.readAllBytes(reversed.resolve(name)));
      assertEquals(
          "six blocks of 25 in each shard",
          6,
          ParquetFooters.read(inOrder.resolve(name)).getRow_groups().size());
    }
    assertEquals(range(0, 150), parquetIds(inOrder.resolve("records-00000-of-00002.parquet")));
    List<GenericRecord> second = parquetRecords(inOrder.resolve("records-00001-of-00002.parquet"));
    assertEquals(150, second.size());
    assertEquals(299L, second.get(149).get("id"));
    assertEquals("note 150", second.get(0).get("note").toString());
  }

  @Test
  public void shardsWithoutRowsStillGetValidFiles() throws IOException {
    Path dir = folder.newFolder("out").toPath();
    // A run of 90 whose rows past 9 all failed: shards 1 and 2 have no rows.
    runRows(first, List.of(0L), 10, 9)
        .apply(
            SampleSink.to("parquet:" + dir)
                .withNumShards(3)
                .withSortField("id")
                .withIndexBlocks(90, 10));
    first.run().waitUntilFinish();

    assertEquals(range(0, 10), parquetIds(dir.resolve("records-00000-of-00003.parquet")));
    assertEquals(List.of(), parquetIds(dir.resolve("records-00001-of-00003.parquet")));
    assertEquals(List.of(), parquetIds(dir.resolve("records-00002-of-00003.parquet")));
  }

  @Test
  public void indexBlocksNeedAnInt64SortField() {
    Path dir = folder.getRoot().toPath();
    PCollection<Row> rows = runRows(first, List.of(0L), 10, 9);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                rows.apply(
                    SampleSink.to("jsonl:" + dir).withSortField("note").withIndexBlocks(10, 10)));
    assertTrue(error.getMessage(), error.getMessage().contains("INT64 sample index"));
    first.enableAbandonedNodeEnforcement(false);
  }

  private static List<Long> parquetIds(Path file) throws IOException {
    List<Long> ids = new ArrayList<>();
    parquetRecords(file).forEach(record -> ids.add((Long) record.get("id")));
    return ids;
  }

  private static List<GenericRecord> parquetRecords(Path file) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
            .build()) {
      for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
        records.add(record);
      }
    }
    return records;
  }
}
