package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.generate.SampleResult;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.run.OutcomeJson;
import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Turns what became of a plan into an output row: a sample with its {@code _df_} columns, or a
 * failure.
 */
final class SampleRows implements Serializable {
  /**
   * What the metadata columns say about where a sample came from.
   *
   * @param revisionModel the revision model when revisions or judge filters ran, else null
   */
  record Labels(String specId, int specVersion, String generationModel, String revisionModel)
      implements Serializable {}

  private final Labels labels;
  private final Schema recordSchema;
  private final Schema outputSchema;

  SampleRows(Labels labels, Schema recordSchema, Schema outputSchema) {
    this.labels = labels;
    this.recordSchema = recordSchema;
    this.outputSchema = outputSchema;
  }

  Row sample(SampleOutcome.Accepted accepted, SampleResult result) {
    SamplePlan plan = accepted.plan();
    Object[] values = new Object[outputSchema.getFieldCount()];
    Map<String, Object> record = accepted.record();
    for (int i = 0; i < recordSchema.getFieldCount(); i++) {
      values[i] = record.get(recordSchema.getField(i).getName());
    }
    Usage usage = result.totalUsage();
    set(values, MetadataColumns.SAMPLE_ID, plan.sampleId());
    set(values, MetadataColumns.SAMPLE_INDEX, plan.index());
    set(values, MetadataColumns.PROPERTIES, OutcomeJson.properties(plan));
    set(values, MetadataColumns.SPEC_ID, labels.specId());
    set(values, MetadataColumns.SPEC_VERSION, labels.specVersion());
    set(values, MetadataColumns.GENERATION_MODEL, labels.generationModel());
    set(values, MetadataColumns.REVISION_MODEL, labels.revisionModel());
    set(values, MetadataColumns.REVISION_CYCLES, result.revisionCycles());
    set(values, MetadataColumns.FILTER_ATTEMPTS, accepted.attempts());
    set(values, MetadataColumns.INPUT_TOKENS, usage.totalInputTokens());
    set(values, MetadataColumns.OUTPUT_TOKENS, usage.outputTokens());
    set(values, MetadataColumns.COST_USD, result.costUsd());
    return RowRecords.toRow(Arrays.asList(values), outputSchema);
  }

  static Row failure(SampleOutcome.Rejected rejected) {
    return FailureRows.toRow(OutcomeJson.failure(rejected));
  }

  /** An accepted sample with a value its output column cannot hold. */
  static Row tooWide(SampleOutcome.Accepted accepted, Decimals.OverflowException error) {
    return failure(
        new SampleOutcome.Rejected(
            accepted.plan(),
            "output",
            List.of(error.getMessage()),
            accepted.attempts(),
            accepted.record()));
  }

  /** A generator that failed outright (a bug, not a sample's failure): still one failure row. */
  static Row internalFailure(SamplePlan plan, Throwable error) {
    String reason = error.getMessage() == null ? error.toString() : error.getMessage();
    return failure(
        new SampleOutcome.Rejected(
            plan, "internal", List.of("the generator failed: " + reason), 0, null));
  }

  private void set(Object[] values, String column, Object value) {
    values[outputSchema.indexOf(column)] = value;
  }
}
