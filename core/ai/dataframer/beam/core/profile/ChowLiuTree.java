package ai.dataframer.beam.core.profile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Chow-Liu dependency forest: the maximum spanning forest over pairwise mutual information,
 * oriented away from a root in each tree so every node has at most one parent. Among tree-shaped
 * models it is the one closest (in KL divergence) to the joint distribution, and any orientation of
 * the same tree describes the same joint distribution, so the root choice is a matter of reading
 * order only.
 */
final class ChowLiuTree {
  private ChowLiuTree() {}

  /**
   * Parent of each node (-1 for roots). {@code weight[i][j]} is the mutual information of i and j;
   * only pairs with {@code usable[i][j]} can be edges. Each tree is rooted at its earliest node, so
   * the properties of the first columns condition the later ones.
   */
  static int[] parents(double[][] weight, boolean[][] usable) {
    return parents(weight, usable, List.of());
  }

  /**
   * As {@link #parents(double[][], boolean[][])}, with {@code forced} edges (pairs of nodes) taken
   * first, in their order, whatever their weight: a forced edge that would close a cycle is left
   * out, which the caller sees in the parents.
   */
  static int[] parents(double[][] weight, boolean[][] usable, List<int[]> forced) {
    int n = weight.length;
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (usable[i][j]) {
          edges.add(new int[] {i, j});
        }
      }
    }
    // Heaviest first; ties broken by node indices so the tree never depends on anything but the
    // data.
    edges.sort(
        (x, y) -> {
          int byWeight = Double.compare(weight[y[0]][y[1]], weight[x[0]][x[1]]);
          return byWeight != 0 ? byWeight : Arrays.compare(x, y);
        });
    int[] component = new int[n];
    Arrays.setAll(component, i -> i);
    List<List<Integer>> neighbours = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      neighbours.add(new ArrayList<>());
    }
    List<int[]> all = new ArrayList<>(forced);
    all.addAll(edges);
    for (int[] edge : all) {
      int a = find(component, edge[0]);
      int b = find(component, edge[1]);
      if (a != b) {
        component[Math.max(a, b)] = Math.min(a, b);
        neighbours.get(edge[0]).add(edge[1]);
        neighbours.get(edge[1]).add(edge[0]);
      }
    }
    return orient(neighbours);
  }

  private static int[] orient(List<List<Integer>> neighbours) {
    int n = neighbours.size();
    int[] parent = new int[n];
    boolean[] seen = new boolean[n];
    Arrays.fill(parent, -1);
    for (int root = 0; root < n; root++) {
      if (seen[root]) {
        continue;
      }
      seen[root] = true;
      Deque<Integer> queue = new ArrayDeque<>(List.of(root));
      while (!queue.isEmpty()) {
        int node = queue.poll();
        neighbours.get(node).stream()
            .sorted()
            .forEach(
                next -> {
                  if (!seen[next]) {
                    seen[next] = true;
                    parent[next] = node;
                    queue.add(next);
                  }
                });
      }
    }
    return parent;
  }

  private static int find(int[] component, int i) {
    while (component[i] != i) {
      component[i] = component[component[i]];
      i = component[i];
    }
    return i;
  }
}
