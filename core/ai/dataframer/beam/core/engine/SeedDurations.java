package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.PropertyValues;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The durations between two ordered date or timestamp fields in the seed rows, which {@link
 * ConstraintEnforcer} replays for a field ordered after its partner (docs/ARCHITECTURE.md
 * "Constraints"): a ticket answered hours after it opened, whatever the day. Only when durations
 * are about independent of the partner's value; numbers keep their own draws, mended only when out
 * of order, as a replayed gap or ratio between amounts made dependences the seed does not have.
 */
final class SeedDurations {
  /** |correlation| between a duration and the partner's value above which it is not replayed. */
  static final double MAX_RELATION_DEPENDENCE = 0.3;

  private SeedDurations() {}

  /**
   * {@code field - partner} over the seed rows showing both, sorted; empty when the fields are not
   * dates or timestamps or the durations depend on the partner's value.
   */
  static double[] between(List<Map<String, Object>> seeds, String field, String partner) {
    double[] differences = new double[seeds.size()];
    double[] partners = new double[seeds.size()];
    int n = 0;
    boolean temporal = false;
    for (Map<String, Object> row : seeds) {
      Object a = row.get(field);
      Object b = row.get(partner);
      if (a != null && b != null) {
        temporal |= a instanceof Instant || a instanceof LocalDate;
        partners[n] = PropertyValues.toNumber(b);
        differences[n] = PropertyValues.toNumber(a) - partners[n];
        n++;
      }
    }
    differences = Arrays.copyOf(differences, n);
    if (!temporal
        || Math.abs(GaussianCopula.pairwiseCorrelation(differences, Arrays.copyOf(partners, n)))
            >= MAX_RELATION_DEPENDENCE) {
      return new double[0];
    }
    Arrays.sort(differences);
    return differences;
  }
}
