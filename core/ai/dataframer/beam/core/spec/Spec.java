package ai.dataframer.beam.core.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A spec: what samples look like and how they vary. Immutable; {@code recordFields} is empty for
 * document specs (samples are free text).
 */
public record Spec(
    String description,
    String requirements,
    List<PropertyVariation> properties,
    List<RecordField> recordFields)
    implements Serializable {

  public Spec {
    properties = List.copyOf(properties);
    recordFields = recordFields == null ? List.of() : List.copyOf(recordFields);
  }

  public boolean isRecordSpec() {
    return !recordFields.isEmpty();
  }

  public Optional<PropertyVariation> property(String name) {
    return properties.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
