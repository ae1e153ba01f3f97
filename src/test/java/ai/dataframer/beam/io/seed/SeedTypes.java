package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.RowRecords;
import org.apache.beam.sdk.schemas.Schema;

/** How the seed corpus spells a column's type in its expectations. */
final class SeedTypes {
  private SeedTypes() {}

  /**
   * The core type's YAML name: long, double, decimal, string, date, timestamp, ...; a decimal with
   * a declared precision and scale is {@code decimal(25,2)}.
   */
  static String describe(Schema.Field field) {
    return Decimals.size(field.getType())
        .map(Decimals.Size::toString)
        .orElseGet(() -> RowRecords.coreType(field.getName(), field.getType()).yamlName());
  }
}
