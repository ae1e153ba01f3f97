package ai.dataframer.beam.core.plan;

import ai.dataframer.beam.core.spec.ConditionalDistribution;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws the plan of each sample of a run (docs/ARCHITECTURE.md section 6, step 1): property values
 * in topological order from base or conditional distributions, and the seed examples to show.
 *
 * <p>Built once per spec; sampling tables are precomputed so a plan costs a few array look-ups per
 * property. A plan depends only on the spec, the run settings and its index, never on which worker
 * computes it or in which order.
 */
public final class Planner {
  private final List<Node> order;
  private final PlanOrders orders;
  // The NONE-level example list depends only on the run settings; it is remembered for the last
  // ones.
  private volatile FixedExamples fixedExamples;

  /** One property, ready to draw: its values and cumulative tables. */
  private record Node(
      String name, String[] values, int parentPosition, double[] base, double[][] byParentValue) {}

  private record FixedExamples(RunSettings settings, List<Integer> indices) {}

  /**
   * Precomputes the tables of a validated spec.
   *
   * @throws IllegalArgumentException naming the property when its distributions cannot be sampled,
   *     a conditional names an unknown parent or value, or conditionals form a cycle
   */
  public Planner(Spec spec) {
    List<PropertyVariation> sorted = topologicalOrder(spec.properties());
    Map<String, Integer> positions = new HashMap<>();
    List<Node> nodes = new ArrayList<>(sorted.size());
    for (PropertyVariation property : sorted) {
      nodes.add(toNode(property, sorted, positions));
      positions.put(property.name(), nodes.size() - 1);
    }
    this.order = List.copyOf(nodes);
    this.orders =
        new PlanOrders(
            spec,
            nodes.stream().map(Node::name).toList(),
            nodes.stream().map(Node::values).toList());
  }

  /** Property names, parents before children. */
  public List<String> propertyOrder() {
    return order.stream().map(Node::name).toList();
  }

  /** Draws every property; the map iterates in topological order. */
  public Map<String, String> drawValues(SplittableRandom random) {
    int[] drawn = new int[order.size()];
    Map<String, String> values = new LinkedHashMap<>();
    for (int position = 0; position < drawn.length; position++) {
      Node node = order.get(position);
      double[] table =
          node.parentPosition() < 0
              ? node.base()
              : node.byParentValue()[drawn[node.parentPosition()]];
      double u = random.nextDouble();
      drawn[position] = draw(table, u);
      if (!orders.isFree(position) && !orders.canHold(drawn, position)) {
        drawn[position] = drawHolding(table, u, drawn, position);
      }
      values.put(node.name(), node.values()[drawn[position]]);
    }
    return values;
  }

  /** The plan of sample {@code index} of a run. */
  public SamplePlan plan(RunSettings settings, long index) {
    if (index < 0) {
      throw new IllegalArgumentException("sample index must be >= 0, but was " + index);
    }
    Map<String, String> values = drawValues(Seeds.random(settings.runSeed(), index, "plan", 0));
    return new SamplePlan(
        settings.runId(),
        index,
        SampleIds.of(settings.runId(), index),
        values,
        exampleIndices(settings, index),
        Seeds.derive(settings.runSeed(), index, "sample"));
  }

  private List<Integer> exampleIndices(RunSettings settings, long index) {
    switch (settings.level()) {
      case NONE:
        return fixedExamples(settings);
      case SAMPLE:
        return SeedExampleDraw.forSample(
            settings.runSeed(), index, settings.seedExampleCount(), settings.examplesPerPlan());
      case FIELD:
      case PROMPT:
        // Drawn per call at generation time with SeedExampleDraw.forCall.
        return List.of();
      default:
        throw new IllegalStateException("unhandled seed shuffling level " + settings.level());
    }
  }

  private List<Integer> fixedExamples(RunSettings settings) {
    FixedExamples cached = fixedExamples;
    if (cached == null || !cached.settings().equals(settings)) {
      cached =
          new FixedExamples(
              settings,
              SeedExampleDraw.forRun(
                  settings.runSeed(), settings.seedExampleCount(), settings.examplesPerPlan()));
      fixedExamples = cached;
    }
    return cached.indices();
  }

  /**
   * The value at {@code u} of the table restricted to the values that can hold with those drawn
   * before it under the spec's order constraints; the unrestricted draw when none can, whose
   * records then fail with the constraint named.
   */
  private int drawHolding(double[] cumulative, double u, int[] drawn, int position) {
    int unrestricted = drawn[position];
    double[] holding = new double[cumulative.length];
    double total = 0;
    for (int i = 0; i < cumulative.length; i++) {
      double weight = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
      drawn[position] = i;
      if (weight > 0 && orders.canHold(drawn, position)) {
        total += weight;
      }
      holding[i] = total;
    }
    if (total <= 0) {
      return unrestricted;
    }
    for (int i = 0; i < holding.length; i++) {
      holding[i] /= total;
    }
    return draw(holding, u);
  }

  /** Index of the first cumulative weight above {@code u}; zero-weight values are never chosen. */
  private static int draw(double[] cumulative, double u) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > u) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  private static Node toNode(
      PropertyVariation property, List<PropertyVariation> sorted, Map<String, Integer> positions) {
    String[] values = property.values().toArray(String[]::new);
    if (values.length == 0) {
      throw new IllegalArgumentException("property '" + property.name() + "' has no values");
    }
    double[] base =
        cumulative(
            property.name(), "base_distributions", property.values(), property.baseDistribution());
    ConditionalDistribution conditional = property.conditional();
    if (conditional == null) {
      return new Node(property.name(), values, -1, base, null);
    }
    int parentPosition = positions.get(conditional.parent());
    PropertyVariation parent = sorted.get(parentPosition);
    for (String parentValue : conditional.byParentValue().keySet()) {
      if (!parent.values().contains(parentValue)) {
        throw new IllegalArgumentException(
            "property '"
                + property.name()
                + "': conditional_distributions names '"
                + parentValue
                + "', which is not a value of parent property '"
                + parent.name()
                + "'");
      }
    }
    double[][] byParentValue = new double[parent.values().size()][];
    for (int i = 0; i < byParentValue.length; i++) {
      String parentValue = parent.values().get(i);
      Map<String, Double> distribution = conditional.byParentValue().get(parentValue);
      // A parent value without its own row falls back to the base distribution.
      byParentValue[i] =
          distribution == null
              ? base
              : cumulative(
                  property.name(),
                  "conditional_distributions." + parent.name() + "." + parentValue,
                  property.values(),
                  distribution);
    }
    return new Node(property.name(), values, parentPosition, base, byParentValue);
  }

  /**
   * Cumulative probabilities in value order, ending at exactly 1; an empty distribution is uniform.
   */
  private static double[] cumulative(
      String property, String where, List<String> values, Map<String, Double> distribution) {
    double[] cumulative = new double[values.size()];
    if (distribution == null || distribution.isEmpty()) {
      for (int i = 0; i < cumulative.length; i++) {
        cumulative[i] = (i + 1) / (double) cumulative.length;
      }
      return cumulative;
    }
    for (Map.Entry<String, Double> entry : distribution.entrySet()) {
      if (!values.contains(entry.getKey())) {
        throw new IllegalArgumentException(
            "property '"
                + property
                + "': "
                + where
                + " names '"
                + entry.getKey()
                + "', which is not one of its values "
                + values);
      }
      Double weight = entry.getValue();
      if (weight == null || !(weight >= 0) || weight.isInfinite()) {
        throw new IllegalArgumentException(
            "property '"
                + property
                + "': "
                + where
                + "."
                + entry.getKey()
                + " must be a finite percentage >= 0, but was "
                + weight);
      }
    }
    double total = 0;
    for (int i = 0; i < cumulative.length; i++) {
      total += distribution.getOrDefault(values.get(i), 0.0);
      cumulative[i] = total;
    }
    if (total <= 0) {
      throw new IllegalArgumentException(
          "property '" + property + "': " + where + " gives every value weight 0");
    }
    // total / total is exactly 1.0, so every u in [0, 1) finds a value with nonzero weight.
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= total;
    }
    return cumulative;
  }

  /** Parents before children, otherwise in spec order (Kahn's algorithm with a stable queue). */
  private static List<PropertyVariation> topologicalOrder(List<PropertyVariation> properties) {
    Map<String, PropertyVariation> byName = new LinkedHashMap<>();
    for (PropertyVariation property : properties) {
      if (byName.put(property.name(), property) != null) {
        throw new IllegalArgumentException("property '" + property.name() + "' is defined twice");
      }
    }
    for (PropertyVariation property : properties) {
      ConditionalDistribution conditional = property.conditional();
      if (conditional != null && !byName.containsKey(conditional.parent())) {
        throw new IllegalArgumentException(
            "property '"
                + property.name()
                + "' has conditional_distributions on '"
                + conditional.parent()
                + "', which is not a property of the spec");
      }
    }
    List<PropertyVariation> sorted = new ArrayList<>(properties.size());
    List<PropertyVariation> remaining = new ArrayList<>(properties);
    Set<String> placed = new HashSet<>();
    while (!remaining.isEmpty()) {
      PropertyVariation next = null;
      for (PropertyVariation candidate : remaining) {
        ConditionalDistribution conditional = candidate.conditional();
        if (conditional == null || placed.contains(conditional.parent())) {
          next = candidate;
          break;
        }
      }
      if (next == null) {
        throw new IllegalArgumentException(
            "conditional_distributions form a cycle among properties "
                + remaining.stream().map(PropertyVariation::name).toList());
      }
      remaining.remove(next);
      placed.add(next.name());
      sorted.add(next);
    }
    return sorted;
  }
}
