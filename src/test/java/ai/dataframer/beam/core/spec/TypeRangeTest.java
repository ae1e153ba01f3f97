package ai.dataframer.beam.core.spec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.Test;

public class TypeRangeTest {
  @Test
  public void drawnNumbersStayInsideTheirType() {
    assertEquals(Integer.MAX_VALUE, PropertyValues.fromNumber(2147483647.6, FieldType.INT, null));
    assertEquals(Integer.MIN_VALUE, PropertyValues.fromNumber(-1e12, FieldType.INT, null));
    assertEquals(Long.MAX_VALUE, PropertyValues.fromNumber(1e30, FieldType.LONG, null));
    assertEquals(
        Double.MAX_VALUE,
        PropertyValues.fromNumber(Double.POSITIVE_INFINITY, FieldType.DOUBLE, null));
    assertEquals(Float.MAX_VALUE, PropertyValues.fromNumber(1e300, FieldType.FLOAT, null));
    assertEquals(LocalDate.of(9999, 12, 31), PropertyValues.fromNumber(1e15, FieldType.DATE, null));
    assertEquals(
        Instant.parse("0001-01-01T00:00:00Z"),
        PropertyValues.fromNumber(-1e18, FieldType.TIMESTAMP, null));
  }

  @Test
  public void betweenNeverOverflows() {
    double x = TypeRange.between(-Double.MAX_VALUE, Double.MAX_VALUE, 0.75);
    assertTrue(Double.isFinite(x));
    assertEquals(Double.MAX_VALUE / 2, x, Double.MAX_VALUE * 1e-12);
    assertEquals(0.5, TypeRange.fraction(0, -Double.MAX_VALUE, Double.MAX_VALUE), 1e-12);
    assertEquals(Double.MAX_VALUE, TypeRange.width(-Double.MAX_VALUE, Double.MAX_VALUE), 0);
    assertEquals(2.5, TypeRange.between(2, 3, 0.5), 0);
  }
}
