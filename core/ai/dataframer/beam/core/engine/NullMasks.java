package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.RecordField;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which unbound fields of a record are null, drawn jointly (docs/ARCHITECTURE.md "Embedded
 * values"): the null pattern of one seed row, picked among the seed rows matching the plan, so that
 * both each column's null rate and which columns are null together follow the seed (an address
 * missing its street usually misses its city too).
 *
 * <p>The spec stays the user's control: where a field's {@code nullable_percent} differs from the
 * seed rows' null share, the seed pattern is thinned (a null kept with probability spec / seed) or
 * topped up (a value nulled with probability (spec - seed) / (1 - seed)) independently, which gives
 * the spec's rate and keeps as much of the co-occurrence as that rate allows. Without seed rows
 * every field is null independently at its spec rate.
 */
final class NullMasks {
  /**
   * Fewer matching rows than this and the pattern comes from a wider group: a handful of rows would
   * make the null rate of a rare combination of bound values all or nothing.
   */
  static final int MIN_MASK_ROWS = 20;

  /** Shares closer than this (0.01 points) are the same: the spec rounds to 0.01 points. */
  private static final double SAME_SHARE = 1e-4;

  private final int[] unboundPositions;
  private final int fieldCount;

  /** Per seed row, per unbound field (in unboundPositions order): null in that row. */
  private final boolean[][] nullsByRow;

  /** Spec rate of each unbound field, 0..1. */
  private final double[] specShare;

  /** Probability that a null of the seed pattern is kept; 1 when the spec rate is not below. */
  private final double[] keepNull;

  /**
   * Probability that a value of the seed pattern becomes null; 0 when the spec rate is not above.
   */
  private final double[] addNull;

  /**
   * @param fields the spec's record fields
   * @param unboundPositions positions in {@code fields} of the fields not bound to a property
   * @param seeds the seed rows, in the order that row indexes refer to
   */
  NullMasks(List<RecordField> fields, int[] unboundPositions, List<Map<String, Object>> seeds) {
    this.unboundPositions = unboundPositions.clone();
    this.fieldCount = fields.size();
    int unbound = unboundPositions.length;
    this.nullsByRow = new boolean[seeds.size()][unbound];
    long[] nulls = new long[unbound];
    for (int row = 0; row < seeds.size(); row++) {
      Map<String, Object> seed = seeds.get(row);
      for (int f = 0; f < unbound; f++) {
        boolean isNull = seed.get(fields.get(unboundPositions[f]).name()) == null;
        nullsByRow[row][f] = isNull;
        nulls[f] += isNull ? 1 : 0;
      }
    }
    this.specShare = new double[unbound];
    this.keepNull = new double[unbound];
    this.addNull = new double[unbound];
    for (int f = 0; f < unbound; f++) {
      double spec = fields.get(unboundPositions[f]).nullablePercent() / 100;
      double seed = seeds.isEmpty() ? spec : (double) nulls[f] / seeds.size();
      specShare[f] = spec;
      keepNull[f] = spec < seed - SAME_SHARE ? spec / seed : 1;
      addNull[f] = spec > seed + SAME_SHARE ? (spec - seed) / (1 - seed) : 0;
    }
  }

  /**
   * The null flags of one record, by position in the spec's fields (false for bound fields).
   *
   * @param rows indexes of the seed rows to take the pattern from; empty for independent draws
   */
  boolean[] draw(int[] rows, SplittableRandom random) {
    boolean[] out = new boolean[fieldCount];
    if (rows.length == 0) {
      for (int f = 0; f < unboundPositions.length; f++) {
        out[unboundPositions[f]] = random.nextDouble() < specShare[f];
      }
      return out;
    }
    boolean[] pattern = nullsByRow[rows[random.nextInt(rows.length)]];
    for (int f = 0; f < pattern.length; f++) {
      boolean isNull = pattern[f];
      if (isNull && keepNull[f] < 1) {
        isNull = random.nextDouble() < keepNull[f];
      } else if (!isNull && addNull[f] > 0) {
        isNull = random.nextDouble() < addNull[f];
      }
      out[unboundPositions[f]] = isNull;
    }
    return out;
  }
}
