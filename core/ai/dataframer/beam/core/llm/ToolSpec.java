package ai.dataframer.beam.core.llm;

import java.io.Serializable;

/**
 * A tool the model may call.
 *
 * @param name identifier the model uses to call it ({@code [a-zA-Z0-9_-]{1,64}})
 * @param description what it does, for the model
 * @param inputSchemaJson JSON Schema of its arguments object, as text
 */
public record ToolSpec(String name, String description, String inputSchemaJson)
    implements Serializable {
  public ToolSpec {
    if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "tool name must match [a-zA-Z0-9_-]{1,64}, but was '" + name + "'");
    }
    if (inputSchemaJson == null || inputSchemaJson.isBlank()) {
      throw new IllegalArgumentException("tool '" + name + "' needs an input schema");
    }
    if (description == null) {
      description = "";
    }
  }
}
