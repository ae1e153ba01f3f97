package ai.dataframer.beam.core.eval;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.eval.FidelityReport.ColumnHistogram;
import ai.dataframer.beam.core.spec.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The report's histograms: what a reader sees per column. */
public class ScoredColumnTest {
  private static List<Map<String, Object>> records(String column, Object... values) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Object value : values) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put(column, value);
      records.add(record);
    }
    return records;
  }

  private static ColumnHistogram histogram(
      FieldType type, List<Map<String, Object>> seed, List<Map<String, Object>> synthetic) {
    Map<String, FieldType> types = Map.of("x", type);
    return Fidelity.defaults().evaluate(types, seed, synthetic).histograms().get(0);
  }

  @Test
  public void fewDistinctNumbersGetABinEachAndOddValuesTheirOwn() {
    List<Map<String, Object>> seed = records("x", 1, 1, 2, 2, 3, 3, 3, 5);
    ColumnHistogram same = histogram(FieldType.INT, seed, seed);
    assertEquals(List.of("1", "2", "3", "5"), same.bins());
    assertEquals(same.seedShares(), same.syntheticShares());

    ColumnHistogram odd = histogram(FieldType.INT, seed, records("x", 1, 4, 9, null));
    assertEquals(List.of("1", "2", "3", "5", "between seed values", "above 5", "null"), odd.bins());
    assertEquals(List.of(0.25, 0.0, 0.0, 0.0, 0.25, 0.25, 0.25), odd.syntheticShares());
    assertEquals(List.of(0.25, 0.25, 0.375, 0.125, 0.0, 0.0, 0.0), odd.seedShares());
  }

  @Test
  public void manyDistinctNumbersGetTwentyEqualBins() {
    List<Map<String, Object>> seed = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      seed.addAll(records("x", i / 10.0));
    }
    ColumnHistogram histogram = histogram(FieldType.DOUBLE, seed, records("x", -1.0, 5.0));
    assertEquals("below, twenty within; none above, no null", 21, histogram.bins().size());
    assertEquals("below 0", histogram.bins().get(0));
    assertEquals("0.5000", histogram.bins().get(2));
    assertEquals(0.5, histogram.syntheticShares().get(0), 0.0);
  }

  @Test
  public void categoriesShowUnseenValuesAndNullsOnlyWhenThereAreSome() {
    List<Map<String, Object>> seed = records("x", "a", "b", "b");
    assertEquals(List.of("b", "a"), histogram(FieldType.STRING, seed, seed).bins());
    assertEquals(
        List.of("b", "a", "not in the seed", "null"),
        histogram(FieldType.STRING, seed, records("x", "c", null)).bins());
  }
}
