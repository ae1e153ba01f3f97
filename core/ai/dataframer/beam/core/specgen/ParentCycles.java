package ai.dataframer.beam.core.specgen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cycles among conditional parents, where each property has at most one parent. */
final class ParentCycles {
  private ParentCycles() {}

  /**
   * Every cycle once, as its properties in the order they are reached from the first property (in
   * {@code order}) that leads into it; cycles in the order of those properties.
   *
   * @param order all properties, in the spec's order
   * @param parents property -> its parent, for properties that have one
   */
  static List<List<String>> find(List<String> order, Map<String, String> parents) {
    List<List<String>> cycles = new ArrayList<>();
    Set<String> inCycles = new HashSet<>();
    for (String start : order) {
      List<String> path = new ArrayList<>();
      String current = start;
      while (current != null && !path.contains(current) && !inCycles.contains(current)) {
        path.add(current);
        current = parents.get(current);
      }
      if (current != null && path.contains(current)) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        inCycles.addAll(cycle);
        cycles.add(cycle);
      }
    }
    return cycles;
  }
}
