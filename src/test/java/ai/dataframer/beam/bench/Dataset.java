package ai.dataframer.beam.bench;

import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One seed of the fidelity suite: its rows, and what its synthetic records must keep that the
 * generator wrote into it (key columns, constraints), whether or not the analyst finds them.
 *
 * <p>Row values are what the file shows: BigDecimal for numbers with a fixed number of places (a
 * price 12.50, a humidity 41.0) even in DOUBLE columns, so the CSV keeps their digits; Long,
 * Boolean, String, LocalDate and Instant otherwise; null for an empty cell.
 *
 * @param name the dataset's name, also its spec's name and its file's
 * @param format the seed file's format
 * @param about one line on what it is and what it exercises
 * @param columns columns in file order and the type the generator means them to have
 * @param rows the seed rows
 * @param keys columns whose values are unique in the seed by design
 * @param constraints rules every seed row keeps by design
 */
record Dataset(
    String name,
    SeedFormat format,
    String about,
    Map<String, FieldType> columns,
    List<Map<String, Object>> rows,
    List<String> keys,
    List<Constraint> constraints) {

  enum SeedFormat {
    CSV("csv"),
    PARQUET("parquet");

    final String extension;

    SeedFormat(String extension) {
      this.extension = extension;
    }
  }

  String fileName() {
    return name + "." + format.extension;
  }

  static Builder builder(String name, SeedFormat format, String about) {
    return new Builder(name, format, about);
  }

  /** Columns first, then rows in column order. */
  static final class Builder {
    private final String name;
    private final SeedFormat format;
    private final String about;
    private final Map<String, FieldType> columns = new LinkedHashMap<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();

    private Builder(String name, SeedFormat format, String about) {
      this.name = name;
      this.format = format;
      this.about = about;
    }

    Builder column(String column, FieldType type) {
      columns.put(column, type);
      return this;
    }

    Builder key(String column) {
      keys.add(column);
      return this;
    }

    Builder constraint(Constraint constraint) {
      constraints.add(constraint);
      return this;
    }

    /** One row, its values in column order. */
    Builder row(Object... values) {
      if (values.length != columns.size()) {
        throw new IllegalArgumentException(
            name + ": a row of " + values.length + " values for " + columns.size() + " columns");
      }
      Map<String, Object> row = new LinkedHashMap<>();
      int i = 0;
      for (String column : columns.keySet()) {
        row.put(column, values[i++]);
      }
      rows.add(Collections.unmodifiableMap(row));
      return this;
    }

    Dataset build() {
      return new Dataset(
          name,
          format,
          about,
          Collections.unmodifiableMap(columns),
          Collections.unmodifiableList(rows),
          List.copyOf(keys),
          List.copyOf(constraints));
    }
  }
}
