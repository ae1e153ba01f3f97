package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Mergeable, order-independent evidence for the constraints of a spec, fed the same rows as the
 * column profiles (it is part of {@link TableProfile}): order counts of ordered column pairs
 * ({@link OrderCounts}), candidate sums ({@link SumSearch}) and functional column pairs ({@link
 * FunctionalPairs}). {@link ConstraintLearning} turns it into the spec's {@code constraints}.
 */
final class ConstraintProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final OrderCounts orders;
  private final SumSearch sums;
  private final FunctionalPairs functions;

  ConstraintProfile(List<FieldType> types) {
    this.orders = OrderCounts.of(types);
    this.sums = SumSearch.of(types);
    this.functions = new FunctionalPairs(types);
  }

  /** Adds one record, read in the given column order. */
  void add(Map<String, Object> record, List<String> columnNames) {
    Object[] row = new Object[columnNames.size()];
    for (int c = 0; c < row.length; c++) {
      row[c] = record.get(columnNames.get(c));
    }
    orders.add(row);
    sums.add(row);
    functions.add(row);
  }

  void merge(ConstraintProfile other) {
    orders.merge(other.orders);
    sums.merge(other.sums);
    functions.merge(other.functions);
  }

  OrderCounts orders() {
    return orders;
  }

  SumSearch sums() {
    return sums;
  }

  FunctionalPairs functions() {
    return functions;
  }
}
