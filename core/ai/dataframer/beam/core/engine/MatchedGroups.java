package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed rows that agree with each leading run of a plan's bound values (parents first), cached per
 * run of values. A run has almost as many plan keys as samples when many properties are bound, but
 * plan keys share their leading values, so each key costs a few lookups and a filter of the few rows
 * its parent group kept, instead of a pass over every seed row.
 */
final class MatchedGroups {
  /** Groups kept; beyond this the least recently used are recomputed when needed again. */
  private static final int MAX_CACHED_GROUPS = 65_536;

  /**
   * Seed rows (indexes into the seeds) matching one run of leading bound values, and per unbound
   * field how many of them have a usable value.
   */
  record Group(int[] rows, int[] usableByField) {}

  private final List<Map<String, Object>> seeds;
  private final List<RecordField> unbound;
  private final Group all;
  private final Map<List<String>, Group> groups =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, Group> eldest) {
          return size() > MAX_CACHED_GROUPS;
        }
      };

  MatchedGroups(Spec spec, List<Map<String, Object>> seeds) {
    this.seeds = seeds;
    this.unbound = spec.recordFields().stream().filter(f -> !f.isBound()).toList();
    int[] rows = new int[seeds.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    this.all = group(rows);
  }

  /** The unbound fields, in spec order: the positions of {@link Group#usableByField()}. */
  List<RecordField> unboundFields() {
    return unbound;
  }

  /**
   * Element k is the group of rows matching the first k bound values: element 0 holds every seed
   * row, the last the rows matching all of them.
   */
  List<Group> chain(List<PlanModel.BoundMatcher> matchers) {
    List<Group> chain = new ArrayList<>(matchers.size() + 1);
    chain.add(all);
    List<String> key = new ArrayList<>(matchers.size());
    Group parent = all;
    for (PlanModel.BoundMatcher matcher : matchers) {
      key.add(matcher.field().name() + "=" + matcher.planValue());
      Group group = groups.get(key);
      if (group == null) {
        group = narrow(parent, matcher);
        groups.put(List.copyOf(key), group);
      }
      chain.add(group);
      parent = group;
    }
    return chain;
  }

  /** The seed rows of a group, in seed order. */
  List<Map<String, Object>> rowsOf(Group group) {
    List<Map<String, Object>> rows = new ArrayList<>(group.rows().length);
    for (int row : group.rows()) {
      rows.add(seeds.get(row));
    }
    return rows;
  }

  /** Whether a seed value can teach a field something: non-null, and non-blank for free text. */
  private static boolean isUsable(RecordField field, Object value) {
    return field.text() == null ? value != null : value instanceof String text && !text.isBlank();
  }

  private Group narrow(Group parent, PlanModel.BoundMatcher matcher) {
    String name = matcher.field().name();
    int[] kept = new int[parent.rows().length];
    int n = 0;
    for (int row : parent.rows()) {
      if (matcher.test().test(seeds.get(row).get(name))) {
        kept[n++] = row;
      }
    }
    return group(Arrays.copyOf(kept, n));
  }

  private Group group(int[] rows) {
    int[] usable = new int[unbound.size()];
    for (int row : rows) {
      Map<String, Object> seed = seeds.get(row);
      for (int f = 0; f < usable.length; f++) {
        if (isUsable(unbound.get(f), seed.get(unbound.get(f).name()))) {
          usable[f]++;
        }
      }
    }
    return new Group(rows, usable);
  }
}
