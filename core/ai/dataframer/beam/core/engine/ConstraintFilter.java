package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.ConstraintValues;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The record keeps every constraint of the spec's {@code constraints} block, each read only where
 * its fields are non-null: orders compare, sums add up within their tolerance, and a {@code
 * determines} rule's {@code to} is the value the seed rows show with {@code from} (values of {@code
 * from} the seed never shows are not checked). Runs after {@link StructuralFilter}, so values have
 * their fields' classes; a value that does not is left to it.
 */
public final class ConstraintFilter implements SampleFilter {
  private final List<Constraint> constraints;
  private final Map<Constraint.Determines, SeedMapping> mappings = new HashMap<>();

  /**
   * @param seeds the seed rows the {@code determines} rules are read from (core records)
   */
  public ConstraintFilter(Spec spec, List<Map<String, Object>> seeds) {
    this.constraints = spec.constraints();
    for (Constraint constraint : constraints) {
      if (constraint instanceof Constraint.Determines determines) {
        mappings.put(determines, new SeedMapping(determines, seeds));
      }
    }
  }

  @Override
  public List<String> check(SamplePlan plan, Map<String, Object> record) {
    List<String> reasons = new ArrayList<>();
    for (Constraint constraint : constraints) {
      try {
        String reason = violation(constraint, record);
        if (reason != null) {
          reasons.add(reason);
        }
      } catch (IllegalArgumentException e) {
        // A value of the wrong class: the structural filter names it.
      }
    }
    return reasons;
  }

  private String violation(Constraint constraint, Map<String, Object> record) {
    if (constraint instanceof Constraint.Order order) {
      return orderViolation(order, record);
    }
    if (constraint instanceof Constraint.Sum sum) {
      return sumViolation(sum, record);
    }
    return determinesViolation((Constraint.Determines) constraint, record);
  }

  private static String orderViolation(Constraint.Order order, Map<String, Object> record) {
    Object left = record.get(order.left());
    Object right = record.get(order.right());
    if (left == null || right == null || ConstraintValues.holds(order, left, right)) {
      return null;
    }
    return order.left()
        + " "
        + text(left)
        + " is "
        + broken(order.op(), left instanceof Instant || left instanceof LocalDate)
        + " "
        + order.right()
        + " "
        + text(right)
        + " (constraint order "
        + order.left()
        + " "
        + order.op()
        + " "
        + order.right()
        + ")";
  }

  /** How {@code left op right} reads when it is broken: "before" for {@code >=} on dates. */
  private static String broken(String op, boolean temporal) {
    switch (op) {
      case ">=":
        return temporal ? "before" : "below";
      case ">":
        return temporal ? "not after" : "not above";
      case "<=":
        return temporal ? "after" : "above";
      default:
        return temporal ? "not before" : "not below";
    }
  }

  private static String sumViolation(Constraint.Sum sum, Map<String, Object> record) {
    Object total = record.get(sum.total());
    List<Object> parts = new ArrayList<>(sum.parts().size());
    for (String part : sum.parts()) {
      parts.add(record.get(part));
    }
    if (total == null
        || parts.contains(null)
        || ConstraintValues.sumHolds(total, parts, sum.tolerance())) {
      return null;
    }
    String formula = String.join(" + ", sum.parts());
    return sum.total()
        + " "
        + text(total)
        + " is not "
        + formula
        + " = "
        + parts.stream().map(ConstraintFilter::text).collect(Collectors.joining(" + "))
        + " = "
        + ConstraintValues.sum(parts).toPlainString()
        + " within "
        + BigDecimal.valueOf(sum.tolerance()).toPlainString()
        + " (constraint sum "
        + sum.total()
        + " = "
        + formula
        + ")";
  }

  private String determinesViolation(Constraint.Determines rule, Map<String, Object> record) {
    Object from = record.get(rule.from());
    Object to = record.get(rule.to());
    SeedMapping mapping = mappings.get(rule);
    if (from == null || to == null || mapping.keeps(from, to)) {
      return null;
    }
    return rule.to()
        + " "
        + text(to)
        + " does not go with "
        + rule.from()
        + " "
        + text(from)
        + ", which the seed shows with "
        + text(mapping.mapped(from))
        + " (constraint determines "
        + rule.from()
        + " -> "
        + rule.to()
        + ")";
  }

  private static String text(Object value) {
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
  }
}
