package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.RowRecords;
import ai.dataframer.beam.io.seed.SeedIO;
import ai.dataframer.beam.io.seed.SeedReadResult;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The seed of a job, whatever its kind: records (CSV, Parquet, JSONL), a folder of documents, or
 * none (a seedless spec). Knows the schema of the samples the run writes: the seed's columns for
 * records, one {@code text} column for documents and seedless specs.
 */
final class SeedSource {
  /** What document and seedless runs write: the sample's text. */
  static final Schema DOCUMENT_SAMPLE_SCHEMA =
      Schema.builder().addNullableField("text", RowRecords.beamType(FieldType.STRING)).build();

  private final String dataset;

  private SeedSource(String dataset) {
    this.dataset = dataset;
  }

  /**
   * @param dataset a seed path or glob, or null for none
   */
  static SeedSource of(String dataset) {
    return new SeedSource(dataset);
  }

  boolean isSeedless() {
    return dataset == null;
  }

  boolean isDocuments() {
    return dataset != null && SeedIO.isDocuments(dataset);
  }

  /** The columns of the samples; checks a record seed is readable on the way (before any job). */
  Schema sampleSchema() {
    return isSeedless() || isDocuments() ? DOCUMENT_SAMPLE_SCHEMA : SeedIO.inspect(dataset);
  }

  SeedReadResult read(Pipeline pipeline) {
    return isSeedless()
        ? SeedReadResult.empty(pipeline, DOCUMENT_SAMPLE_SCHEMA)
        : pipeline.apply("ReadSeed", SeedIO.readAny(dataset));
  }
}
