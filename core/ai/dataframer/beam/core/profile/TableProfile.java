package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Mergeable, order-independent profile of a table of records: one {@link ColumnProfile} per column,
 * in column order, and the evidence for constraints between columns ({@link ConstraintProfile}).
 * Used as a combine accumulator: {@link #add} one record, {@link #merge} partial profiles.
 */
public final class TableProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<ColumnProfile> columns;
  private final List<String> columnNames;
  private final ConstraintProfile constraints;
  private long rowCount;

  private TableProfile(List<ColumnProfile> columns) {
    this.columns = columns;
    this.columnNames = columns.stream().map(ColumnProfile::name).toList();
    this.constraints = new ConstraintProfile(columns.stream().map(ColumnProfile::type).toList());
  }

  /** An empty profile of the given columns (name -> type, in column order). */
  public static TableProfile empty(Map<String, FieldType> columnTypes) {
    List<ColumnProfile> columns = new ArrayList<>();
    columnTypes.forEach((name, type) -> columns.add(new ColumnProfile(name, type)));
    return new TableProfile(columns);
  }

  /** Adds one record; every profiled column must be present (null values are fine). */
  public void add(Map<String, Object> record) {
    long fingerprint = Fingerprints.ofRecord(record);
    for (ColumnProfile column : columns) {
      if (!record.containsKey(column.name())) {
        throw new IllegalArgumentException(
            "record has no column '" + column.name() + "'; its columns are " + record.keySet());
      }
      column.add(record.get(column.name()), fingerprint);
    }
    constraints.add(record, columnNames);
    rowCount++;
  }

  /** Merges {@code other} into this profile and returns this profile. */
  public TableProfile merge(TableProfile other) {
    if (other.columns.size() != columns.size()) {
      throw new IllegalArgumentException(
          "cannot merge a profile of "
              + other.columns.size()
              + " columns into one of "
              + columns.size());
    }
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).merge(other.columns.get(i));
    }
    constraints.merge(other.constraints);
    rowCount += other.rowCount;
    return this;
  }

  public long rowCount() {
    return rowCount;
  }

  /** The evidence for constraints between columns, read by {@link ConstraintLearning}. */
  ConstraintProfile constraints() {
    return constraints;
  }

  public List<ColumnProfile> columns() {
    return Collections.unmodifiableList(columns);
  }

  public ColumnProfile column(String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no column '" + name + "' in the profile"));
  }
}
