package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.Constraint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Synthetic records against the rules of a spec's {@code constraints} block (docs/ARCHITECTURE.md
 * section 9): an order closed before it opened, a total that is not the sum of its parts, a city in
 * another country than the seed puts it.
 */
public final class ConstraintCheck {
  /**
   * Sums are compared in doubles; this share of the total's size (at least of 1) is rounding, not a
   * violation, so 0.1 + 0.2 = 0.3 holds at tolerance 0.
   */
  private static final double ROUNDING = 1e-9;

  private ConstraintCheck() {}

  /**
   * How often one constraint is broken.
   *
   * @param constraint the constraint as text, such as {@code closed_at >= opened_at}
   * @param kind its YAML kind: order, sum or determines
   * @param checked synthetic records it applies to (its fields non-null; for determines, a value of
   *     {@code from} the seed has)
   * @param violations those that break it
   * @param example the fields of the first that breaks it, or null when none
   */
  public record ConstraintViolations(
      String constraint, String kind, long checked, long violations, String example) {}

  /** Each constraint against the synthetic records; {@code seed} gives the determines mappings. */
  public static List<ConstraintViolations> check(
      List<Constraint> constraints,
      List<Map<String, Object>> seed,
      List<Map<String, Object>> synthetic) {
    List<ConstraintViolations> results = new ArrayList<>();
    for (Constraint constraint : constraints) {
      RecordRule rule = rule(constraint, seed);
      long checked = 0;
      long violations = 0;
      String example = null;
      for (Map<String, Object> record : synthetic) {
        Boolean holds = rule.holds(record);
        if (holds == null) {
          continue;
        }
        checked++;
        if (!holds) {
          violations++;
          if (example == null) {
            example = fields(constraint, record);
          }
        }
      }
      results.add(
          new ConstraintViolations(
              describe(constraint), constraint.kind(), checked, violations, example));
    }
    return results;
  }

  /** A constraint as one line: {@code a >= b}, {@code t = a + b (± 0.01)}, {@code a -> b}. */
  public static String describe(Constraint constraint) {
    if (constraint instanceof Constraint.Order order) {
      return order.left() + " " + order.op() + " " + order.right();
    }
    if (constraint instanceof Constraint.Sum sum) {
      return String.format(
          Locale.ROOT,
          "%s = %s (± %s)",
          sum.total(),
          String.join(" + ", sum.parts()),
          new BigDecimal(Double.toString(sum.tolerance())).stripTrailingZeros().toPlainString());
    }
    if (constraint instanceof Constraint.Determines determines) {
      return determines.from() + " -> " + determines.to();
    }
    throw new IllegalArgumentException("unknown constraint " + constraint);
  }

  /** Whether a record keeps a rule: null when the rule does not apply to it. */
  private interface RecordRule {
    Boolean holds(Map<String, Object> record);
  }

  private static RecordRule rule(Constraint constraint, List<Map<String, Object>> seed) {
    if (constraint instanceof Constraint.Order order) {
      return record -> {
        Object left = record.get(order.left());
        Object right = record.get(order.right());
        if (left == null || right == null) {
          return null;
        }
        return order.holds(
            Values.number(left, "column '" + order.left() + "'"),
            Values.number(right, "column '" + order.right() + "'"));
      };
    }
    if (constraint instanceof Constraint.Sum sum) {
      return record -> {
        Object total = record.get(sum.total());
        if (total == null) {
          return null;
        }
        double parts = 0.0;
        for (String part : sum.parts()) {
          Object value = record.get(part);
          if (value == null) {
            return null;
          }
          parts += Values.number(value, "column '" + part + "'");
        }
        double expected = Values.number(total, "column '" + sum.total() + "'");
        double slack = sum.tolerance() + ROUNDING * Math.max(1.0, Math.abs(expected));
        return Math.abs(expected - parts) <= slack;
      };
    }
    if (constraint instanceof Constraint.Determines determines) {
      Map<Object, Set<Object>> mapping = new HashMap<>();
      for (Map<String, Object> record : seed) {
        Object from = record.get(determines.from());
        if (from != null) {
          mapping
              .computeIfAbsent(Values.canonical(from), key -> new HashSet<>())
              .add(Values.canonical(record.get(determines.to())));
        }
      }
      return record -> {
        Object from = record.get(determines.from());
        Set<Object> allowed = from == null ? null : mapping.get(Values.canonical(from));
        if (allowed == null) {
          return null;
        }
        return allowed.contains(Values.canonical(record.get(determines.to())));
      };
    }
    throw new IllegalArgumentException("unknown constraint " + constraint);
  }

  private static String fields(Constraint constraint, Map<String, Object> record) {
    return constraint.fields().stream()
        .map(field -> field + "=" + record.get(field))
        .collect(Collectors.joining(", "));
  }
}
