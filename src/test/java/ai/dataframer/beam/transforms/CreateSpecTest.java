package ai.dataframer.beam.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.profile.ConstraintSeeds;
import ai.dataframer.beam.core.profile.InferenceSettings;
import ai.dataframer.beam.core.profile.SpecInference;
import ai.dataframer.beam.core.profile.SpecRules;
import ai.dataframer.beam.core.profile.TicketSeeds;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.RowRecords;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;

public class CreateSpecTest {
  private static final Schema SCHEMA = schemaOf(TicketSeeds.columns());
  private static final List<Map<String, Object>> RECORDS = TicketSeeds.records(400, 3L);

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void learnsTheSameSpecAsTheInMemoryInference() {
    Spec expected =
        SpecInference.fromRecords(TicketSeeds.columns(), RECORDS, InferenceSettings.defaults());

    PCollection<Spec> spec = seedRows().apply(DataFramer.createSpec());

    PAssert.thatSingleton(spec)
        .satisfies(
            actual -> {
              SpecRules.assertValid(actual);
              assertEquals(expected, actual);
              assertEquals(
                  "product", actual.property("priority").orElseThrow().conditional().parent());
              assertEquals("price_band", actual.recordFields().get(3).property());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void learnsTheSeedsConstraintsThroughTheCombine() {
    Schema schema = schemaOf(ConstraintSeeds.columns());
    List<Map<String, Object>> records = ConstraintSeeds.records(1000, 5L);
    Spec expected =
        SpecInference.fromRecords(ConstraintSeeds.columns(), records, InferenceSettings.defaults());
    List<Row> rows =
        records.stream().map(r -> RowRecords.toRow(r, schema)).collect(Collectors.toList());

    PCollection<Spec> spec =
        pipeline.apply(Create.of(rows).withRowSchema(schema)).apply(DataFramer.createSpec());

    PAssert.thatSingleton(spec)
        .satisfies(
            actual -> {
              assertThat(
                  actual.constraints(),
                  hasItem(
                      new Constraint.Sum("total", List.of("subtotal", "tax", "shipping"), 0.01)));
              assertEquals(expected.constraints(), actual.constraints());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void passesTheOptionsToTheInference() {
    PCollection<Spec> spec =
        seedRows()
            .apply(
                DataFramer.createSpec()
                    .withGenerateDistributions(false)
                    .withExtrapolateValues(false)
                    .withDescription("Support tickets")
                    .withObjectives("Favour urgent tickets"));

    PAssert.thatSingleton(spec)
        .satisfies(
            actual -> {
              SpecRules.assertValid(actual);
              assertEquals("Support tickets", actual.description());
              assertThat(
                  actual.requirements(), containsString("Objectives: Favour urgent tickets"));
              actual.properties().forEach(p -> assertNull(p.name(), p.conditional()));
              assertEquals(
                  Map.of("low", 50.0, "high", 50.0),
                  actual.property("priority").orElseThrow().baseDistribution());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void anEmptySeedFailsThePipeline() {
    pipeline
        .apply(Create.empty(RowCoder.of(SCHEMA)))
        .setRowSchema(SCHEMA)
        .apply(DataFramer.createSpec());

    Pipeline.PipelineExecutionException e =
        assertThrows(
            Pipeline.PipelineExecutionException.class, () -> pipeline.run().waitUntilFinish());
    assertThat(e.getCause().getMessage(), containsString("the seed has no rows"));
  }

  @Test
  public void refusesMetadataColumns() {
    Schema schema =
        Schema.builder().addNullableField("_df_sample_id", Schema.FieldType.STRING).build();
    PCollection<Row> rows = pipeline.apply(Create.empty(RowCoder.of(schema))).setRowSchema(schema);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rows.apply(DataFramer.createSpec()));
    assertThat(e.getMessage(), containsString("seed column '_df_sample_id' starts with _df_"));
    pipeline.enableAbandonedNodeEnforcement(false);
  }

  @Test
  public void refusesABlankDescription() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DataFramer.createSpec().withDescription(" "));
    assertThat(e.getMessage(), containsString("description must be non-blank, but was ' '"));
  }

  private PCollection<Row> seedRows() {
    List<Row> rows =
        RECORDS.stream().map(r -> RowRecords.toRow(r, SCHEMA)).collect(Collectors.toList());
    return pipeline.apply(Create.of(rows).withRowSchema(SCHEMA));
  }

  private static Schema schemaOf(Map<String, FieldType> columns) {
    Schema.Builder schema = Schema.builder();
    columns.forEach((name, type) -> schema.addField(name, RowRecords.beamType(type)));
    return schema.build();
  }
}
