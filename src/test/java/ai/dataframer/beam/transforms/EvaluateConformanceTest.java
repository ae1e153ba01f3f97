package ai.dataframer.beam.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import ai.dataframer.beam.core.eval.ConformanceFixture;
import ai.dataframer.beam.core.eval.ConformanceReport;
import ai.dataframer.beam.core.run.OutcomeJson;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;

public class EvaluateConformanceTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Schema SCHEMA =
      MetadataColumns.outputSchema(
          Schema.builder()
              .addNullableField("region", Schema.FieldType.STRING)
              .addNullableField("size", Schema.FieldType.DOUBLE)
              .addNullableField("note", Schema.FieldType.STRING)
              .build());

  /** The fixture's ten samples as a run writes them: record columns and metadata. */
  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    List<Map<String, String>> assigned = ConformanceFixture.assigned();
    for (int i = 0; i < assigned.size(); i++) {
      Map<String, Object> record =
          new LinkedHashMap<>(ConformanceFixture.record(i, assigned.get(i)));
      record.put(MetadataColumns.SAMPLE_ID, "s-" + i);
      record.put(MetadataColumns.SAMPLE_INDEX, (long) i);
      record.put(
          MetadataColumns.PROPERTIES,
          new com.fasterxml.jackson.databind.ObjectMapper()
              .valueToTree(assigned.get(i))
              .toString());
      record.put(MetadataColumns.SPEC_ID, "spec-1");
      record.put(MetadataColumns.SPEC_VERSION, 1);
      record.put(MetadataColumns.GENERATION_MODEL, "embedded");
      record.put(MetadataColumns.REVISION_CYCLES, 0);
      record.put(MetadataColumns.FILTER_ATTEMPTS, 1);
      record.put(MetadataColumns.INPUT_TOKENS, 0L);
      record.put(MetadataColumns.OUTPUT_TOKENS, 0L);
      record.put(MetadataColumns.COST_USD, 0.0);
      rows.add(RowRecords.toRow(record, SCHEMA));
    }
    return rows;
  }

  private PCollectionView<Spec> specView() {
    return pipeline
        .apply(
            "Spec", Create.of(ConformanceFixture.SPEC).withCoder(SerializableCoder.of(Spec.class)))
        .apply("SpecView", View.asSingleton());
  }

  @Test
  public void countsEveryRecordIntoTheReportOfTheHostedApi() {
    PCollectionView<Spec> spec = specView();
    PCollection<ConformanceReport> report =
        pipeline
            .apply("Records", Create.of(rows()).withRowSchema(SCHEMA))
            .apply(
                DataFramer.evaluateConformance(spec)
                    .withNotAnalyzedReason("no evaluation_model was given"));
    PAssert.thatSingleton(report)
        .satisfies(
            r -> {
              assertEquals(95.0, r.conformanceScore(), 1e-9);
              assertEquals(3, r.distributionAnalysis().size());
              assertEquals(10, r.distributionAnalysis().get(0).totalSamples());
              assertEquals(
                  "10 samples; 2 of 3 properties analysed; 19 of 20 analysed property values are"
                      + " the ones the plans assigned; not analysed: tone (no evaluation_model was"
                      + " given).",
                  r.conformanceExplanation());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aRunWithNoRecordsStillGetsAReportWithNoScore() {
    PCollectionView<Spec> spec = specView();
    PCollection<ConformanceReport> report =
        pipeline.apply("Records", Create.empty(SCHEMA)).apply(DataFramer.evaluateConformance(spec));
    PAssert.thatSingleton(report)
        .satisfies(
            r -> {
              assertNull(r.conformanceScore());
              assertEquals(0, r.distributionAnalysis().get(0).totalSamples());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void thePropertiesColumnReadsBackAsThePlanWroteIt() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("zeta", "1");
    values.put("alpha", "2..3");
    assertEquals(
        List.of("zeta", "alpha"),
        new ArrayList<>(
            OutcomeJson.readProperties("{\"zeta\":\"1\",\"alpha\":\"2..3\"}").keySet()));
    assertEquals(values, OutcomeJson.readProperties("{\"zeta\":\"1\",\"alpha\":\"2..3\"}"));
  }
}
