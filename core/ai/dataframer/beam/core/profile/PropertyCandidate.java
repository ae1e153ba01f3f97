package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A property the profile proposes for one column: either the column's own values (a categorical
 * property named like the column) or the quantile bins of an ordered column (named {@code
 * <column>_band}). Null cells of the column map to the value {@link RecordField#NULL_VALUE}.
 *
 * @param name property name
 * @param column the column it is read from and bound to
 * @param type the column's type
 * @param categories the column's values in text form, for a categorical property; null for a band
 * @param bands the bins, for a band property; null for a categorical one
 * @param hasNulls whether the column has nulls, adding the value "null" as the last value
 */
public record PropertyCandidate(
    String name,
    String column,
    FieldType type,
    List<String> categories,
    Bands bands,
    boolean hasNulls)
    implements Serializable {

  public PropertyCandidate {
    categories = categories == null ? null : List.copyOf(categories);
  }

  public boolean isBand() {
    return bands != null;
  }

  /** Number of values, "null" included. */
  public int cardinality() {
    return (isBand() ? bands.binCount() : categories.size()) + (hasNulls ? 1 : 0);
  }

  /** The property values for a spec: categories or range labels (outer edges widened by margin). */
  public List<String> values(double margin) {
    List<String> values = new ArrayList<>(isBand() ? bands.labels(margin) : categories);
    if (hasNulls) {
      values.add(RecordField.NULL_VALUE);
    }
    return values;
  }

  /** Index of a cell value among {@link #values}, using the category lookup built by the caller. */
  int codeOf(Object value, Map<String, Integer> categoryIndex) {
    if (value == null) {
      if (!hasNulls) {
        throw new IllegalStateException(
            "column '" + column + "' had no nulls in the profile, but has one now");
      }
      return cardinality() - 1;
    }
    if (isBand()) {
      return bands.binOf(PropertyValues.toNumber(value));
    }
    Integer code = categoryIndex.get(ColumnProfile.textOf(value));
    if (code == null) {
      throw new IllegalStateException(
          "column '" + column + "' has the value '" + value + "', which the profile did not see");
    }
    return code;
  }

  Map<String, Integer> categoryIndex() {
    Map<String, Integer> index = new HashMap<>();
    if (!isBand()) {
      for (int i = 0; i < categories.size(); i++) {
        index.put(categories.get(i), i);
      }
    }
    return index;
  }
}
