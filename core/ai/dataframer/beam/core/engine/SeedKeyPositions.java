package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where every seed row's key values sit among their formats' values, per key field (16 bytes a
 * value), so the engine can exclude all of them, not only those of the seed rows it learns from.
 * Seed values a format cannot write are left out: no key can equal them. Built with a {@link
 * Collector} (mergeable, for a Beam combine) or at once by {@link #of}.
 */
public final class SeedKeyPositions implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final SeedKeyPositions EMPTY = new SeedKeyPositions(Map.of());

  /** Field name -> {high, low} pairs. */
  private final Map<String, long[]> byField;

  private SeedKeyPositions(Map<String, long[]> byField) {
    this.byField = byField;
  }

  public static SeedKeyPositions empty() {
    return EMPTY;
  }

  /** The positions of the key values of {@code records}. */
  public static SeedKeyPositions of(Spec spec, Iterable<? extends Map<String, ?>> records) {
    Reader reader = new Reader(spec);
    Collector collector = new Collector();
    for (Map<String, ?> record : records) {
      reader.read(record, collector);
    }
    return collector.build();
  }

  /** The {high, low} pairs of a field; empty for a field that is no key or has no seed value. */
  long[] of(String field) {
    return byField.getOrDefault(field, new long[0]);
  }

  /** Number of positions of a field. */
  public int count(String field) {
    return of(field).length / 2;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SeedKeyPositions that)
        || !that.byField.keySet().equals(byField.keySet())) {
      return false;
    }
    return byField.entrySet().stream()
        .allMatch(e -> Arrays.equals(e.getValue(), that.byField.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return byField.keySet().hashCode();
  }

  @Override
  public String toString() {
    Map<String, Integer> counts = new TreeMap<>();
    byField.forEach((field, pairs) -> counts.put(field, pairs.length / 2));
    return "SeedKeyPositions" + counts;
  }

  /** Reads the key values of seed records against a spec's key formats. */
  public static final class Reader {
    private final List<KeyGenerator> keys;

    /**
     * @throws IllegalArgumentException naming the field when a key format cannot make unique values
     */
    public Reader(Spec spec) {
      this.keys =
          spec.recordFields().stream().filter(RecordField::isKey).map(KeyGenerator::new).toList();
    }

    /** True when the spec has key fields. */
    public boolean hasKeys() {
      return !keys.isEmpty();
    }

    /** Adds the positions of the record's non-null key values to {@code out}. */
    public void read(Map<String, ?> record, Collector out) {
      for (KeyGenerator key : keys) {
        Object value = record.get(key.field().name());
        long[] position = value == null ? null : key.position(value);
        if (position != null) {
          out.add(key.field().name(), position[0], position[1]);
        }
      }
    }
  }

  /** A growable, mergeable set of positions; the order of adds and merges does not matter. */
  public static final class Collector implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, long[]> pairs = new TreeMap<>();
    private final Map<String, Integer> sizes = new TreeMap<>();
    private int count;

    public void add(String field, long high, long low) {
      long[] array = pairs.get(field);
      int size = sizes.getOrDefault(field, 0);
      if (array == null || size + 2 > array.length) {
        array = Arrays.copyOf(array == null ? new long[0] : array, Math.max(16, 2 * size + 2));
        pairs.put(field, array);
      }
      array[size] = high;
      array[size + 1] = low;
      sizes.put(field, size + 2);
      count++;
    }

    /** Positions held, over all fields. */
    public int size() {
      return count;
    }

    /** Adds everything of {@code other} to this collector and returns this collector. */
    public Collector merge(Collector other) {
      other.pairs.forEach(
          (field, array) -> {
            int size = other.sizes.get(field);
            for (int i = 0; i < size; i += 2) {
              add(field, array[i], array[i + 1]);
            }
          });
      return this;
    }

    /** The positions, sorted per field so equal inputs give equal sets. */
    public SeedKeyPositions build() {
      Map<String, long[]> byField = new LinkedHashMap<>();
      pairs.forEach((field, array) -> byField.put(field, sortedPairs(array, sizes.get(field))));
      return new SeedKeyPositions(byField);
    }

    private static long[] sortedPairs(long[] array, int size) {
      Integer[] order = new Integer[size / 2];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(
          order,
          (a, b) -> {
            int high = Long.compare(array[2 * a], array[2 * b]);
            return high != 0 ? high : Long.compare(array[2 * a + 1], array[2 * b + 1]);
          });
      long[] out = new long[size];
      for (int i = 0; i < order.length; i++) {
        out[2 * i] = array[2 * order[i]];
        out[2 * i + 1] = array[2 * order[i] + 1];
      }
      return out;
    }
  }
}
