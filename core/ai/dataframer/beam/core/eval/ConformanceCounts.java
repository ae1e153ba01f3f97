package ai.dataframer.beam.core.eval;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts behind the hosted API's conformance analysis, mergeable so a Combine can build them over
 * millions of records on any runner (docs/ARCHITECTURE.md section 9): per property, the values the
 * plans assigned (expected), the values the records show (observed), and how many analysed samples
 * show their assigned value. Order-independent: merging in any order gives the same counts.
 *
 * <p>Not thread-safe; an accumulator.
 */
public final class ConformanceCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Per property; sorted by name so two equal accumulators serialise alike. */
  private final TreeMap<String, PropertyCounts> byProperty = new TreeMap<>();

  private long samples;

  /** One property's counts. */
  static final class PropertyCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    final TreeMap<String, Long> expected = new TreeMap<>();
    final TreeMap<String, Long> observed = new TreeMap<>();
    long analyzed;
    long agreeing;

    void merge(PropertyCounts other) {
      other.expected.forEach((value, n) -> expected.merge(value, n, Long::sum));
      other.observed.forEach((value, n) -> observed.merge(value, n, Long::sum));
      analyzed += other.analyzed;
      agreeing += other.agreeing;
    }
  }

  public static ConformanceCounts empty() {
    return new ConformanceCounts();
  }

  /**
   * Adds one sample.
   *
   * @param assigned property -> the value its plan assigned
   * @param observed property -> the value the sample shows, for the properties that were analysed
   *     (bound fields, or a judge's classification); others are absent
   */
  public ConformanceCounts add(Map<String, String> assigned, Map<String, String> observed) {
    samples++;
    for (Map.Entry<String, String> entry : assigned.entrySet()) {
      PropertyCounts counts = byProperty.computeIfAbsent(entry.getKey(), p -> new PropertyCounts());
      counts.expected.merge(entry.getValue(), 1L, Long::sum);
      String shown = observed.get(entry.getKey());
      if (shown != null) {
        counts.observed.merge(shown, 1L, Long::sum);
        counts.analyzed++;
        counts.agreeing += shown.equals(entry.getValue()) ? 1 : 0;
      }
    }
    return this;
  }

  /** Adds the other's counts to these; the other is left as it was. */
  public ConformanceCounts merge(ConformanceCounts other) {
    samples += other.samples;
    other.byProperty.forEach(
        (property, counts) ->
            byProperty.computeIfAbsent(property, p -> new PropertyCounts()).merge(counts));
    return this;
  }

  public long samples() {
    return samples;
  }

  /** Property names with counts, sorted. */
  public java.util.Set<String> properties() {
    return byProperty.keySet();
  }

  /** Value -> samples the plans assigned it to. */
  public Map<String, Long> expected(String property) {
    return copy(counts(property).expected);
  }

  /** Value -> analysed samples that show it. */
  public Map<String, Long> observed(String property) {
    return copy(counts(property).observed);
  }

  public long analyzed(String property) {
    return counts(property).analyzed;
  }

  /** Analysed samples that show the value their plan assigned. */
  public long agreeing(String property) {
    return counts(property).agreeing;
  }

  private PropertyCounts counts(String property) {
    PropertyCounts counts = byProperty.get(property);
    return counts == null ? new PropertyCounts() : counts;
  }

  private static Map<String, Long> copy(Map<String, Long> counts) {
    return new LinkedHashMap<>(counts);
  }
}
