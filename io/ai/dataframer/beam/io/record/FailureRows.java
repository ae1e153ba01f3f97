package ai.dataframer.beam.io.record;

import ai.dataframer.beam.core.run.Failure;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** The one schema every failure output uses, so failures go to the same sinks as records. */
public final class FailureRows {
  private FailureRows() {}

  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField("stage")
          .addNullableStringField("source")
          .addNullableStringField("location")
          .addStringField("reason")
          .addNullableStringField("sample_id")
          .addInt32Field("attempts")
          .addNullableStringField("payload")
          .build();

  public static Row toRow(Failure failure) {
    return Row.withSchema(SCHEMA)
        .addValues(
            failure.stage(),
            failure.source(),
            failure.location(),
            failure.reason(),
            failure.sampleId(),
            failure.attempts(),
            failure.payload())
        .build();
  }

  public static Failure fromRow(Row row) {
    return new Failure(
        row.getString("stage"),
        row.getString("source"),
        row.getString("location"),
        row.getString("reason"),
        row.getString("sample_id"),
        row.getInt32("attempts"),
        row.getString("payload"));
  }
}
