package ai.dataframer.beam.core.eval;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.eval.PrecisionCheck.ColumnPrecision;
import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PrecisionCheckTest {
  @Test
  public void doublesMayHaveNoMorePlacesThanTheSeedValueWithTheMost() {
    ColumnPrecision price =
        only(
            FieldType.DOUBLE,
            List.of(12.5, 3.25, 10.0),
            Arrays.asList(4.99, 223.5363612019771, 7.0, null, 1.125));
    assertEquals(
        new ColumnPrecision("x", FieldType.DOUBLE, "2 decimal places", 4, 2, "223.5363612019771"),
        price);
  }

  @Test
  public void wholeNumberDoublesStayWhole() {
    assertEquals(
        new ColumnPrecision("x", FieldType.DOUBLE, "whole numbers", 2, 1, "26.399809646926975"),
        only(FieldType.DOUBLE, List.of(26.0, 31.0), List.of(26.399809646926975, 30.0)));
  }

  @Test
  public void floatsAreReadAsTheirOwnDigits() {
    // 0.1f is 0.100000001490116... as a double; as a float it has one place.
    assertEquals(
        new ColumnPrecision("x", FieldType.FLOAT, "1 decimal place", 2, 1, "1.25"),
        only(FieldType.FLOAT, List.of(1.5f, 0.1f), List.of(0.1f, 1.25f)));
  }

  @Test
  public void decimalsKeepTheSeedScale() {
    assertEquals(
        new ColumnPrecision("x", FieldType.DECIMAL, "scale 2", 3, 2, "4.1"),
        only(
            FieldType.DECIMAL,
            List.of(new BigDecimal("12.50"), new BigDecimal("3.00")),
            List.of(new BigDecimal("4.10"), new BigDecimal("4.1"), new BigDecimal("4.105"))));
  }

  @Test
  public void decimalsOfMixedScalesMayHaveAsManyPlacesAsTheSeedShows() {
    // The seed shows two places in 12.50, so 3.125 is the one finer value; 3.100 needs one.
    assertEquals(
        new ColumnPrecision("x", FieldType.DECIMAL, "2 decimal places", 2, 1, "3.125"),
        only(
            FieldType.DECIMAL,
            List.of(new BigDecimal("12.50"), new BigDecimal("1.5")),
            List.of(new BigDecimal("3.100"), new BigDecimal("3.125"))));
  }

  @Test
  public void timestampsAreWholeMultiplesOfTheSeedsCoarsestUnit() {
    List<Object> seedSeconds =
        List.of(Instant.parse("2024-03-01T08:15:00Z"), Instant.parse("2024-03-01T09:00:30Z"));
    assertEquals(
        new ColumnPrecision(
            "x", FieldType.TIMESTAMP, "whole seconds", 2, 1, "2024-03-02T10:00:01.250Z"),
        only(
            FieldType.TIMESTAMP,
            seedSeconds,
            List.of(
                Instant.parse("2024-03-02T10:00:01Z"), Instant.parse("2024-03-02T10:00:01.250Z"))));
    List<Object> seedMinutes =
        List.of(Instant.parse("2024-03-01T08:15:00Z"), Instant.parse("2024-03-01T09:00:00Z"));
    assertEquals(
        new ColumnPrecision(
            "x", FieldType.TIMESTAMP, "whole minutes", 2, 1, "2024-03-02T10:00:01Z"),
        only(
            FieldType.TIMESTAMP,
            seedMinutes,
            List.of(Instant.parse("2024-03-02T10:00:01Z"), Instant.parse("2024-03-02T10:07:00Z"))));
  }

  @Test
  public void reportsOnlyTypesWithAPrecisionAndColumnsWithSeedValues() {
    Map<String, FieldType> types = new LinkedHashMap<>();
    types.put("n", FieldType.LONG);
    types.put("s", FieldType.STRING);
    types.put("empty", FieldType.DOUBLE);
    types.put("d", FieldType.DOUBLE);
    Map<String, Object> seed = new HashMap<>();
    seed.put("n", 1L);
    seed.put("s", "a");
    seed.put("empty", null);
    seed.put("d", 1.5);
    Map<String, Object> synthetic = new HashMap<>(seed);
    synthetic.put("empty", 0.123);
    assertEquals(
        List.of(new ColumnPrecision("d", FieldType.DOUBLE, "1 decimal place", 1, 0, null)),
        PrecisionCheck.check(types, List.of(seed), List.of(synthetic)));
  }

  private static ColumnPrecision only(FieldType type, List<?> seed, List<?> synthetic) {
    List<ColumnPrecision> columns =
        PrecisionCheck.check(Map.of("x", type), records(seed), records(synthetic));
    assertEquals(1, columns.size());
    return columns.get(0);
  }

  private static List<Map<String, Object>> records(List<?> values) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Object value : values) {
      Map<String, Object> record = new HashMap<>();
      record.put("x", value);
      records.add(record);
    }
    return records;
  }
}
