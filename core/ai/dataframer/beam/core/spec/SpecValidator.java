package ai.dataframer.beam.core.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of docs/ARCHITECTURE.md section 4. {@link #validate} checks everything and reports all
 * problems at once; a valid spec comes back normalized: distributions ordered like the values and
 * summing to 100 (empty ones become uniform), and DATE / TIMESTAMP quantiles on whole days /
 * milliseconds.
 */
public final class SpecValidator {
  /** How far a distribution's sum may stray from 100 before it is an error rather than rounding. */
  static final double SUM_TOLERANCE = 0.5;

  private SpecValidator() {}

  /**
   * @return the normalized spec
   * @throws SpecValidationException listing every problem, each naming the property or field and
   *     key
   */
  public static Spec validate(Spec spec) {
    return validate(spec, "spec");
  }

  /**
   * As {@link #validate(Spec)}, naming {@code subject} (e.g. the file) in the exception message.
   */
  public static Spec validate(Spec spec, String subject) {
    List<String> problems = new ArrayList<>();
    List<PropertyVariation> properties = validateProperties(spec.properties(), problems);
    findCycles(spec.properties(), problems);
    List<RecordField> fields = new ArrayList<>();
    Set<String> fieldNames = new HashSet<>();
    for (int i = 0; i < spec.recordFields().size(); i++) {
      fields.add(validateField(spec.recordFields().get(i), i, spec, fieldNames, problems));
    }
    ConstraintRules.check(spec.constraints(), spec.recordFields(), problems);
    if (!problems.isEmpty()) {
      throw new SpecValidationException(subject, problems);
    }
    return new Spec(
        spec.description(), spec.requirements(), properties, fields, spec.constraints());
  }

  private static List<PropertyVariation> validateProperties(
      List<PropertyVariation> properties, List<String> problems) {
    Map<String, PropertyVariation> byName = new HashMap<>();
    Set<String> reportedDuplicates = new HashSet<>();
    for (int i = 0; i < properties.size(); i++) {
      String name = properties.get(i).name();
      if (name == null || name.isBlank()) {
        problems.add("property #" + (i + 1) + ": property_name is empty");
      } else if (byName.putIfAbsent(name, properties.get(i)) != null
          && reportedDuplicates.add(name)) {
        problems.add("property '" + name + "': property_name is used by more than one property");
      }
    }
    List<PropertyVariation> normalized = new ArrayList<>();
    for (int i = 0; i < properties.size(); i++) {
      normalized.add(validateProperty(properties.get(i), i, byName, problems));
    }
    return normalized;
  }

  private static PropertyVariation validateProperty(
      PropertyVariation property,
      int index,
      Map<String, PropertyVariation> byName,
      List<String> problems) {
    String label = label(property.name(), "property", index);
    List<String> values = property.values() == null ? List.of() : property.values();
    checkValues(label, values, problems);
    Map<String, Double> base =
        normalizeDistribution(
            label + ": base_distributions", values, property.baseDistribution(), problems);
    ConditionalDistribution conditional = property.conditional();
    if (conditional != null) {
      conditional =
          validateConditional(label, property.name(), values, conditional, byName, problems);
    }
    return new PropertyVariation(
        property.name(),
        Collections.unmodifiableList(new ArrayList<>(values)),
        Collections.unmodifiableMap(base),
        conditional);
  }

  private static void checkValues(String label, List<String> values, List<String> problems) {
    if (values.isEmpty()) {
      problems.add(label + ": property_values is empty");
    }
    Set<String> seen = new HashSet<>();
    Set<String> reported = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (value == null || value.isEmpty()) {
        problems.add(label + ": property_values has an empty value at position " + (i + 1));
      } else if (!seen.add(value) && reported.add(value)) {
        problems.add(label + ": value '" + value + "' is listed more than once in property_values");
      }
    }
  }

  private static ConditionalDistribution validateConditional(
      String label,
      String child,
      List<String> values,
      ConditionalDistribution conditional,
      Map<String, PropertyVariation> byName,
      List<String> problems) {
    String parent = conditional.parent();
    String where = label + ": conditional_distributions";
    if (parent == null || parent.isBlank()) {
      problems.add(where + " has no parent property");
      return conditional;
    }
    if (parent.equals(child)) {
      problems.add(where + " names the property itself as parent '" + parent + "'");
      return conditional;
    }
    PropertyVariation parentProperty = byName.get(parent);
    if (parentProperty == null) {
      problems.add(where + " names parent '" + parent + "', which is not a property of the spec");
      return conditional;
    }
    List<String> parentValues =
        parentProperty.values() == null ? List.of() : parentProperty.values();
    for (String key : conditional.byParentValue().keySet()) {
      if (!parentValues.contains(key)) {
        problems.add(
            where
                + "."
                + parent
                + " names '"
                + key
                + "', which is not a value of parent '"
                + parent
                + "'");
      }
    }
    Map<String, Map<String, Double>> normalized = new LinkedHashMap<>();
    for (String parentValue : new LinkedHashSet<>(parentValues)) {
      Map<String, Double> inner = conditional.byParentValue().get(parentValue);
      if (inner == null) {
        problems.add(
            where + "." + parent + " has no distribution for parent value '" + parentValue + "'");
        continue;
      }
      normalized.put(
          parentValue,
          normalizeDistribution(where + "." + parent + "." + parentValue, values, inner, problems));
    }
    return new ConditionalDistribution(parent, normalized);
  }

  /**
   * Checks that {@code distribution} covers exactly {@code values} with percentages >= 0 summing to
   * 100 (within {@link #SUM_TOLERANCE}); returns it ordered like the values and scaled to sum to
   * 100.
   */
  static Map<String, Double> normalizeDistribution(
      String where, List<String> values, Map<String, Double> distribution, List<String> problems) {
    if (distribution == null || distribution.isEmpty()) {
      return uniform(values);
    }
    int before = problems.size();
    for (String key : distribution.keySet()) {
      if (!values.contains(key)) {
        problems.add(where + " names '" + key + "', which is not one of the property_values");
      }
    }
    double sum = 0;
    for (String value : new LinkedHashSet<>(values)) {
      Double percent = distribution.get(value);
      if (percent == null) {
        problems.add(where + " has no percentage for value '" + value + "'");
      } else if (!Double.isFinite(percent) || percent < 0) {
        problems.add(where + ": '" + value + "' is " + percent + ", expected a percentage >= 0");
      } else {
        sum += percent;
      }
    }
    if (problems.size() > before) {
      return distribution;
    }
    if (Math.abs(sum - 100) > SUM_TOLERANCE) {
      problems.add(where + " sums to " + sum + ", expected 100 (within " + SUM_TOLERANCE + ")");
      return distribution;
    }
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (String value : values) {
      ordered.putIfAbsent(value, distribution.get(value));
    }
    return scaleTo100(ordered);
  }

  private static Map<String, Double> uniform(List<String> values) {
    Map<String, Double> uniform = new LinkedHashMap<>();
    for (String value : values) {
      if (value != null && !value.isEmpty()) {
        uniform.put(value, 100.0 / values.size());
      }
    }
    return uniform.isEmpty() ? uniform : scaleTo100(uniform);
  }

  /**
   * Scales to a sum of exactly 100.0 (summed in value order), so that validating a validated spec
   * is a no-op and a YAML round trip gives back equal doubles. Rounding residue goes to the largest
   * share, where it matters least.
   */
  private static Map<String, Double> scaleTo100(Map<String, Double> distribution) {
    double sum = sum(distribution);
    if (sum == 100.0 || sum == 0) {
      return distribution;
    }
    Map<String, Double> scaled = new LinkedHashMap<>();
    distribution.forEach((value, percent) -> scaled.put(value, percent * 100.0 / sum));
    String largest = null;
    for (Map.Entry<String, Double> entry : scaled.entrySet()) {
      if (largest == null || entry.getValue() > scaled.get(largest)) {
        largest = entry.getKey();
      }
    }
    for (int round = 0; round < 4 && sum(scaled) != 100.0; round++) {
      scaled.put(largest, scaled.get(largest) + (100.0 - sum(scaled)));
    }
    return scaled;
  }

  private static double sum(Map<String, Double> distribution) {
    double sum = 0;
    for (double percent : distribution.values()) {
      sum += percent;
    }
    return sum;
  }

  /**
   * Each property has at most one parent, so following parents from each property finds every
   * cycle.
   */
  private static void findCycles(List<PropertyVariation> properties, List<String> problems) {
    Map<String, String> parentOf = new HashMap<>();
    for (PropertyVariation property : properties) {
      if (property.name() != null
          && property.conditional() != null
          && property.conditional().parent() != null) {
        parentOf.putIfAbsent(property.name(), property.conditional().parent());
      }
    }
    Set<String> inReportedCycle = new HashSet<>();
    for (PropertyVariation property : properties) {
      List<String> path = new ArrayList<>();
      String current = property.name();
      while (current != null && !path.contains(current) && !inReportedCycle.contains(current)) {
        path.add(current);
        current = parentOf.get(current);
      }
      // Self-parenting is reported where the conditional is checked; here only longer cycles.
      if (current != null && path.contains(current) && !inReportedCycle.contains(current)) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        inReportedCycle.addAll(cycle);
        if (cycle.size() > 1) {
          cycle.add(current);
          problems.add(
              "properties '"
                  + String.join("' -> '", cycle)
                  + "' form a cycle of conditional_distributions parents (each arrow points to the parent)");
        }
      }
    }
  }

  private static RecordField validateField(
      RecordField field, int index, Spec spec, Set<String> names, List<String> problems) {
    String label = label(field.name(), "record field", index);
    if (field.name() == null || field.name().isBlank()) {
      problems.add(label + ": name is empty");
    } else if (!names.add(field.name())) {
      problems.add(label + ": name is used by more than one record field");
    }
    FieldType type = field.type();
    if (type == null) {
      problems.add(label + ": type is missing");
      return field;
    }
    if (Double.isNaN(field.nullablePercent())
        || field.nullablePercent() < 0
        || field.nullablePercent() > 100) {
      problems.add(
          label + ": nullable_percent must be in 0..100, but was " + field.nullablePercent());
    }
    List<Double> quantiles = checkQuantiles(label, type, field.quantiles(), problems);
    if (field.scale() != null && type != FieldType.DECIMAL) {
      problems.add(label + ": scale applies only to decimal fields, not " + type.yamlName());
    } else if (field.scale() != null && field.scale() < 0) {
      problems.add(label + ": scale must be >= 0, but was " + field.scale());
    }
    checkText(label, type, field.text(), problems);
    checkGranularity(label, field, problems);
    checkKey(label, field, problems);
    if (field.property() != null) {
      checkBinding(label, field, spec, problems);
    }
    return new RecordField(
        field.name(),
        type,
        field.property(),
        field.nullablePercent(),
        quantiles,
        field.text(),
        field.scale(),
        field.precision(),
        field.decimals(),
        field.unit(),
        field.key());
  }

  /** Largest precision of a decimal, as in BigQuery's BIGNUMERIC and Parquet's DECIMAL. */
  static final int MAX_DECIMAL_PRECISION = 76;

  /** More decimal places than a double carries digits would round nothing. */
  static final int MAX_DECIMALS = 17;

  private static void checkGranularity(String label, RecordField field, List<String> problems) {
    FieldType type = field.type();
    if (field.precision() != null) {
      if (type != FieldType.DECIMAL) {
        problems.add(label + ": precision applies only to decimal fields, not " + type.yamlName());
      } else if (field.precision() < 1 || field.precision() > MAX_DECIMAL_PRECISION) {
        problems.add(
            label
                + ": precision must be in 1.."
                + MAX_DECIMAL_PRECISION
                + ", but was "
                + field.precision());
      } else if (field.scale() != null && field.scale() > field.precision()) {
        problems.add(
            label
                + ": scale "
                + field.scale()
                + " is larger than precision "
                + field.precision()
                + "; a decimal's precision counts its scale digits too");
      }
    }
    if (field.decimals() != null) {
      if (type != FieldType.FLOAT && type != FieldType.DOUBLE) {
        problems.add(
            label + ": decimals applies only to float and double fields, not " + type.yamlName());
      } else if (field.decimals() < 0 || field.decimals() > MAX_DECIMALS) {
        problems.add(
            label + ": decimals must be in 0.." + MAX_DECIMALS + ", but was " + field.decimals());
      }
    }
    if (field.unit() != null && type != FieldType.TIMESTAMP) {
      problems.add(label + ": unit applies only to timestamp fields, not " + type.yamlName());
    }
  }

  private static void checkKey(String label, RecordField field, List<String> problems) {
    FieldKey key = field.key();
    if (key == null) {
      return;
    }
    FieldType type = field.type();
    if (type != FieldType.STRING && type != FieldType.INT && type != FieldType.LONG) {
      problems.add(
          label + ": key applies only to string, int and long fields, not " + type.yamlName());
      return;
    }
    if (field.isBound()) {
      problems.add(
          label
              + ": a key field cannot be bound to property '"
              + field.property()
              + "': its values are unique, a property's repeat");
    }
    KeyFormat format;
    try {
      format = KeyFormat.parse(key.format());
    } catch (IllegalArgumentException e) {
      problems.add(label + ": key.format: " + e.getMessage());
      return;
    }
    if (type != FieldType.STRING && !format.isNumeric()) {
      problems.add(
          label
              + ": key.format '"
              + key.format()
              + "' makes values that are not whole numbers, but the field is "
              + type.yamlName());
    }
    String problem = format.generationProblem(type, key.start());
    if (problem != null) {
      problems.add(label + ": key.format '" + key.format() + "' " + problem);
    }
    if (format.hasSequence() && key.start() == null) {
      problems.add(label + ": key.format has {seq}, so key.start (its first value) is needed");
    } else if (!format.hasSequence() && key.start() != null) {
      problems.add(label + ": key.start is given, but key.format has no {seq} to start");
    } else if (key.start() != null && key.start() < 0) {
      problems.add(label + ": key.start must be >= 0, but was " + key.start());
    }
  }

  private static List<Double> checkQuantiles(
      String label, FieldType type, List<Double> quantiles, List<String> problems) {
    if (quantiles.isEmpty()) {
      return quantiles;
    }
    if (!type.isOrdered()) {
      problems.add(label + ": quantiles apply only to ordered types, not " + type.yamlName());
      return quantiles;
    }
    List<Double> normalized = new ArrayList<>();
    for (int i = 0; i < quantiles.size(); i++) {
      Double q = quantiles.get(i);
      if (q == null || !Double.isFinite(q)) {
        problems.add(label + ": quantiles[" + i + "] is " + q + ", expected a finite number");
        return quantiles;
      }
      if (i > 0 && q < quantiles.get(i - 1)) {
        problems.add(
            label
                + ": quantiles must be non-decreasing, but quantiles["
                + i
                + "] = "
                + q
                + " follows "
                + quantiles.get(i - 1));
        return quantiles;
      }
      // Dates and timestamps are written as ISO text, which has no fractions of a day or
      // millisecond.
      boolean temporal = type == FieldType.DATE || type == FieldType.TIMESTAMP;
      normalized.add(temporal ? (double) Math.round(q) : q);
    }
    return normalized;
  }

  private static void checkText(
      String label, FieldType type, TextProfile text, List<String> problems) {
    if (text == null) {
      return;
    }
    if (type != FieldType.STRING) {
      problems.add(label + ": text applies only to string fields, not " + type.yamlName());
    } else if (text.minWords() < 0
        || text.minWords() > text.medianWords()
        || text.medianWords() > text.maxWords()) {
      problems.add(
          label
              + ": text needs 0 <= min_words <= median_words <= max_words, but was "
              + text.minWords()
              + ", "
              + text.medianWords()
              + ", "
              + text.maxWords());
    }
  }

  private static void checkBinding(
      String label, RecordField field, Spec spec, List<String> problems) {
    PropertyVariation property = spec.property(field.property()).orElse(null);
    if (property == null) {
      problems.add(label + ": property '" + field.property() + "' is not a property of the spec");
      return;
    }
    if (field.type() == FieldType.STRING || property.values() == null) {
      return;
    }
    for (String value : new LinkedHashSet<>(property.values())) {
      if (value == null || value.isEmpty()) {
        continue;
      }
      try {
        PropertyValues.parse(value, field.type());
      } catch (IllegalArgumentException e) {
        String expected =
            field.type().isOrdered()
                ? "an exact "
                    + field.type().yamlName()
                    + " value, a range 'lo..hi' or '"
                    + RecordField.NULL_VALUE
                    + "'"
                : "an exact "
                    + field.type().yamlName()
                    + " value or '"
                    + RecordField.NULL_VALUE
                    + "'";
        problems.add(
            label
                + " is bound to property '"
                + property.name()
                + "', whose value '"
                + value
                + "' is not "
                + expected
                + ": "
                + e.getMessage());
      }
    }
  }

  private static String label(String name, String kind, int index) {
    return name == null || name.isBlank() ? kind + " #" + (index + 1) : kind + " '" + name + "'";
  }
}
