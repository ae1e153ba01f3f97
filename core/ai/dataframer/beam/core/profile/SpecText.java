package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.TimestampUnit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Human-readable description and requirements of an inferred spec, written from the profile. */
final class SpecText {
  private static final int MAX_LISTED_VALUES = 10;
  private static final MathContext SHOWN_DIGITS = new MathContext(4);

  private SpecText() {}

  static String description(TableProfile profile) {
    return "Records like the "
        + profile.rowCount()
        + " seed rows, with "
        + profile.columns().size()
        + " columns: "
        + profile.columns().stream().map(ColumnProfile::name).collect(Collectors.joining(", "))
        + ".";
  }

  static String requirements(
      TableProfile profile,
      List<PropertyVariation> properties,
      List<RecordField> fields,
      InferenceSettings settings) {
    StringBuilder text = new StringBuilder("Each record has these fields:\n");
    for (int i = 0; i < fields.size(); i++) {
      RecordField field = fields.get(i);
      ColumnProfile column = profile.columns().get(i);
      text.append("- ")
          .append(field.name())
          .append(" (")
          .append(field.type().yamlName())
          .append("): ")
          .append(shape(field, column, properties))
          .append(column.nonNull() == 0 ? "" : grain(field));
      if (field.nullablePercent() > 0) {
        text.append("; ").append(number(field.nullablePercent())).append("% null");
      }
      text.append('\n');
    }
    List<String> dependencies =
        properties.stream()
            .filter(p -> p.conditional() != null)
            .map(p -> p.name() + " depends on " + p.conditional().parent())
            .collect(Collectors.toList());
    if (!dependencies.isEmpty()) {
      text.append("Dependencies: ").append(String.join("; ", dependencies)).append(".\n");
    }
    if (!settings.generateDistributions()) {
      text.append("Property values are drawn uniformly.\n");
    }
    if (settings.extrapolateValues()) {
      text.append("Numeric and date ranges extend ")
          .append(Math.round(SpecInference.EXTRAPOLATION_SHARE * 100))
          .append("% of their seed range beyond it; categories stay as seen.\n");
    }
    if (settings.objectives() != null && !settings.objectives().isBlank()) {
      text.append("Objectives: ").append(settings.objectives().strip()).append('\n');
    }
    return text.toString();
  }

  private static String shape(
      RecordField field, ColumnProfile column, List<PropertyVariation> properties) {
    if (column.nonNull() == 0) {
      return "always null in the seed";
    }
    if (field.isKey()) {
      String start = field.key().start() == null ? "" : ", from " + field.key().start();
      return "a unique key in the format " + field.key().format() + start + ", never a seed value";
    }
    if (field.isBound() && !field.property().equals(field.name())) {
      return range(field, column) + ", in bands given by property " + field.property();
    }
    if (field.isBound()) {
      PropertyVariation property =
          properties.stream()
              .filter(p -> p.name().equals(field.property()))
              .findFirst()
              .orElseThrow();
      return "one of " + listed(property.baseDistribution());
    }
    if (field.type().isOrdered()) {
      return range(field, column);
    }
    if (field.text() != null) {
      return "free text of "
          + field.text().minWords()
          + " to "
          + field.text().maxWords()
          + " words, median "
          + field.text().medianWords();
    }
    return (column.isHighCardinality()
            ? "many distinct values"
            : column.distinctCount() + " distinct values")
        + " (ids, codes or names) of about "
        + number(column.meanCharacters())
        + " characters, shaped like"
        + " the seed values";
  }

  /**
   * The grain values are written in, so that a model writing records keeps it as the structural
   * filter expects; empty for fields without one.
   */
  private static String grain(RecordField field) {
    if (field.decimals() != null) {
      return field.decimals() == 0
          ? ", whole numbers"
          : ", " + field.decimals() + " decimal places";
    }
    if (field.unit() != null && field.unit() != TimestampUnit.MILLISECOND) {
      return ", whole " + field.unit().yamlName() + "s";
    }
    if (field.precision() != null && field.scale() != null) {
      return ", at most "
          + field.precision()
          + " digits with "
          + field.scale()
          + " after the decimal point";
    }
    return "";
  }

  private static String range(RecordField field, ColumnProfile column) {
    List<Double> q = field.quantiles();
    return "from "
        + value(q.get(0), field)
        + " to "
        + value(q.get(q.size() - 1), field)
        + ", median "
        + value(column.quantile(0.5), field);
  }

  private static String listed(Map<String, Double> distribution) {
    String shown =
        distribution.entrySet().stream()
            .limit(MAX_LISTED_VALUES)
            .map(e -> e.getKey() + " " + number(e.getValue()) + "%")
            .collect(Collectors.joining(", "));
    int more = distribution.size() - MAX_LISTED_VALUES;
    return more > 0 ? shown + " and " + more + " more" : shown;
  }

  private static String value(double x, RecordField field) {
    FieldType type = field.type();
    if (type == FieldType.FLOAT || type == FieldType.DOUBLE || type == FieldType.DECIMAL) {
      return number(x);
    }
    return PropertyValues.format(x, type, field.scale());
  }

  private static String number(double x) {
    BigDecimal rounded = new BigDecimal(x).round(SHOWN_DIGITS);
    return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
  }
}
