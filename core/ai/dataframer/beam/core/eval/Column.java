package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.FieldType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One column of the seed and of the synthetic data, read once into comparable form: ordered types
 * as doubles (NaN for null; dates as epoch days, timestamps as epoch milliseconds), every type as a
 * canonical key (Double for ordered types, the Boolean or String otherwise, null for null).
 */
final class Column {
  final String name;
  final FieldType type;
  final List<Object> seedKeys;
  final List<Object> syntheticKeys;
  final double[] seedNumbers;
  final double[] syntheticNumbers;

  private Column(String name, FieldType type, List<Object> seedKeys, List<Object> syntheticKeys) {
    this.name = name;
    this.type = type;
    this.seedKeys = Collections.unmodifiableList(seedKeys);
    this.syntheticKeys = Collections.unmodifiableList(syntheticKeys);
    this.seedNumbers = type.isOrdered() ? numbers(seedKeys) : null;
    this.syntheticNumbers = type.isOrdered() ? numbers(syntheticKeys) : null;
  }

  static Column read(
      String name,
      FieldType type,
      List<Map<String, Object>> seedRecords,
      List<Map<String, Object>> syntheticRecords) {
    return new Column(
        name,
        type,
        keys(name, type, seedRecords, "seed"),
        keys(name, type, syntheticRecords, "synthetic"));
  }

  boolean isOrdered() {
    return type.isOrdered();
  }

  /** Distinct non-null values in the seed. */
  int seedDistinct() {
    Set<Object> distinct = new HashSet<>(seedKeys);
    distinct.remove(null);
    return distinct.size();
  }

  long seedNonNull() {
    return seedKeys.stream().filter(key -> key != null).count();
  }

  private static List<Object> keys(
      String name, FieldType type, List<Map<String, Object>> records, String side) {
    List<Object> keys = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      Map<String, Object> record = records.get(i);
      if (!record.containsKey(name)) {
        throw new IllegalArgumentException(
            side + " record " + i + " has no column '" + name + "'; it has " + record.keySet());
      }
      int index = i;
      keys.add(
          key(record.get(name), type, () -> side + " record " + index + ", column '" + name + "'"));
    }
    return keys;
  }

  /**
   * The canonical key of {@code value}; {@code where} names it in the error when its class is not
   * the one {@code type} expects (built only then: this runs once per value).
   */
  static Object key(Object value, FieldType type, Supplier<String> where) {
    if (value == null) {
      return null;
    }
    switch (type) {
      case BOOLEAN:
        return expect(value, Boolean.class, type, where);
      case STRING:
        return expect(value, String.class, type, where);
      case DATE:
        return (double) expect(value, LocalDate.class, type, where).toEpochDay();
      case TIMESTAMP:
        return (double) expect(value, Instant.class, type, where).toEpochMilli();
      default:
        // Any Number is accepted for the numeric types (an INT column may arrive as Long from
        // JSON).
        double number = expect(value, Number.class, type, where).doubleValue();
        // NaN reads as missing; adding 0.0 folds -0.0 into 0.0 so equal numbers give equal keys.
        return Double.isNaN(number) ? null : number + 0.0;
    }
  }

  private static <T> T expect(
      Object value, Class<T> expected, FieldType type, Supplier<String> where) {
    if (!expected.isInstance(value)) {
      throw new IllegalArgumentException(
          where.get()
              + ": expected a "
              + type
              + " value ("
              + expected.getSimpleName()
              + "), but was "
              + value.getClass().getSimpleName()
              + " '"
              + value
              + "'");
    }
    return expected.cast(value);
  }

  private static double[] numbers(List<Object> keys) {
    double[] numbers = new double[keys.size()];
    for (int i = 0; i < numbers.length; i++) {
      Object key = keys.get(i);
      numbers[i] = key == null ? Double.NaN : (Double) key;
    }
    return numbers;
  }
}
