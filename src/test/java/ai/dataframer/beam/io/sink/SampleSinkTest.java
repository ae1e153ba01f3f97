package ai.dataframer.beam.io.sink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** URI parsing, failures URIs and every configuration error, each with its message. */
public class SampleSinkTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Before
  public void nothingRuns() {
    pipeline.enableAbandonedNodeEnforcement(false);
  }

  @Test
  public void parsesEveryForm() {
    assertEquals(
        new SinkTarget(FileFormat.PARQUET, "/data/out"), SinkTarget.parse("parquet:/data/out"));
    assertEquals(
        new SinkTarget(FileFormat.JSONL, "gs://bucket/out"),
        SinkTarget.parse("jsonl:gs://bucket/out"));
    assertEquals(new SinkTarget(FileFormat.CSV, "out"), SinkTarget.parse("csv:out"));
    assertEquals(
        new SinkTarget(null, "my-project:synthetic.tickets"),
        SinkTarget.parse("bigquery:my-project:synthetic.tickets"));
    assertEquals(
        new SinkTarget(null, "example.com:proj:ds.t"),
        SinkTarget.parse("bigquery:example.com:proj:ds.t"));
  }

  @Test
  public void unknownSchemeListsTheForms() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SampleSink.to("avro:/tmp/out"));
    assertEquals(
        "unsupported sink URI 'avro:/tmp/out'; expected one of parquet:PATH, jsonl:PATH,"
            + " csv:PATH, bigquery:PROJECT:DATASET.TABLE",
        e.getMessage());
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> SampleSink.to("/tmp/out")).getMessage(),
        containsString("unsupported sink URI '/tmp/out'"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> SampleSink.to(" ")).getMessage(),
        containsString("sink URI is empty"));
  }

  @Test
  public void fileSinkNeedsADirectory() {
    assertEquals(
        "sink URI 'parquet:' has no directory; expected parquet:PATH",
        assertThrows(IllegalArgumentException.class, () -> SampleSink.to("parquet:")).getMessage());
  }

  @Test
  public void bigQueryNeedsProjectDatasetAndTable() {
    for (String uri : new String[] {"bigquery:dataset.table", "bigquery:p:dataset", "bigquery:"}) {
      assertEquals(
          "sink URI '" + uri + "' does not name a table as bigquery:PROJECT:DATASET.TABLE",
          assertThrows(IllegalArgumentException.class, () -> SampleSink.to(uri)).getMessage());
    }
  }

  @Test
  public void failuresGoBesideRecords() {
    assertEquals("parquet:gs://b/out", SampleSink.failuresUri("parquet:gs://b/out"));
    assertEquals("jsonl:/out", SampleSink.failuresUri("jsonl:/out"));
    assertEquals("csv:out", SampleSink.failuresUri("csv:out"));
    assertEquals("bigquery:p:d.runs_failures", SampleSink.failuresUri("bigquery:p:d.runs"));
  }

  @Test
  public void withMethodsRejectBadValues() {
    SampleSink.Write write = SampleSink.to("csv:/out");
    assertEquals(
        "numShards must be > 0, but was 0",
        assertThrows(IllegalArgumentException.class, () -> write.withNumShards(0)).getMessage());
    assertEquals(
        "filePrefix must be a plain file name without '/', '*' or a leading '.', but was a/b",
        assertThrows(IllegalArgumentException.class, () -> write.withFilePrefix("a/b"))
            .getMessage());
    assertEquals(
        "filePrefix must not be empty",
        assertThrows(IllegalArgumentException.class, () -> write.withFilePrefix("")).getMessage());
    assertEquals(
        "sortField must not be empty",
        assertThrows(IllegalArgumentException.class, () -> write.withSortField("")).getMessage());
    assertEquals(
        "bigQueryTempLocation must not be empty, but was ' '",
        assertThrows(IllegalArgumentException.class, () -> write.withBigQueryTempLocation(" "))
            .getMessage());
  }

  @Test
  public void sortFieldMustExistAndBeInt64OrString() {
    assertEquals(
        "withSortField(\"missing\"): no such field; the rows have "
            + SinkRows.SCHEMA.getFieldNames(),
        assertThrows(
                IllegalArgumentException.class,
                () -> rows().apply(SampleSink.to("csv:/out").withSortField("missing")))
            .getMessage());
    assertEquals(
        "withSortField(\"score\"): field is DOUBLE, expected INT64 or STRING",
        assertThrows(
                IllegalArgumentException.class,
                () -> rows().apply(SampleSink.to("csv:/out").withSortField("score")))
            .getMessage());
  }

  @Test
  public void appendIsForBigQueryOnly() {
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> rows().apply(SampleSink.to("jsonl:/out").withWriteMode(WriteMode.APPEND)))
            .getMessage(),
        containsString("withWriteMode(APPEND) applies to bigquery: sinks only"));
  }

  @Test
  public void parquetRejectsColumnNamesAvroCannotHold() {
    Schema schema = Schema.builder().addStringField("first name").build();
    PCollection<Row> rows =
        pipeline.apply(
            Create.of(Row.withSchema(schema).addValue("Ada").build()).withRowSchema(schema));
    assertEquals(
        "column 'first name' cannot be written to Parquet: names must match"
            + " [A-Za-z_][A-Za-z0-9_]* (rename the column, or use a jsonl: or csv: sink)",
        assertThrows(
                IllegalArgumentException.class, () -> rows.apply(SampleSink.to("parquet:/out")))
            .getMessage());
  }

  @Test
  public void decimalsBeyondThe38DigitColumnAreRejectedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ParquetRecordFile.unscaledBytes(
                    "price",
                    new java.math.BigDecimal("1e30"),
                    new ai.dataframer.beam.io.record.Decimals.Size(38, 9)));
    assertEquals(
        "column 'price' value 1000000000000000000000000000000 does not fit decimal(38,9) (at most"
            + " 29 digits before the decimal point)",
        e.getMessage());
  }

  @Test
  public void inputNeedsASchema() {
    PCollection<Row> schemaless =
        pipeline.apply(Create.empty(org.apache.beam.sdk.coders.SerializableCoder.of(Row.class)));
    assertThat(
        assertThrows(
                IllegalArgumentException.class, () -> schemaless.apply(SampleSink.to("csv:/out")))
            .getMessage(),
        containsString("needs rows with a schema"));
  }

  private PCollection<Row> rows() {
    return pipeline.apply(Create.of(SinkRows.rows(2)).withRowSchema(SinkRows.SCHEMA));
  }
}
