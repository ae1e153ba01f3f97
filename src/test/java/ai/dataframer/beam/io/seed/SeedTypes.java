package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.io.record.RowRecords;
import org.apache.beam.sdk.schemas.Schema;

/** How the seed corpus spells a column's type in its expectations. */
final class SeedTypes {
  private SeedTypes() {}

  /** The core type's YAML name: long, double, decimal, string, date, timestamp, ... */
  static String describe(Schema.Field field) {
    return RowRecords.coreType(field.getName(), field.getType()).yamlName();
  }
}
