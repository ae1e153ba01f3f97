package ai.dataframer.beam.core.spec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rules of the spec's {@code constraints} block, part of {@link SpecValidator}. */
final class ConstraintRules {
  private ConstraintRules() {}

  static void check(List<Constraint> constraints, List<RecordField> fields, List<String> problems) {
    Map<String, FieldType> types = new HashMap<>();
    for (RecordField field : fields) {
      if (field.name() != null && field.type() != null) {
        types.put(field.name(), field.type());
      }
    }
    for (int i = 0; i < constraints.size(); i++) {
      Constraint constraint = constraints.get(i);
      String label = "constraint #" + (i + 1) + " (" + constraint.kind() + ")";
      int before = problems.size();
      for (String name : constraint.fields()) {
        if (name == null || name.isBlank()) {
          problems.add(label + ": a field name is missing");
        } else if (!types.containsKey(name)) {
          problems.add(label + ": '" + name + "' is not one of the record_fields");
        }
      }
      if (problems.size() > before) {
        continue;
      }
      if (constraint instanceof Constraint.Order order) {
        checkOrder(label, order, types, problems);
      } else if (constraint instanceof Constraint.Sum sum) {
        checkSum(label, sum, types, problems);
      } else if (constraint instanceof Constraint.Determines determines
          && determines.from().equals(determines.to())) {
        problems.add(label + ": from and to are the same field '" + determines.from() + "'");
      }
    }
  }

  private static void checkOrder(
      String label, Constraint.Order order, Map<String, FieldType> types, List<String> problems) {
    if (!Constraint.Order.OPERATORS.contains(order.op())) {
      problems.add(
          label
              + ": op is "
              + (order.op() == null ? "missing" : "'" + order.op() + "'")
              + ", expected one of "
              + String.join(" ", Constraint.Order.OPERATORS));
    }
    if (order.left().equals(order.right())) {
      problems.add(label + ": left and right are the same field '" + order.left() + "'");
    }
    FieldType left = types.get(order.left());
    FieldType right = types.get(order.right());
    if (!left.isOrdered() || !right.isOrdered() || family(left) != family(right)) {
      problems.add(
          label
              + ": '"
              + order.left()
              + "' ("
              + left.yamlName()
              + ") and '"
              + order.right()
              + "' ("
              + right.yamlName()
              + ") cannot be compared; an order needs two numbers, two dates or two timestamps");
    }
  }

  private static void checkSum(
      String label, Constraint.Sum sum, Map<String, FieldType> types, List<String> problems) {
    if (sum.parts().isEmpty()) {
      problems.add(label + ": parts is empty, expected at least one field");
    }
    if (sum.parts().contains(sum.total())
        || sum.parts().stream().distinct().count() < sum.parts().size()) {
      problems.add(label + ": total and parts must be different fields, each named once");
    }
    for (String name : sum.fields()) {
      if (family(types.get(name)) != Family.NUMBER) {
        problems.add(
            label + ": '" + name + "' is " + types.get(name).yamlName() + ", expected a number");
      }
    }
    if (!Double.isFinite(sum.tolerance()) || sum.tolerance() < 0) {
      problems.add(label + ": tolerance must be >= 0, but was " + sum.tolerance());
    }
  }

  private enum Family {
    NUMBER,
    DATE,
    TIMESTAMP,
    OTHER
  }

  private static Family family(FieldType type) {
    switch (type) {
      case INT:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case DECIMAL:
        return Family.NUMBER;
      case DATE:
        return Family.DATE;
      case TIMESTAMP:
        return Family.TIMESTAMP;
      default:
        return Family.OTHER;
    }
  }
}
