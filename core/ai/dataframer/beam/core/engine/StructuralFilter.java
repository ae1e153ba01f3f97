package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The record has the spec's shape: every field present and no other, each value of the field's Java
 * class, null only where the field is nullable or bound to {@link RecordField#NULL_VALUE}, decimals
 * at the field's scale, every value on its field's grain ({@link Granularity}: decimal places,
 * precision, timestamp unit), free text non-blank. The grain is checked here rather than trusted to
 * the drafter, so it holds for model-written records too.
 */
public final class StructuralFilter implements SampleFilter {
  private static final Map<FieldType, Class<?>> JAVA_CLASSES = new EnumMap<>(FieldType.class);

  static {
    JAVA_CLASSES.put(FieldType.BOOLEAN, Boolean.class);
    JAVA_CLASSES.put(FieldType.INT, Integer.class);
    JAVA_CLASSES.put(FieldType.LONG, Long.class);
    JAVA_CLASSES.put(FieldType.FLOAT, Float.class);
    JAVA_CLASSES.put(FieldType.DOUBLE, Double.class);
    JAVA_CLASSES.put(FieldType.DECIMAL, BigDecimal.class);
    JAVA_CLASSES.put(FieldType.STRING, String.class);
    JAVA_CLASSES.put(FieldType.DATE, LocalDate.class);
    JAVA_CLASSES.put(FieldType.TIMESTAMP, Instant.class);
  }

  private final Spec spec;
  private final Set<String> fieldNames;
  private final Granularity[] grains;

  public StructuralFilter(Spec spec) {
    this.spec = spec;
    this.fieldNames =
        spec.recordFields().stream().map(RecordField::name).collect(Collectors.toUnmodifiableSet());
    this.grains = spec.recordFields().stream().map(Granularity::of).toArray(Granularity[]::new);
  }

  @Override
  public List<String> check(SamplePlan plan, Map<String, Object> record) {
    List<String> reasons = new ArrayList<>();
    for (String name : record.keySet()) {
      if (!fieldNames.contains(name)) {
        reasons.add("field '" + name + "' is not in the spec's record_fields");
      }
    }
    List<RecordField> fields = spec.recordFields();
    for (int i = 0; i < fields.size(); i++) {
      checkField(fields.get(i), grains[i], plan, record, reasons);
    }
    return reasons;
  }

  private static void checkField(
      RecordField field,
      Granularity grain,
      SamplePlan plan,
      Map<String, Object> record,
      List<String> reasons) {
    if (!record.containsKey(field.name())) {
      reasons.add("field '" + field.name() + "' is missing");
      return;
    }
    Object value = record.get(field.name());
    if (value == null) {
      if (!mayBeNull(field, plan)) {
        reasons.add("field '" + field.name() + "' is null, but it is not nullable");
      }
      return;
    }
    Class<?> expected = JAVA_CLASSES.get(field.type());
    if (!expected.isInstance(value)) {
      reasons.add(
          "field '"
              + field.name()
              + "' holds a "
              + value.getClass().getSimpleName()
              + " ("
              + value
              + "), expected a "
              + field.type().yamlName()
              + " value ("
              + expected.getSimpleName()
              + ")");
      return;
    }
    if (value instanceof BigDecimal decimal
        && field.scale() != null
        && decimal.scale() != field.scale()) {
      reasons.add(
          "field '"
              + field.name()
              + "' has decimal scale "
              + decimal.scale()
              + " ("
              + decimal
              + "), expected scale "
              + field.scale());
    } else if (!grain.holds(value)) {
      reasons.add(
          value instanceof BigDecimal decimal
              ? "field '"
                  + field.name()
                  + "' value "
                  + decimal.toPlainString()
                  + " has more digits than its precision ("
                  + grain.describe()
                  + ")"
              : "field '"
                  + field.name()
                  + "' value "
                  + value
                  + " is finer than its grain ("
                  + grain.describe()
                  + ")");
    }
    if (field.text() != null && ((String) value).isBlank()) {
      reasons.add("field '" + field.name() + "' is free text but empty");
    }
  }

  private static boolean mayBeNull(RecordField field, SamplePlan plan) {
    if (field.isBound()) {
      return RecordField.NULL_VALUE.equals(plan.propertyValues().get(field.property()));
    }
    return field.nullablePercent() > 0;
  }
}
