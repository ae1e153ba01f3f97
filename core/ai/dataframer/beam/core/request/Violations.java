package ai.dataframer.beam.core.request;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every violated rule of one request. A field the parser already reported (missing, wrong
 * JSON type, unknown enum value) is settled: the record holds only a stand-in value for it, so rules
 * about that field are skipped instead of reporting a second, misleading problem.
 */
final class Violations {
  private final List<String> messages = new ArrayList<>();
  private final Set<String> settledFields = new HashSet<>();

  /** Reports a problem with {@code field} found while reading the body, and settles the field. */
  void settle(String field, String message) {
    settledFields.add(field);
    messages.add(message);
  }

  /** Reports a rule violated by {@code field}'s value, unless the parser already reported the field. */
  void add(String field, String message) {
    if (!settledFields.contains(field)) {
      messages.add(message);
    }
  }

  boolean isSettled(String field) {
    return settledFields.contains(field);
  }

  List<String> messages() {
    return List.copyOf(messages);
  }
}
