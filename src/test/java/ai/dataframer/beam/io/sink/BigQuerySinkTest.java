package ai.dataframer.beam.io.sink;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.MetadataColumns;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** BigQuery load jobs against Beam's fake BigQuery services; no network. */
public class BigQuerySinkTest {
  private static final String PROJECT = "project-id";
  private static final String DATASET = "synthetic";
  private static final String TABLE = "tickets";
  private static final String URI = "bigquery:" + PROJECT + ":" + DATASET + "." + TABLE;

  private static final Schema RECORD_SCHEMA =
      Schema.builder()
          .addNullableField("subject", Schema.FieldType.STRING)
          .addNullableField("price", Schema.FieldType.DECIMAL)
          .addNullableField("opened", Schema.FieldType.logicalType(SqlTypes.DATE))
          .addNullableField("score", Schema.FieldType.DOUBLE)
          .build();
  private static final Schema SCHEMA = MetadataColumns.outputSchema(RECORD_SCHEMA);

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TestPipeline rerun = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private final FakeDatasetService datasets = new FakeDatasetService();
  private final FakeBigQueryServices services =
      new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService());

  @Before
  public void createDataset() throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    datasets.createDataset(PROJECT, DATASET, "", "", null);
  }

  @Test
  public void tableGetsRecordAndMetadataColumns() throws Exception {
    load(
        pipeline,
        List.of(row(0, "Screen cracked", "19.99"), row(1, "Won't charge", null)),
        WriteMode.TRUNCATE);

    List<String> columns =
        datasets.getTable(table()).getSchema().getFields().stream()
            .map(TableFieldSchema::getName)
            .collect(Collectors.toList());
    assertEquals(SCHEMA.getFieldNames(), columns);
    assertEquals("NUMERIC", fieldType("price"));
    assertEquals("DATE", fieldType("opened"));
    assertEquals("INT64", fieldType(MetadataColumns.SAMPLE_INDEX));

    List<TableRow> rows = rows();
    assertEquals(List.of("Screen cracked", "Won't charge"), column(rows, "subject"));
    assertEquals(List.of("run-1-0", "run-1-1"), column(rows, MetadataColumns.SAMPLE_ID));
    assertEquals(List.of("2024-03-01", "2024-03-02"), column(rows, "opened"));
  }

  @Test
  public void truncateReplacesEarlierRows() throws Exception {
    load(
        pipeline,
        List.of(row(0, "a", "1"), row(1, "b", "2"), row(2, "c", "3")),
        WriteMode.TRUNCATE);
    load(rerun, List.of(row(5, "x", "4"), row(6, "y", "5")), WriteMode.TRUNCATE);

    assertEquals(List.of("x", "y"), column(rows(), "subject"));
  }

  @Test
  public void appendAddsToEarlierRows() throws Exception {
    load(pipeline, List.of(row(0, "a", "1"), row(1, "b", "2")), WriteMode.TRUNCATE);
    load(rerun, List.of(row(2, "c", "3")), WriteMode.APPEND);

    assertEquals(List.of("a", "b", "c"), column(rows(), "subject"));
  }

  @Test
  public void declaredDecimalSizesReachTheTableSchema() throws Exception {
    Schema records =
        Schema.builder()
            .addField("amount", Decimals.beamType(new Decimals.Size(25, 2)))
            .addField("wide", Decimals.beamType(new Decimals.Size(50, 10)))
            .build();
    Schema output = MetadataColumns.outputSchema(records);
    Row row =
        Row.withSchema(output)
            .addValues(new BigDecimal("12345678901234567890123.45"), new BigDecimal("1.5"))
            .addValues("run-1-0", 0L, "{}", "spec-1", 2, "embedded", null, 0, 1, 0L, 0L, 0.0)
            .build();
    pipeline.getOptions().as(GcpOptions.class).setProject(PROJECT);
    pipeline.getOptions().setTempLocation(folder.newFolder().getAbsolutePath());
    pipeline
        .apply(Create.of(List.of(row)).withRowSchema(output))
        .apply(
            SampleSink.to(URI)
                .withWriteMode(WriteMode.TRUNCATE)
                .withBigQueryServices(services)
                .withBigQueryTempLocation(folder.newFolder().getAbsolutePath()));
    pipeline.run().waitUntilFinish();

    TableFieldSchema amount = field("amount");
    assertEquals("NUMERIC", amount.getType());
    assertEquals(Long.valueOf(25), amount.getPrecision());
    assertEquals(Long.valueOf(2), amount.getScale());
    TableFieldSchema wide = field("wide");
    assertEquals("BIGNUMERIC", wide.getType());
    assertEquals(Long.valueOf(50), wide.getPrecision());
    assertEquals(Long.valueOf(10), wide.getScale());
    assertEquals(List.of("12345678901234567890123.45"), column(rows(), "amount"));
  }

  private TableFieldSchema field(String name) throws Exception {
    return datasets.getTable(table()).getSchema().getFields().stream()
        .filter(f -> f.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private void load(TestPipeline p, List<Row> rows, WriteMode mode) throws Exception {
    p.getOptions().as(GcpOptions.class).setProject(PROJECT);
    p.getOptions().setTempLocation(folder.newFolder().getAbsolutePath());
    WriteResult result =
        p.apply(Create.of(rows).withRowSchema(SCHEMA))
            .apply(
                SampleSink.to(URI)
                    .withWriteMode(mode)
                    .withBigQueryServices(services)
                    .withBigQueryTempLocation(folder.newFolder().getAbsolutePath()));
    PAssert.that(result.getWrittenPaths())
        .containsInAnyOrder(PROJECT + ":" + DATASET + "." + TABLE);
    p.run().waitUntilFinish();
  }

  private static Row row(long index, String subject, String price) {
    return Row.withSchema(SCHEMA)
        .addValues(
            subject,
            price == null ? null : new BigDecimal(price),
            LocalDate.of(2024, 3, 1).plusDays(index),
            index / 2.0)
        .addValues(
            "run-1-" + index,
            index,
            "{\"product\":\"phone\"}",
            "spec-1",
            2,
            "embedded",
            null,
            0,
            1,
            0L,
            0L,
            0.0)
        .build();
  }

  private TableReference table() {
    return new TableReference().setProjectId(PROJECT).setDatasetId(DATASET).setTableId(TABLE);
  }

  private String fieldType(String name) throws Exception {
    return datasets.getTable(table()).getSchema().getFields().stream()
        .filter(f -> f.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getType();
  }

  private List<TableRow> rows() throws Exception {
    List<TableRow> rows = new ArrayList<>(datasets.getAllRows(PROJECT, DATASET, TABLE));
    rows.sort(
        (a, b) ->
            String.valueOf(a.get(MetadataColumns.SAMPLE_INDEX))
                .compareTo(String.valueOf(b.get(MetadataColumns.SAMPLE_INDEX))));
    return rows;
  }

  private static List<Object> column(List<TableRow> rows, String name) {
    return rows.stream().map(r -> r.get(name)).collect(Collectors.toList());
  }
}
