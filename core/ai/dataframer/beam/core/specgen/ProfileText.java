package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.profile.ColumnProfile;
import ai.dataframer.beam.core.profile.TableProfile;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The statistical profile of the seeds in words, for the analyst's prompt. */
final class ProfileText {
  /** Values listed per column or property; the rest are counted. */
  static final int MAX_LISTED_VALUES = 30;

  private static final MathContext SHOWN_DIGITS = new MathContext(4);

  /** Ranges are shown closely enough that a value the model copies from them is inside them. */
  private static final MathContext RANGE_DIGITS = new MathContext(8);

  private ProfileText() {}

  static String records(TableProfile profile, Spec statistical) {
    StringBuilder text =
        new StringBuilder("Seed table: ")
            .append(profile.rowCount())
            .append(" rows, ")
            .append(profile.columns().size())
            .append(" columns.\n");
    for (ColumnProfile column : profile.columns()) {
      RecordField field =
          statistical.recordFields().stream()
              .filter(f -> f.name().equals(column.name()))
              .findFirst()
              .orElse(null);
      text.append("- ")
          .append(column.name())
          .append(" (")
          .append(column.type().yamlName())
          .append("): ")
          .append(percent(100.0 * column.nulls() / Math.max(1, column.count())))
          .append("% null");
      if (column.nonNull() == 0) {
        text.append("; always null\n");
        continue;
      }
      text.append("; ").append(distinct(column));
      if (column.type().isOrdered()) {
        text.append("; min ")
            .append(shown(column.min(), column))
            .append(", quartiles ")
            .append(shown(column.quantile(0.25), column))
            .append(" / ")
            .append(shown(column.quantile(0.5), column))
            .append(" / ")
            .append(shown(column.quantile(0.75), column))
            .append(", max ")
            .append(shown(column.max(), column));
        if (field != null && !field.quantiles().isEmpty()) {
          List<Double> q = field.quantiles();
          text.append("; values of this column must stay within ")
              .append(bound(q.get(0), column))
              .append(" .. ")
              .append(bound(q.get(q.size() - 1), column));
        }
      } else if (column.type() == FieldType.STRING
          && (column.isHighCardinality() || column.distinctCount() > MAX_LISTED_VALUES)) {
        // Lengths tell free text from codes; for a handful of labels they are noise.
        text.append("; words min ")
            .append((long) column.min())
            .append(", median ")
            .append(Math.round(column.quantile(0.5)))
            .append(", max ")
            .append((long) column.max())
            .append("; about ")
            .append(number(column.meanCharacters()))
            .append(" characters");
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** The embedded analyst's properties: names, values with seed shares, and dependencies. */
  static String proposal(Spec statistical) {
    if (statistical.properties().isEmpty()) {
      return "The statistical analysis found no low-cardinality columns to propose as properties.\n";
    }
    StringBuilder text = new StringBuilder();
    for (PropertyVariation property : statistical.properties()) {
      String column =
          statistical.recordFields().stream()
              .filter(f -> property.name().equals(f.property()))
              .map(RecordField::name)
              .findFirst()
              .orElse(null);
      text.append("- ").append(property.name());
      if (column != null && !column.equals(property.name())) {
        text.append(" (ranges lo..hi of column ").append(column).append(')');
      }
      text.append(": ").append(listed(property.baseDistribution()));
      if (property.conditional() != null) {
        text.append("; depends on ").append(property.conditional().parent());
      }
      text.append('\n');
    }
    return text.toString();
  }

  static String documents(DocumentProfile profile) {
    String formats =
        profile.formats().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    return "Seed documents: "
        + profile.count()
        + " (one sample each); formats: "
        + formats
        + ".\n"
        + "Length in words: min "
        + profile.minWords()
        + ", quartiles "
        + profile.wordQuantile(0.25)
        + " / "
        + profile.wordQuantile(0.5)
        + " / "
        + profile.wordQuantile(0.75)
        + ", max "
        + profile.maxWords()
        + ".\nLength in characters: min "
        + profile.minCharacters()
        + ", mean "
        + number(profile.meanCharacters())
        + ", max "
        + profile.maxCharacters()
        + ".\n";
  }

  private static String distinct(ColumnProfile column) {
    if (column.isHighCardinality()) {
      return "more than " + ColumnProfile.DISTINCT_CAP + " distinct values";
    }
    Map<String, Long> counts = column.valueCounts();
    if (counts.size() > MAX_LISTED_VALUES && column.type() != FieldType.STRING) {
      return counts.size() + " distinct values";
    }
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    if (entries.size() > MAX_LISTED_VALUES && entries.get(0).getValue() == 1) {
      return entries.size() + " distinct values, none repeated";
    }
    String shown =
        entries.stream()
            .limit(MAX_LISTED_VALUES)
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    int more = entries.size() - MAX_LISTED_VALUES;
    return entries.size()
        + " distinct values: "
        + shown
        + (more > 0 ? " and " + more + " more" : "");
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

  private static String shown(double x, ColumnProfile column) {
    FieldType type = column.type();
    if (type == FieldType.FLOAT || type == FieldType.DOUBLE || type == FieldType.DECIMAL) {
      return number(x);
    }
    return PropertyValues.format(x, type, null);
  }

  private static String bound(double x, ColumnProfile column) {
    FieldType type = column.type();
    if (type == FieldType.FLOAT || type == FieldType.DOUBLE || type == FieldType.DECIMAL) {
      BigDecimal rounded = new BigDecimal(x).round(RANGE_DIGITS);
      return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
    }
    return PropertyValues.format(x, type, null);
  }

  private static String percent(double x) {
    return number(Math.round(x * 10) / 10.0);
  }

  static String number(double x) {
    if (!Double.isFinite(x)) {
      return String.valueOf(x);
    }
    BigDecimal rounded = new BigDecimal(x).round(SHOWN_DIGITS);
    return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
  }
}
