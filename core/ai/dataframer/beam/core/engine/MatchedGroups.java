package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which seed rows an unbound field learns from, for a plan: the rows showing the longest leading
 * run of the plan's bound values (parents first) that still leaves the field enough usable values
 * ({@link FieldSamplers#needed}); with not even the first, the model of all seeds.
 *
 * <p>The groups form a trie over runs of bound values, each node holding its rows, their usable
 * counts per field and the samplers trained on them. A run has almost as many distinct plan keys as
 * samples when many properties are bound, but they share their leading values, so a plan costs one
 * lookup per bound value and training happens once per group. Groups partition the seeds at each
 * depth and the trie stops below groups too small to be used, so it holds at most about depth x
 * seeds / {@link FieldSamplers#MIN_MATCHING_ROWS} nodes, however many samples are drawn.
 */
final class MatchedGroups {
  /** A run of bound values and the seed rows (indexes into the seeds) that show all of them. */
  static final class Node {
    private final int depth;
    private final int[] rows;
    private final int[] usableByField;
    private final FieldSamplers.FieldSampler[] samplers;
    private final Map<String, Node> children = new HashMap<>();

    private Node(int depth, int[] rows, int[] usableByField) {
      this.depth = depth;
      this.rows = rows;
      this.usableByField = usableByField;
      this.samplers = new FieldSamplers.FieldSampler[usableByField.length];
    }

    /** Indexes of the seed rows showing this run of bound values; shared, never modified. */
    int[] rows() {
      return rows;
    }
  }

  /** Stands for a group too small for any field: nothing below it is ever used either. */
  private static final Node TOO_SMALL = new Node(-1, new int[0], new int[0]);

  /** Separates field and value in a child's key; neither contains it. */
  private static final char KEY_SEPARATOR = '\u0000';

  private final List<Map<String, Object>> seeds;
  private final List<RecordField> unbound;
  private final SeedModels global;
  private final Node root;

  MatchedGroups(Spec spec, List<Map<String, Object>> seeds, SeedModels global) {
    this.seeds = seeds;
    this.unbound = spec.recordFields().stream().filter(f -> !f.isBound()).toList();
    this.global = global;
    int[] all = new int[seeds.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    this.root = node(0, all);
  }

  /** The unbound fields, in spec order: the positions of {@link #samplers}' result. */
  List<RecordField> unboundFields() {
    return unbound;
  }

  Node root() {
    return root;
  }

  /**
   * The group below {@code parent} whose rows also show {@code value} for {@code field}, or null
   * when it is too small for any field to use.
   *
   * @param matcher the test of seed values against the value, built only for a new group
   */
  Node child(Node parent, RecordField field, String value, Supplier<Predicate<Object>> matcher) {
    String key = field.name() + KEY_SEPARATOR + value;
    Node child = parent.children.get(key);
    if (child == null) {
      child = narrow(parent, field, matcher.get());
      parent.children.put(key, child);
    }
    return child == TOO_SMALL ? null : child;
  }

  /**
   * One sampler per unbound field, each from the deepest group of {@code chain} (root first, then
   * the groups of longer and longer runs of bound values) that has enough usable values of it.
   */
  FieldSamplers.FieldSampler[] samplers(List<Node> chain) {
    FieldSamplers.FieldSampler[] out = new FieldSamplers.FieldSampler[unbound.size()];
    for (int f = 0; f < out.length; f++) {
      int needed = FieldSamplers.needed(unbound.get(f));
      Node chosen = root;
      for (int k = chain.size() - 1; k >= 1; k--) {
        if (chain.get(k).usableByField[f] >= needed) {
          chosen = chain.get(k);
          break;
        }
      }
      out[f] = sampler(chosen, f);
    }
    return out;
  }

  private FieldSamplers.FieldSampler sampler(Node node, int f) {
    if (node.samplers[f] == null) {
      // The root stands for "not conditioned": the model of all seeds, not an empirical pool.
      List<Map<String, Object>> matching = node.depth == 0 ? List.of() : rowsOf(node);
      node.samplers[f] = FieldSamplers.of(unbound.get(f), global, matching);
    }
    return node.samplers[f];
  }

  private List<Map<String, Object>> rowsOf(Node node) {
    List<Map<String, Object>> rows = new ArrayList<>(node.rows.length);
    for (int row : node.rows) {
      rows.add(seeds.get(row));
    }
    return rows;
  }

  private Node narrow(Node parent, RecordField field, Predicate<Object> matcher) {
    String name = field.name();
    int[] kept = new int[parent.rows.length];
    int n = 0;
    for (int row : parent.rows) {
      if (matcher.test(seeds.get(row).get(name))) {
        kept[n++] = row;
      }
    }
    return n < FieldSamplers.MIN_MATCHING_ROWS
        ? TOO_SMALL
        : node(parent.depth + 1, Arrays.copyOf(kept, n));
  }

  private Node node(int depth, int[] rows) {
    int[] usable = new int[unbound.size()];
    for (int row : rows) {
      Map<String, Object> seed = seeds.get(row);
      for (int f = 0; f < usable.length; f++) {
        if (FieldSamplers.isUsable(unbound.get(f), seed.get(unbound.get(f).name()))) {
          usable[f]++;
        }
      }
    }
    return new Node(depth, rows, usable);
  }
}
