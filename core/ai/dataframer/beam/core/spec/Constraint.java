package ai.dataframer.beam.core.spec;

import java.io.Serializable;
import java.util.List;

/**
 * A rule every record of a record spec holds (the spec's {@code constraints} block): learned from
 * the seed, where it held in every row, and editable in the YAML. The structural filter rejects a
 * record that breaks one; the embedded engine draws records that keep them.
 */
public sealed interface Constraint extends Serializable
    permits Constraint.Order, Constraint.Sum, Constraint.Determines {

  /** The YAML {@code kind} of the constraint. */
  String kind();

  /** The record fields the constraint names, in its own order. */
  List<String> fields();

  /**
   * {@code left op right} for two ordered fields of the same kind (numbers, dates or timestamps),
   * whenever both are non-null.
   *
   * @param op one of {@code >=, >, <=, <}
   */
  record Order(String left, String op, String right) implements Constraint {
    public static final List<String> OPERATORS = List.of(">=", ">", "<=", "<");

    @Override
    public String kind() {
      return "order";
    }

    @Override
    public List<String> fields() {
      return List.of(left, right);
    }

    /** Whether {@code left op right} holds for the two values in the numeric space. */
    public boolean holds(double leftValue, double rightValue) {
      switch (op) {
        case ">=":
          return leftValue >= rightValue;
        case ">":
          return leftValue > rightValue;
        case "<=":
          return leftValue <= rightValue;
        case "<":
          return leftValue < rightValue;
        default:
          throw new IllegalStateException("unknown order operator '" + op + "'");
      }
    }
  }

  /**
   * {@code total = parts[0] + parts[1] + ...} within {@code tolerance}, whenever the total and
   * every part are non-null.
   */
  record Sum(String total, List<String> parts, double tolerance) implements Constraint {
    public Sum {
      parts = parts == null ? List.of() : List.copyOf(parts);
    }

    @Override
    public String kind() {
      return "sum";
    }

    @Override
    public List<String> fields() {
      return java.util.stream.Stream.concat(java.util.stream.Stream.of(total), parts.stream())
          .toList();
    }
  }

  /**
   * Each value of {@code from} goes with one value of {@code to}, the one it has in the seed (a
   * city determines its country). Values of {@code from} the seed never shows are not checked.
   */
  record Determines(String from, String to) implements Constraint {
    @Override
    public String kind() {
      return "determines";
    }

    @Override
    public List<String> fields() {
      return List.of(from, to);
    }
  }
}
