package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.TimestampUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Precision of synthetic values against the seed's (docs/ARCHITECTURE.md section 9): a price with
 * cents must not come out as 223.5363612019771, a whole-number measure as 26.4, a timestamp of
 * whole seconds with milliseconds, nor a DECIMAL(10,2) with another scale.
 *
 * <p>Per column type: FLOAT and DOUBLE values may have at most as many decimal places as the seed
 * value with the most; DECIMAL values must have the seed's scale when every seed value has the same
 * one, else at most its largest number of places; TIMESTAMP values must be whole multiples of the
 * coarsest unit (second, minute, ...) that divides every seed value. Other types cannot differ in
 * precision and are not reported, nor are columns with no seed value.
 */
public final class PrecisionCheck {
  private PrecisionCheck() {}

  /**
   * One column's precision.
   *
   * @param column the column
   * @param type its type
   * @param seedPrecision what the seed shows, such as "2 decimal places", "scale 2" or "whole
   *     seconds"
   * @param values non-null synthetic values checked
   * @param mismatches those finer than the seed (or with another scale)
   * @param example the first mismatching value as text, or null when none
   */
  public record ColumnPrecision(
      String column,
      FieldType type,
      String seedPrecision,
      long values,
      long mismatches,
      String example) {}

  /** The precision of every FLOAT, DOUBLE, DECIMAL and TIMESTAMP column of {@code types}. */
  public static List<ColumnPrecision> check(
      Map<String, FieldType> types,
      List<Map<String, Object>> seed,
      List<Map<String, Object>> synthetic) {
    List<ColumnPrecision> columns = new ArrayList<>();
    types.forEach(
        (column, type) -> {
          Rule rule = rule(column, type, seed);
          if (rule != null) {
            columns.add(apply(column, type, rule, synthetic));
          }
        });
    return columns;
  }

  /** What a column's synthetic values must satisfy, learned from its seed values. */
  private interface Rule {
    String describe();

    boolean holds(Object value);
  }

  private static Rule rule(String column, FieldType type, List<Map<String, Object>> seed) {
    List<Object> values =
        seed.stream().map(record -> record.get(column)).filter(v -> v != null).toList();
    if (values.isEmpty()) {
      return null;
    }
    switch (type) {
      case FLOAT:
      case DOUBLE:
        return placesRule(values.stream().mapToInt(PrecisionCheck::places).max().orElseThrow());
      case DECIMAL:
        return decimalRule(values);
      case TIMESTAMP:
        for (Object value : values) {
          if (!(value instanceof Instant)) {
            throw new IllegalArgumentException(
                "seed column '"
                    + column
                    + "' is a timestamp, but holds "
                    + value.getClass().getSimpleName()
                    + " '"
                    + value
                    + "'");
          }
        }
        return unitRule(values);
      default:
        return null;
    }
  }

  private static Rule placesRule(int maxPlaces) {
    return new Rule() {
      @Override
      public String describe() {
        return maxPlaces == 0
            ? "whole numbers"
            : maxPlaces + (maxPlaces == 1 ? " decimal place" : " decimal places");
      }

      @Override
      public boolean holds(Object value) {
        return places(value) <= maxPlaces;
      }
    };
  }

  private static Rule decimalRule(List<Object> values) {
    TreeSet<Integer> scales = new TreeSet<>();
    values.forEach(value -> scales.add(new BigDecimal(value.toString()).scale()));
    if (scales.size() > 1) {
      // The places the seed shows, trailing zeros included: 12.50 shows cents.
      return placesRule(Math.max(0, scales.last()));
    }
    int scale = scales.iterator().next();
    return new Rule() {
      @Override
      public String describe() {
        return "scale " + scale;
      }

      @Override
      public boolean holds(Object value) {
        return value instanceof BigDecimal decimal && decimal.scale() == scale;
      }
    };
  }

  private static Rule unitRule(List<Object> values) {
    TimestampUnit unit = TimestampUnit.DAY;
    for (Object value : values) {
      TimestampUnit dividing = TimestampUnit.coarsestDividing(((Instant) value).toEpochMilli());
      if (dividing.millis() < unit.millis()) {
        unit = dividing;
      }
    }
    TimestampUnit seedUnit = unit;
    return new Rule() {
      @Override
      public String describe() {
        return "whole " + seedUnit.yamlName() + "s";
      }

      @Override
      public boolean holds(Object value) {
        return value instanceof Instant instant
            && Math.floorMod(instant.toEpochMilli(), seedUnit.millis()) == 0;
      }
    };
  }

  private static ColumnPrecision apply(
      String column, FieldType type, Rule rule, List<Map<String, Object>> synthetic) {
    long values = 0;
    long mismatches = 0;
    String example = null;
    for (Map<String, Object> record : synthetic) {
      Object value = record.get(column);
      if (value == null) {
        continue;
      }
      values++;
      if (!rule.holds(value)) {
        mismatches++;
        if (example == null) {
          example = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        }
      }
    }
    return new ColumnPrecision(column, type, rule.describe(), values, mismatches, example);
  }

  /** Decimal places a number needs: 0 for 26.0 and 1200, 1 for 12.50. */
  static int places(Object value) {
    Object canonical = Values.canonical(value);
    if (!(canonical instanceof BigDecimal decimal)) {
      // NaN and infinities have no decimal places to compare.
      return 0;
    }
    return Math.max(0, decimal.scale());
  }
}
