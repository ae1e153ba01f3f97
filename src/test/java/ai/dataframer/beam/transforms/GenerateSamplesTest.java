package ai.dataframer.beam.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.generate.GenerationSettings;
import ai.dataframer.beam.core.generate.StageModel;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.Seeds;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.record.RecordFingerprint;
import ai.dataframer.beam.core.run.Failure;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;

public class GenerateSamplesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Schema RECORD_SCHEMA =
      Schema.builder()
          .addNullableField("kind", RowRecords.beamType(FieldType.STRING))
          .addNullableField("size", RowRecords.beamType(FieldType.INT))
          .addNullableField("code", RowRecords.beamType(FieldType.STRING))
          .build();

  private static final Spec SPEC =
      new Spec(
          "parts",
          "one part per record",
          List.of(
              new PropertyVariation("kind", List.of("bolt", "nut"), Map.of(), null),
              new PropertyVariation("size_band", List.of("1..5", "5..10"), Map.of(), null)),
          List.of(
              new RecordField("kind", FieldType.STRING, "kind", 0, List.of(), null, null),
              new RecordField(
                  "size", FieldType.INT, "size_band", 0, List.of(1.0, 4.0, 10.0), null, null),
              new RecordField("code", FieldType.STRING, null, 0, List.of(), null, null)));

  private static List<Row> seedRows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      rows.add(
          Row.withSchema(RECORD_SCHEMA)
              .addValues(i % 2 == 0 ? "bolt" : "nut", 1 + i % 9, String.format("P-%03d", i * 7))
              .build());
    }
    return rows;
  }

  private static SamplePlan plan(long index, String kind, String sizeBand) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("kind", kind);
    values.put("size_band", sizeBand);
    return new SamplePlan(
        "run-7", index, "run-7-" + index, values, List.of(), Seeds.derive(99, index, "sample"));
  }

  private PCollectionView<Spec> specView() {
    return pipeline
        .apply("Spec", Create.of(SPEC).withCoder(SerializableCoder.of(Spec.class)))
        .apply("SpecView", View.asSingleton());
  }

  private GenerateSamples configured(PCollection<Row> seeds) {
    return DataFramer.generateSamples()
        .withSpec(specView())
        .withSeedExamples(seeds.apply("Examples", View.asList()))
        .withSeedFingerprints(seeds.apply("Fingerprints", DataFramer.seedFingerprints()))
        .withRecordSchema(RECORD_SCHEMA)
        .withSpecId("spec-1")
        .withSpecVersion(2);
  }

  @Test
  public void plansBecomeSamplesWithMetadataOrFailuresWithReasons() {
    PCollection<Row> seeds =
        pipeline.apply("Seeds", Create.of(seedRows()).withRowSchema(RECORD_SCHEMA));
    List<SamplePlan> plans =
        List.of(
            plan(0, "bolt", "1..5"),
            plan(1, "nut", "5..10"),
            plan(2, "bolt", "5..10"),
            plan(3, "nut", "x..y"));
    GenerationResult result =
        pipeline
            .apply("Plans", Create.of(plans).withCoder(SerializableCoder.of(SamplePlan.class)))
            .apply(configured(seeds));

    assertEquals(MetadataColumns.outputSchema(RECORD_SCHEMA), result.getSamples().getSchema());
    assertEquals(FailureRows.SCHEMA, result.getFailures().getSchema());
    Set<Long> seedPrints = new HashSet<>();
    seedRows().forEach(r -> seedPrints.add(RecordFingerprint.of(RowRecords.toRecord(r))));
    PAssert.that(result.getSamples())
        .satisfies(
            rows -> {
              Set<String> ids = new HashSet<>();
              for (Row row : rows) {
                long index = row.getInt64(MetadataColumns.SAMPLE_INDEX);
                SamplePlan plan = plans.get((int) index);
                ids.add(row.getString(MetadataColumns.SAMPLE_ID));
                assertEquals(plan.propertyValues().get("kind"), row.getString("kind"));
                int size = row.getInt32("size");
                assertTrue(
                    "size " + size,
                    plan.propertyValues().get("size_band").equals("1..5")
                        ? size >= 1 && size < 5
                        : size >= 5 && size <= 10);
                assertTrue(row.getString("code"), row.getString("code").matches("P-\\d{3}"));
                assertEquals(
                    "{\"kind\":\""
                        + row.getString("kind")
                        + "\",\"size_band\":\""
                        + plan.propertyValues().get("size_band")
                        + "\"}",
                    row.getString(MetadataColumns.PROPERTIES));
                assertEquals("spec-1", row.getString(MetadataColumns.SPEC_ID));
                assertEquals(2, (int) row.getInt32(MetadataColumns.SPEC_VERSION));
                assertEquals("embedded", row.getString(MetadataColumns.GENERATION_MODEL));
                assertNull(row.getString(MetadataColumns.REVISION_MODEL));
                assertEquals(0, (int) row.getInt32(MetadataColumns.REVISION_CYCLES));
                assertEquals(1, (int) row.getInt32(MetadataColumns.FILTER_ATTEMPTS));
                assertEquals(0L, (long) row.getInt64(MetadataColumns.INPUT_TOKENS));
                assertEquals(0L, (long) row.getInt64(MetadataColumns.OUTPUT_TOKENS));
                assertEquals(0.0, row.getDouble(MetadataColumns.COST_USD), 0);
                Map<String, Object> record = RowRecords.toRecord(row);
                record.keySet().removeIf(name -> name.startsWith(MetadataColumns.PREFIX));
                assertTrue("not a seed copy", !seedPrints.contains(RecordFingerprint.of(record)));
              }
              assertEquals(Set.of("run-7-0", "run-7-1", "run-7-2"), ids);
              return null;
            });
    PAssert.that(result.getFailures())
        .containsInAnyOrder(
            FailureRows.toRow(
                new Failure(
                    "generate",
                    "run-7",
                    "sample 3",
                    "property 'size_band' value 'x..y' for field 'size': 'x' is not a valid int value",
                    "run-7-3",
                    1,
                    "{\"plan\":{\"run_id\":\"run-7\",\"index\":3,\"sample_id\":\"run-7-3\","
                        + "\"property_values\":{\"kind\":\"nut\",\"size_band\":\"x..y\"},"
                        + "\"example_indices\":[],\"seed\":"
                        + Seeds.derive(99, 3, "sample")
                        + "},"
                        + "\"last_candidate\":null}")));
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void seedFingerprintsHoldEveryDistinctSeedRow() {
    List<Row> rows = new ArrayList<>(seedRows());
    rows.add(rows.get(0));
    PCollectionView<FingerprintSet> view =
        pipeline
            .apply("Seeds", Create.of(rows).withRowSchema(RECORD_SCHEMA))
            .apply(DataFramer.seedFingerprints());
    long member = RecordFingerprint.of(RowRecords.toRecord(rows.get(3)));
    PCollection<String> described =
        pipeline
            .apply("One", Create.of(1))
            .apply(ParDo.of(new DescribeSet(view, member)).withSideInputs(view));
    PAssert.that(described).containsInAnyOrder("12 true false");
    pipeline.run().waitUntilFinish();
  }

  /** Size of the set and whether it holds a member and a non-member. */
  private static final class DescribeSet extends DoFn<Integer, String> {
    private final PCollectionView<FingerprintSet> view;
    private final long member;

    DescribeSet(PCollectionView<FingerprintSet> view, long member) {
      this.view = view;
      this.member = member;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      FingerprintSet set = c.sideInput(view);
      c.output(set.size() + " " + set.test(member) + " " + set.test(member + 1));
    }
  }

  /** Runners serialize the transform: what it was configured with must come back whole. */
  @Test
  public void aSerializedTransformKeepsItsConfiguration() {
    GenerateSamples restored =
        SerializableUtils.clone(
            DataFramer.generateSamples()
                .withRecordSchema(RECORD_SCHEMA)
                .withSpecId("spec-9")
                .withSpecVersion(4)
                .withMaxInFlight(3));
    PCollection<Row> seeds =
        pipeline.apply("Seeds", Create.of(seedRows()).withRowSchema(RECORD_SCHEMA));
    GenerationResult result =
        pipeline
            .apply(
                "Plans",
                Create.of(plan(0, "bolt", "1..5"))
                    .withCoder(SerializableCoder.of(SamplePlan.class)))
            .apply(restored.withSpec(specView()).withSeedExamples(seeds.apply(View.asList())));

    assertEquals(MetadataColumns.outputSchema(RECORD_SCHEMA), result.getSamples().getSchema());
    PAssert.that(result.getSamples())
        .satisfies(
            rows -> {
              int count = 0;
              for (Row row : rows) {
                count++;
                assertEquals("spec-9", row.getString(MetadataColumns.SPEC_ID));
                assertEquals(4, (int) row.getInt32(MetadataColumns.SPEC_VERSION));
                assertEquals("bolt", row.getString("kind"));
              }
              assertEquals(1, count);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void expandNamesTheMissingSetting() {
    pipeline.enableAbandonedNodeEnforcement(false);
    PCollection<SamplePlan> plans =
        pipeline.apply(
            Create.of(plan(0, "bolt", "1..5")).withCoder(SerializableCoder.of(SamplePlan.class)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> plans.apply(DataFramer.generateSamples().withRecordSchema(RECORD_SCHEMA)));
    assertEquals("withSpec() is required", e.getMessage());
  }

  @Test
  public void aProviderModelNeedsModelClients() {
    pipeline.enableAbandonedNodeEnforcement(false);
    PCollectionView<Spec> spec = specView();
    PCollection<SamplePlan> plans =
        pipeline.apply(
            Create.of(plan(0, "bolt", "1..5")).withCoder(SerializableCoder.of(SamplePlan.class)));
    GenerationSettings llm =
        GenerationSettings.draftOnly(new StageModel("anthropic/claude-sonnet-4-6", 1024), 3);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                plans.apply(
                    DataFramer.generateSamples()
                        .withSpec(spec)
                        .withRecordSchema(RECORD_SCHEMA)
                        .withSpecId("s")
                        .withSpecVersion(1)
                        .withGenerationSettings(llm)));
    assertEquals(
        "withModelClients() is required: generation model anthropic/claude-sonnet-4-6"
            + " calls a provider",
        e.getMessage());
  }

  @Test
  public void withMethodsValidateTheirValue() {
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> DataFramer.generateSamples().withMaxAttempts(0))
            .getMessage(),
        containsString("maxAttempts must be >= 1, but was 0"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> DataFramer.generateSamples().withSpecVersion(0))
            .getMessage(),
        containsString("specVersion must be >= 1, but was 0"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    DataFramer.generateSamples()
                        .withRecordSchema(Schema.builder().addStringField("_df_x").build()))
            .getMessage(),
        containsString("reserved prefix"));
  }
}
