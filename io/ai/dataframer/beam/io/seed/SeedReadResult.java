package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.io.record.FailureRows;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What reading a seed produces: the rows (with the seed's schema set) and the records that could
 * not become rows, as {@link FailureRows#SCHEMA} rows of stage {@code seed_read}.
 */
public final class SeedReadResult implements POutput {
  static final TupleTag<Row> ROWS = new TupleTag<Row>() {};
  static final TupleTag<Row> FAILURES = new TupleTag<Row>() {};

  private final Pipeline pipeline;
  private final PCollection<Row> rows;
  private final PCollection<Row> failures;

  private SeedReadResult(Pipeline pipeline, PCollection<Row> rows, PCollection<Row> failures) {
    this.pipeline = pipeline;
    this.rows = rows;
    this.failures = failures;
  }

  static SeedReadResult of(PCollectionTuple parsed, Schema rowSchema) {
    return new SeedReadResult(
        parsed.getPipeline(),
        parsed.get(ROWS).setRowSchema(rowSchema),
        parsed.get(FAILURES).setRowSchema(FailureRows.SCHEMA));
  }

  /** No seed rows and no failures: what a seedless run learns from. */
  public static SeedReadResult empty(Pipeline pipeline, Schema rowSchema) {
    PCollection<Row> rows = pipeline.apply("NoSeedRows", Create.empty(rowSchema));
    PCollection<Row> failures = pipeline.apply("NoSeedFailures", Create.empty(FailureRows.SCHEMA));
    return of(PCollectionTuple.of(ROWS, rows).and(FAILURES, failures), rowSchema);
  }

  /** Seed rows, one per valid record. */
  public PCollection<Row> getRows() {
    return rows;
  }

  /** One row per record that could not be read: source file, line or record, reason, payload. */
  public PCollection<Row> getFailures() {
    return failures;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(ROWS, rows, FAILURES, failures);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
