package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.record.Decimals;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.Method;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryUtils;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.schemas.Schema;
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
            // What useBeamSchema() does, but with our table schema: it would replace any given one.
            .withSchema(tableSchema(rows.getSchema()))
            .withFormatFunction(BigQueryUtils.toTableRow())
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

  /**
   * The table schema Beam derives from the rows, with each decimal of declared size (a Parquet
   * seed's DECIMAL(p, s)) given that precision and scale: NUMERIC when it fits NUMERIC's 29 integer
   * and 9 fraction digits, else BIGNUMERIC. Beam alone would make every decimal a bare NUMERIC.
   */
  static TableSchema tableSchema(Schema schema) {
    TableSchema table = BigQueryUtils.toTableSchema(schema);
    for (TableFieldSchema field : table.getFields()) {
      Decimals.size(schema.getField(field.getName()).getType())
          .ifPresent(
              size -> {
                boolean numeric = size.scale() <= 9 && size.precision() - size.scale() <= 29;
                field
                    .setType(numeric ? "NUMERIC" : "BIGNUMERIC")
                    .setPrecision((long) size.precision())
                    .setScale((long) size.scale());
              });
    }
    return table;
  }
}
