package ai.dataframer.beam.core.llm;

import java.io.Serializable;

/**
 * Asks for the answer as one JSON value, optionally constrained by a schema (structured outputs
 * where the provider has them). The caller still parses and validates the answer: a schema is a
 * request, not a guarantee, on every provider.
 *
 * @param schemaName a name for the schema ({@code [a-zA-Z0-9_-]{1,64}}), required with a schema
 * @param schemaJson JSON Schema of the answer as text, or null for any JSON object
 */
public record JsonOutput(String schemaName, String schemaJson) implements Serializable {
  public JsonOutput {
    if (schemaJson != null && (schemaName == null || !schemaName.matches("[a-zA-Z0-9_-]{1,64}"))) {
      throw new IllegalArgumentException(
          "a JSON schema needs a name matching [a-zA-Z0-9_-]{1,64}, but was '" + schemaName + "'");
    }
  }

  /** Any JSON object. */
  public static JsonOutput anyObject() {
    return new JsonOutput(null, null);
  }

  public static JsonOutput withSchema(String name, String schemaJson) {
    return new JsonOutput(name, schemaJson);
  }

  public boolean hasSchema() {
    return schemaJson != null;
  }
}
