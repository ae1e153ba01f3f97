package ai.dataframer.beam.io.store;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a list operation of the stores returns: the records it could read and, for each one it could
 * not, a problem naming the file and what is wrong with it. One unreadable record never hides the
 * others (docs/ARCHITECTURE.md, "Spec store").
 *
 * @param items the readable records, in the order the operation documents
 * @param problems one line per unreadable record: its file, then what is wrong with it
 */
public record Listing<T>(List<T> items, List<String> problems) implements Serializable {
  public Listing {
    items = List.copyOf(items);
    problems = List.copyOf(problems);
  }

  /** The readable items; callers that must not ignore unreadable ones read {@link #problems}. */
  public Stream<T> stream() {
    return items.stream();
  }
}
