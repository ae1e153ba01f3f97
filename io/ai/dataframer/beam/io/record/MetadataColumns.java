package ai.dataframer.beam.io.record;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The {@code _df_} columns every generated record carries (docs/ARCHITECTURE.md section 8),
 * appended after the seed's own columns.
 */
public final class MetadataColumns {
  private MetadataColumns() {}

  public static final String PREFIX = "_df_";
  public static final String SAMPLE_ID = "_df_sample_id";
  public static final String SAMPLE_INDEX = "_df_sample_index";

  /** Assigned property values as a JSON object, keys in plan order. */
  public static final String PROPERTIES = "_df_properties";

  public static final String SPEC_ID = "_df_spec_id";
  public static final String SPEC_VERSION = "_df_spec_version";
  public static final String GENERATION_MODEL = "_df_generation_model";
  public static final String REVISION_MODEL = "_df_revision_model";
  public static final String REVISION_CYCLES = "_df_revision_cycles";
  public static final String FILTER_ATTEMPTS = "_df_filter_attempts";
  public static final String INPUT_TOKENS = "_df_input_tokens";
  public static final String OUTPUT_TOKENS = "_df_output_tokens";
  public static final String COST_USD = "_df_cost_usd";

  public static final List<Schema.Field> FIELDS =
      List.of(
          Schema.Field.of(SAMPLE_ID, Schema.FieldType.STRING),
          Schema.Field.of(SAMPLE_INDEX, Schema.FieldType.INT64),
          Schema.Field.of(PROPERTIES, Schema.FieldType.STRING),
          Schema.Field.of(SPEC_ID, Schema.FieldType.STRING),
          Schema.Field.of(SPEC_VERSION, Schema.FieldType.INT32),
          Schema.Field.of(GENERATION_MODEL, Schema.FieldType.STRING),
          Schema.Field.nullable(REVISION_MODEL, Schema.FieldType.STRING),
          Schema.Field.of(REVISION_CYCLES, Schema.FieldType.INT32),
          Schema.Field.of(FILTER_ATTEMPTS, Schema.FieldType.INT32),
          Schema.Field.of(INPUT_TOKENS, Schema.FieldType.INT64),
          Schema.Field.of(OUTPUT_TOKENS, Schema.FieldType.INT64),
          Schema.Field.of(COST_USD, Schema.FieldType.DOUBLE));

  /** The output schema: the record columns followed by the metadata columns. */
  public static Schema outputSchema(Schema recordSchema) {
    Schema.Builder builder = Schema.builder();
    for (Schema.Field field : recordSchema.getFields()) {
      if (field.getName().startsWith(PREFIX)) {
        throw new IllegalArgumentException(
            "seed column '" + field.getName() + "' uses the reserved prefix " + PREFIX);
      }
      builder.addField(field);
    }
    FIELDS.forEach(builder::addField);
    return builder.build();
  }
}
