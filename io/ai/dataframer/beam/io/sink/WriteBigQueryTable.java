package ai.dataframer.beam.io.sink;

import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.Method;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Rows into one BigQuery table with load jobs. Load jobs are all-or-nothing and BigQueryIO names
 * them deterministically, so a retried bundle adds no duplicate rows; they are also the only method
 * that can truncate the table for a refresh.
 */
final class WriteBigQueryTable extends PTransform<PCollection<Row>, PCollection<String>> {
  private final String tableSpec;
  private final WriteMode mode;
  private final String tempLocation;
  private final BigQueryServices services;

  WriteBigQueryTable(
      String tableSpec, WriteMode mode, String tempLocation, BigQueryServices services) {
    this.tableSpec = tableSpec;
    this.mode = mode;
    this.tempLocation = tempLocation;
    this.services = services;
  }

  @Override
  public PCollection<String> expand(PCollection<Row> rows) {
    BigQueryIO.Write<Row> load =
        BigQueryIO.<Row>write()
            .to(tableSpec)
            .useBeamSchema()
            .withMethod(Method.FILE_LOADS)
            .withCreateDisposition(CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(
                mode == WriteMode.TRUNCATE
                    ? WriteDisposition.WRITE_TRUNCATE
                    : WriteDisposition.WRITE_APPEND);
    if (tempLocation != null) {
      load = load.withCustomGcsTempLocation(StaticValueProvider.of(tempLocation));
    }
    if (services != null) {
      load = load.withTestServices(services);
    }
    org.apache.beam.sdk.io.gcp.bigquery.WriteResult loaded = rows.apply("LoadIntoTable", load);
    // One element, released only after the load jobs succeed (also when there were no rows).
    return rows.getPipeline()
        .apply("TableSpec", Create.of(tableSpec).withCoder(StringUtf8Coder.of()))
        .apply("AwaitLoad", Wait.on(loaded.getSuccessfulTableLoads()));
  }
}
