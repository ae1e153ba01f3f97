package ai.dataframer.beam.io.sink;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkState;

import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Writes generated rows (records or failures) to {@code parquet:PATH}, {@code jsonl:PATH}, {@code
 * csv:PATH} or {@code bigquery:PROJECT:DATASET.TABLE} (docs/ARCHITECTURE.md, "Outputs").
 *
 * <p>File sinks write {@code PATH/<prefix>-SSSSS-of-NNNNN.<ext>}: a fixed set of files whose names
 * and bytes depend only on the rows, the shard count, the sort field (and the index blocks, see
 * {@link Write#withIndexBlocks}), and a retried bundle replaces a file rather than adding one.
 * Records use prefix {@value #RECORDS_PREFIX}, failures {@value #FAILURES_PREFIX} in the same
 * directory. BigQuery uses load jobs.
 *
 * <p>A refresh of a file output writes to the staging URI of {@link OutputCommit#stage} and commits
 * after the pipeline succeeded, so that a failed or killed run leaves the previous output whole
 * (docs/atomic-refresh.md).
 */
public final class SampleSink {
  public static final String RECORDS_PREFIX = "records";
  public static final String FAILURES_PREFIX = "failures";

  private SampleSink() {}

  /** A write to the sink named by the URI; the URI is checked here. */
  public static Write to(String uri) {
    return new Write(
        uri, SinkTarget.parse(uri), RECORDS_PREFIX, 1, null, WriteMode.TRUNCATE, null, null, null);
  }

  /**
   * Where failures of a run writing records to {@code recordsUri} go: the same directory for file
   * sinks (written with prefix {@value #FAILURES_PREFIX}), the table {@code TABLE_failures} for
   * BigQuery.
   */
  public static String failuresUri(String recordsUri) {
    return SinkTarget.parse(recordsUri).failuresUri();
  }

  private static void checkPrefix(String prefix) {
    checkArgument(prefix != null && !prefix.isEmpty(), "filePrefix must not be empty");
    checkArgument(
        !prefix.startsWith(".") && !prefix.contains("/") && !prefix.contains("*"),
        "filePrefix must be a plain file name without '/', '*' or a leading '.', but was %s",
        prefix);
  }

  /** Immutable; configure with {@code withX()}. Input rows must carry a schema. */
  public static final class Write extends PTransform<PCollection<Row>, WriteResult> {
    private final String uri;
    private final SinkTarget target;
    private final String filePrefix;
    private final int numShards;
    private final String sortField;
    private final WriteMode writeMode;
    private final BigQueryServices bigQueryServices;
    private final String bigQueryTempLocation;
    private final IndexBlocks indexBlocks;

    private Write(
        String uri,
        SinkTarget target,
        String filePrefix,
        int numShards,
        String sortField,
        WriteMode writeMode,
        BigQueryServices bigQueryServices,
        String bigQueryTempLocation,
        IndexBlocks indexBlocks) {
      this.uri = uri;
      this.target = target;
      this.filePrefix = filePrefix;
      this.numShards = numShards;
      this.sortField = sortField;
      this.writeMode = writeMode;
      this.bigQueryServices = bigQueryServices;
      this.bigQueryTempLocation = bigQueryTempLocation;
      this.indexBlocks = indexBlocks;
    }

    /** File name prefix for file sinks (default {@value SampleSink#RECORDS_PREFIX}). */
    public Write withFilePrefix(String filePrefix) {
      checkPrefix(filePrefix);
      return new Write(
          uri,
          target,
          filePrefix,
          numShards,
          sortField,
          writeMode,
          bigQueryServices,
          bigQueryTempLocation,
          indexBlocks);
    }

    /** Number of files for file sinks (default 1); every shard gets a file, empty or not. */
    public Write withNumShards(int numShards) {
      checkArgument(numShards > 0, "numShards must be > 0, but was %s", numShards);
      return new Write(
          uri,
          target,
          filePrefix,
          numShards,
          sortField,
          writeMode,
          bigQueryServices,
          bigQueryTempLocation,
          indexBlocks);
    }

    /**
     * An INT64 or STRING field: file sinks write each shard's rows in its ascending order (nulls
     * first, ties by the row's encoded bytes). Without it rows are ordered by encoded bytes.
     */
    public Write withSortField(String sortField) {
      checkArgument(sortField != null && !sortField.isEmpty(), "sortField must not be empty");
      return new Write(
          uri,
          target,
          filePrefix,
          numShards,
          sortField,
          writeMode,
          bigQueryServices,
          bigQueryTempLocation,
          indexBlocks);
    }

    /**
     * File sinks: the rows are a run of {@code numberOfSamples} samples whose sort field (an INT64
     * sample index, see {@link #withSortField}) arrives in blocks of {@code blockSize} consecutive
     * values, each block generated by one worker in one bundle (the run's index ranges). Each block
     * is then written where it was generated, as a piece of its shard's file, and no row is
     * shuffled; shard s of k holds the indexes {@code [s * N / k, (s + 1) * N / k)} in order, then
     * the refill rows of those slots (indexes {@code i + r * N}), in order.
     */
    public Write withIndexBlocks(long numberOfSamples, long blockSize) {
      return new Write(
          uri,
          target,
          filePrefix,
          numShards,
          sortField,
          writeMode,
          bigQueryServices,
          bigQueryTempLocation,
          new IndexBlocks(numberOfSamples, blockSize));
    }

    /** BigQuery only: TRUNCATE (default, a refresh) or APPEND. */
    public Write withWriteMode(WriteMode writeMode) {
      checkArgument(writeMode != null, "writeMode must not be null");
      return new Write(
          uri,
          target,
          filePrefix,
          numShards,
          sortField,
          writeMode,
          bigQueryServices,
          bigQueryTempLocation,
          indexBlocks);
    }

    /** BigQuery only: the services BigQueryIO talks to; tests pass Beam's fakes. */
    public Write withBigQueryServices(BigQueryServices bigQueryServices) {
      checkArgument(bigQueryServices != null, "bigQueryServices must not be null");
      return new Write(
          uri,
          target,
          filePrefix,
          numShards,
          sortField,
          writeMode,
          bigQueryServices,
          bigQueryTempLocation,
          indexBlocks);
    }

    /** BigQuery only: where load files are staged (default: the pipeline's tempLocation). */
    public Write withBigQueryTempLocation(String bigQueryTempLocation) {
      checkArgument(
          bigQueryTempLocation != null && !bigQueryTempLocation.isBlank(),
          "bigQueryTempLocation must not be empty, but was '%s'",
          bigQueryTempLocation);
      return new Write(
          uri,
          target,
          filePrefix,
          numShards,
          sortField,
          writeMode,
          bigQueryServices,
          bigQueryTempLocation,
          indexBlocks);
    }

    /**
     * For a run that writes its rows where it generates them: the writer its DoFn writes rows of
     * {@code schema} through, a piece per index block (see {@link #withIndexBlocks}); the parts it
     * outputs go to {@link #assemble}. Needs {@link #withIndexBlocks} and a file sink.
     */
    public PieceWriter pieceWriter(Schema schema) {
      return indexBlockFiles().pieceWriter(schema);
    }

    /**
     * The shard files from the parts the bundles of {@link #pieceWriter} output: the same files
     * {@link #expand} writes from the rows themselves.
     */
    public WriteResult assemble(PCollection<KV<Integer, byte[]>> parts, PieceWriter writer) {
      PCollection<String> written =
          parts.apply("AssembleIndexBlocks", indexBlockFiles().assembling(writer));
      return WriteResult.in(parts.getPipeline(), written);
    }

    /** Whether {@link #pieceWriter} applies: index blocks to a file sink. */
    public boolean writesIndexBlocks() {
      return indexBlocks != null && !target.isBigQuery();
    }

    private WriteIndexBlocks indexBlockFiles() {
      checkState(
          writesIndexBlocks(),
          "pieces are written for file sinks withIndexBlocks(), but %s is %s",
          uri,
          indexBlocks == null ? "without index blocks" : "a BigQuery table");
      return new WriteIndexBlocks(target, filePrefix, numShards, sortField, indexBlocks);
    }

    @Override
    public WriteResult expand(PCollection<Row> rows) {
      checkArgument(
          rows.hasSchema(),
          "SampleSink.to(\"%s\") needs rows with a schema; call setRowSchema() on the input",
          uri);
      checkArgument(
          target.isBigQuery() || writeMode == WriteMode.TRUNCATE,
          "withWriteMode(APPEND) applies to bigquery: sinks only; file sink %s replaces its shard"
              + " files (write to another PATH or prefix to keep earlier output)",
          uri);
      PCollection<String> written =
          target.isBigQuery()
              ? rows.apply(
                  "WriteBigQueryTable",
                  new WriteBigQueryTable(
                      target.location(), writeMode, bigQueryTempLocation, bigQueryServices))
              : indexBlocks != null
                  ? rows.apply(
                      "WriteIndexBlocks",
                      new WriteIndexBlocks(target, filePrefix, numShards, sortField, indexBlocks))
                  : rows.apply(
                      "WriteShardedFiles",
                      new WriteShardedFiles(target, filePrefix, numShards, sortField));
      return WriteResult.in(rows.getPipeline(), written);
    }
  }
}
