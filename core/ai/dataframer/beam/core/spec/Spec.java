package ai.dataframer.beam.core.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A spec: what samples look like and how they vary. Immutable; {@code recordFields} and {@code
 * constraints} are empty for document specs (samples are free text).
 */
public record Spec(
    String description,
    String requirements,
    List<PropertyVariation> properties,
    List<RecordField> recordFields,
    List<Constraint> constraints)
    implements Serializable {

  public Spec {
    properties = List.copyOf(properties);
    recordFields = recordFields == null ? List.of() : List.copyOf(recordFields);
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
  }

  /** A spec without constraints. */
  public Spec(
      String description,
      String requirements,
      List<PropertyVariation> properties,
      List<RecordField> recordFields) {
    this(description, requirements, properties, recordFields, List.of());
  }

  public Spec withConstraints(List<Constraint> newConstraints) {
    return new Spec(description, requirements, properties, recordFields, newConstraints);
  }

  public Optional<RecordField> recordField(String name) {
    return recordFields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public boolean isRecordSpec() {
    return !recordFields.isEmpty();
  }

  public Optional<PropertyVariation> property(String name) {
    return properties.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
