package ai.dataframer.beam.core.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every violated rule of one request, reported in the body's field order (unknown fields
 * first) whether the parser or a rule found it. A field the parser already reported (missing, wrong
 * JSON type, unknown enum value) is settled: the record holds only a stand-in value for it, so
 * rules about that field are skipped instead of reporting a second, misleading problem.
 */
final class Violations {
  private record Entry(int position, String message) {}

  private final List<String> fieldOrder;
  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> settledFields = new HashSet<>();

  Violations(List<String> fieldOrder) {
    this.fieldOrder = fieldOrder;
  }

  /** Reports a problem with {@code field} found while reading the body, and settles the field. */
  void settle(String field, String message) {
    settledFields.add(field);
    entries.add(new Entry(fieldOrder.indexOf(field), message));
  }

  /**
   * Reports a rule violated by {@code field}'s value, unless the parser already reported the field.
   */
  void add(String field, String message) {
    if (!settledFields.contains(field)) {
      entries.add(new Entry(fieldOrder.indexOf(field), message));
    }
  }

  boolean isSettled(String field) {
    return settledFields.contains(field);
  }

  List<String> messages() {
    // A stable sort keeps several problems of one field in the order they were found.
    return entries.stream()
        .sorted(Comparator.comparingInt(Entry::position))
        .map(Entry::message)
        .toList();
  }
}
