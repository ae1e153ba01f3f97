package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.run.Failure;
import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.FailureRows;
import ai.dataframer.beam.io.record.RowRecords;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Schemas and failure rows shared by the seed formats. */
final class SeedSchemas {
  private SeedSchemas() {}

  static final String STAGE = "seed_read";

  /** A row schema of nullable columns with the Beam types of the given core types, in map order. */
  static Schema schema(Map<String, FieldType> types) {
    Schema.Builder builder = Schema.builder();
    types.forEach(
        (name, type) -> builder.addField(Schema.Field.of(name, RowRecords.beamType(type))));
    return builder.build();
  }

  /** Columns a schema declares non-nullable (only a given schema can have them). */
  static Set<String> required(Schema schema) {
    Set<String> required = new LinkedHashSet<>();
    for (Schema.Field field : schema.getFields()) {
      if (!field.getType().getNullable()) {
        required.add(field.getName());
      }
    }
    return required;
  }

  /**
   * Fails unless {@code actual} (the columns of {@code source}) are the expected ones, in any
   * order.
   */
  static void requireSameColumns(
      Collection<String> expected, String expectedFrom, Collection<String> actual, String source) {
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    Set<String> extra = new TreeSet<>(actual);
    extra.removeAll(expected);
    if (!extra.isEmpty()) {
      throw new SeedException(
          source
              + ": column '"
              + extra.iterator().next()
              + "' is not in "
              + expectedFrom
              + " (expected columns "
              + expected
              + ", found "
              + actual
              + ")");
    }
    if (!missing.isEmpty()) {
      throw new SeedException(
          source
              + ": column '"
              + missing.iterator().next()
              + "' of "
              + expectedFrom
              + " is missing (expected columns "
              + expected
              + ", found "
              + actual
              + ")");
    }
  }

  static Row failure(String source, String location, String reason, String payload) {
    return FailureRows.toRow(
        new Failure(STAGE, source, location, reason, null, 0, SeedFiles.truncatePayload(payload)));
  }
}
