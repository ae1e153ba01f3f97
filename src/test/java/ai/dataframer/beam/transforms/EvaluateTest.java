package ai.dataframer.beam.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import ai.dataframer.beam.core.eval.EvaluationReport;
import ai.dataframer.beam.core.eval.Fidelity;
import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.eval.OrdersExample;
import ai.dataframer.beam.core.eval.ReferenceFidelity;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.IOException;
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

/**
 * The whole evaluation on Beam, over the bundled example's seed: a synthetic set of the seed's
 * column-shuffled rows, 10% exact copies of seed rows and a few duplicated samples.
 */
public class EvaluateTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Schema RECORD_SCHEMA = recordSchema();
  private static final Schema OUTPUT_SCHEMA = MetadataColumns.outputSchema(RECORD_SCHEMA);
  private static final List<String> REGIONS = List.of("Central", "East", "North", "South", "West");

  private static Schema recordSchema() {
    Schema.Builder schema = Schema.builder();
    OrdersExample.TYPES.forEach(
        (name, type) -> schema.addNullableField(name, RowRecords.beamType(type)));
    return schema.build();
  }

  /** Every orders column, region bound to the one property. */
  private static Spec spec() {
    List<RecordField> fields = new ArrayList<>();
    OrdersExample.TYPES.forEach(
        (name, type) ->
            fields.add(
                new RecordField(
                    name,
                    type,
                    name.equals("region") ? "region" : null,
                    0,
                    List.of(),
                    null,
                    null)));
    return new Spec(
        "orders",
        "one order",
        List.of(new PropertyVariation("region", REGIONS, Map.of(), null)),
        fields);
  }

  /**
   * 360 column-shuffled rows, 40 seed rows copied (rows 0, 10, ..., 390), then three more of sample
   * 0: 403 samples, 40 copies of seed rows (sample 0 is a shuffled row, so its repeats are
   * duplicates among the samples, not copies of the seed).
   */
  private static List<Map<String, Object>> synthetic(List<Map<String, Object>> seed) {
    List<Map<String, Object>> shuffled = Fidelity.columnShuffledBaseline(seed, 11L);
    List<Map<String, Object>> synthetic = new ArrayList<>(shuffled.subList(0, 360));
    for (int i = 0; i < 40; i++) {
      synthetic.add(seed.get(10 * i));
    }
    for (int i = 0; i < 3; i++) {
      synthetic.add(synthetic.get(0));
    }
    return synthetic;
  }

  private static Row outputRow(Map<String, Object> record, long index) {
    return outputRow(record, index, OUTPUT_SCHEMA);
  }

  private static Row outputRow(Map<String, Object> record, long index, Schema schema) {
    Map<String, Object> row = new LinkedHashMap<>(record);
    row.put(MetadataColumns.SAMPLE_ID, "s-" + index);
    row.put(MetadataColumns.SAMPLE_INDEX, index);
    row.put(
        MetadataColumns.PROPERTIES,
        record.containsKey("region") ? "{\"region\":\"" + record.get("region") + "\"}" : "{}");
    row.put(MetadataColumns.SPEC_ID, "spec-1");
    row.put(MetadataColumns.SPEC_VERSION, 1);
    row.put(MetadataColumns.GENERATION_MODEL, "embedded");
    row.put(MetadataColumns.REVISION_CYCLES, 0);
    row.put(MetadataColumns.FILTER_ATTEMPTS, 1);
    row.put(MetadataColumns.INPUT_TOKENS, 0L);
    row.put(MetadataColumns.OUTPUT_TOKENS, 0L);
    row.put(MetadataColumns.COST_USD, 0.0);
    return RowRecords.toRow(row, schema);
  }

  private PCollectionView<Spec> specView() {
    return pipeline
        .apply("Spec", Create.of(spec()).withCoder(SerializableCoder.of(Spec.class)))
        .apply("SpecView", View.asSingleton());
  }

  @Test
  public void figuresAgreeWithTheDirectComputationAndCountCopiesAndDuplicates() throws IOException {
    List<Map<String, Object>> seed = OrdersExample.read();
    List<Map<String, Object>> synthetic = synthetic(seed);
    FidelityReport expected =
        ReferenceFidelity.defaults().evaluate(OrdersExample.TYPES, seed, synthetic);
    List<Row> seedRows = new ArrayList<>();
    seed.forEach(record -> seedRows.add(RowRecords.toRow(record, RECORD_SCHEMA)));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < synthetic.size(); i++) {
      rows.add(outputRow(synthetic.get(i), i));
    }

    PCollection<EvaluationReport> report =
        pipeline
            .apply("Records", Create.of(rows).withRowSchema(OUTPUT_SCHEMA))
            .apply(
                DataFramer.evaluate(specView())
                    .withSeed(
                        pipeline.apply("Seed", Create.of(seedRows).withRowSchema(RECORD_SCHEMA)))
                    .withTextFields(List.of("review")));

    PAssert.thatSingleton(report)
        .satisfies(
            evaluation -> {
              assertEquals(100.0, evaluation.conformance().conformanceScore(), 1e-9);
              FidelityReport fidelity = evaluation.fidelity();
              assertNull(evaluation.fidelityNote());
              assertEquals(403, fidelity.syntheticRecords());
              assertEquals(40 + 0, fidelity.exactCopies());
              assertEquals(40.0 / 403, fidelity.exactCopyRate(), 1e-12);
              for (int c = 0; c < expected.columnShapes().size(); c++) {
                assertEquals(
                    expected.columnShapes().get(c).column(),
                    expected.columnShapes().get(c).score(),
                    fidelity.columnShapes().get(c).score(),
                    1e-9);
              }
              for (int p = 0; p < expected.pairTrends().size(); p++) {
                assertEquals(
                    expected.pairTrends().get(p).score(),
                    fidelity.pairTrends().get(p).score(),
                    1e-9);
              }
              assertEquals(expected.excludedColumns(), fidelity.excludedColumns());
              // 403 records are under the closest-record cap: all are searched, as in memory.
              assertEquals(expected.distanceToClosestRecord(), fidelity.distanceToClosestRecord());
              // The seed's halves are its rows in content-hash order on Beam (the same on every
              // runner), in file order in memory: two draws of one measure, not one number.
              assertEquals(200, fidelity.seedHalfToHalfDistance().evaluatedRecords());
              assertEquals(
                  expected.seedHalfToHalfDistance().median(),
                  fidelity.seedHalfToHalfDistance().median(),
                  0.02);
              // Shuffled rows keep real order ids: every synthetic id is a seed id.
              assertEquals(
                  List.of(new FidelityReport.CopiedKeys("order_id", 403, 403, 1.0)),
                  fidelity.copiedKeys());
              assertEquals(3, evaluation.diversity().exactDuplicates());
              assertThat(
                  evaluation.diversity().examples().subList(0, 3),
                  contains(
                      "sample 400 equals sample 0",
                      "sample 401 equals sample 0",
                      "sample 402 equals sample 0"));
              assertEquals(10, evaluation.shownRecords().size());
              assertEquals(synthetic.get(0), evaluation.shownRecords().get(0));
              assertThat(evaluation.headline(), containsString("exact copies of seed rows 40"));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aRewrittenBoundFieldLowersTheScoreByItsShare() throws IOException {
    List<Map<String, Object>> seed = OrdersExample.read();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Row clean = outputRow(seed.get(i), i);
      if (i % 20 == 0) {
        // The plan assigned the seed row's region; the record now shows another one.
        Map<String, Object> rewritten = RowRecords.toRecord(clean);
        rewritten.put("region", "North".equals(seed.get(i).get("region")) ? "South" : "North");
        clean = RowRecords.toRow(rewritten, OUTPUT_SCHEMA);
      }
      rows.add(clean);
    }
    PCollection<EvaluationReport> report =
        pipeline
            .apply("Records", Create.of(rows).withRowSchema(OUTPUT_SCHEMA))
            .apply(DataFramer.evaluate(specView()));
    PAssert.thatSingleton(report)
        .satisfies(
            evaluation -> {
              // 10 of the 200 analysed values no longer show their plan's: 95.0.
              assertEquals(95.0, evaluation.conformance().conformanceScore(), 1e-9);
              assertEquals(
                  List.of("region: 190 of 200 samples (95.0%) show their assigned value"),
                  evaluation.conformance().conformantAreas());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void withoutASeedOnlyConformanceAndDiversityAreEvaluated() throws IOException {
    List<Map<String, Object>> seed = OrdersExample.read();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rows.add(outputRow(seed.get(i), i));
    }
    PCollection<EvaluationReport> report =
        pipeline
            .apply("Records", Create.of(rows).withRowSchema(OUTPUT_SCHEMA))
            .apply(DataFramer.evaluate(specView()));
    PAssert.thatSingleton(report)
        .satisfies(
            evaluation -> {
              assertNull(evaluation.fidelity());
              assertEquals("no seed records to compare with", evaluation.fidelityNote());
              assertEquals(50, evaluation.diversity().samples());
              assertEquals(0, evaluation.diversity().textsCompared());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void documentsAreComparedWithTheSeedByLengthAndStructure() {
    Schema text = Schema.builder().addNullableField("text", Schema.FieldType.STRING).build();
    Schema output = MetadataColumns.outputSchema(text);
    List<Row> seedRows = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String seedLetter =
          "# Letter " + i + "\n\nDear shop, my order " + i + " broke.\n\n- a\n- b\n\nRegards";
      seedRows.add(Row.withSchema(text).addValue(seedLetter).build());
      // One paragraph, no heading, no list: the structure the seed has is lost.
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("text", "Dear shop, my order " + i + " broke and I want a refund now please.");
      rows.add(outputRow(record, i, output));
    }
    Spec documents =
        new Spec(
            "letters",
            "a letter",
            List.of(new PropertyVariation("topic", List.of("broken", "refund"), Map.of(), null)),
            List.of());
    PCollectionView<Spec> spec =
        pipeline
            .apply("Spec", Create.of(documents).withCoder(SerializableCoder.of(Spec.class)))
            .apply("SpecView", View.asSingleton());
    PCollection<EvaluationReport> report =
        pipeline
            .apply("Records", Create.of(rows).withRowSchema(output))
            .apply(
                DataFramer.evaluate(spec)
                    .withSeed(pipeline.apply("Seed", Create.of(seedRows).withRowSchema(text))));
    PAssert.thatSingleton(report)
        .satisfies(
            evaluation -> {
              assertNull(evaluation.fidelity());
              assertEquals(
                  "documents are compared by length and structure", evaluation.fidelityNote());
              Map<String, Double> scores = new LinkedHashMap<>();
              evaluation
                  .documents()
                  .columnShapes()
                  .forEach(shape -> scores.put(shape.column(), shape.score()));
              assertEquals(
                  List.of("words", "characters", "paragraphs", "headings", "list_items"),
                  new ArrayList<>(scores.keySet()));
              // Every seed letter has 4 paragraphs, a heading and 2 items; no generated one does.
              assertEquals(0.0, scores.get("paragraphs"), 0.0);
              assertEquals(0.0, scores.get("headings"), 0.0);
              assertEquals(0.0, scores.get("list_items"), 0.0);
              assertEquals(40, evaluation.diversity().textsCompared());
              assertEquals(40, evaluation.documents().syntheticRecords());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
