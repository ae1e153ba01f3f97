package ai.dataframer.beam.core.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Null shares of each column, seed against synthetic (docs/ARCHITECTURE.md section 9). Fidelity's
 * KS shapes set nulls aside, so a column with 27.5% nulls in the seed and none in the synthetic
 * records shows here.
 */
public final class NullRates {
  private NullRates() {}

  /**
   * One column's null shares in percent.
   *
   * @param differencePoints |synthetic - seed| in percentage points
   */
  public record NullRate(
      String column, double seedPercent, double syntheticPercent, double differencePoints) {}

  /** The null share of each column in both record lists; neither list may be empty. */
  public static List<NullRate> compare(
      Collection<String> columns,
      List<Map<String, Object>> seed,
      List<Map<String, Object>> synthetic) {
    if (seed.isEmpty() || synthetic.isEmpty()) {
      throw new IllegalArgumentException(
          "null rates need seed and synthetic records, but had "
              + seed.size()
              + " and "
              + synthetic.size());
    }
    List<NullRate> rates = new ArrayList<>();
    for (String column : columns) {
      double seedPercent = percentNull(column, seed);
      double syntheticPercent = percentNull(column, synthetic);
      rates.add(
          new NullRate(
              column, seedPercent, syntheticPercent, Math.abs(syntheticPercent - seedPercent)));
    }
    return rates;
  }

  private static double percentNull(String column, List<Map<String, Object>> records) {
    long nulls = records.stream().filter(record -> record.get(column) == null).count();
    return 100.0 * nulls / records.size();
  }
}
