package ai.dataframer.beam.io.sink;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import org.junit.Test;

public class TextValuesTest {
  @Test
  public void floatingPointIsWrittenInPlainNotation() {
    assertEquals("12345678.5", TextValues.format(12_345_678.5));
    assertEquals("10000000", TextValues.format(1.0e7));
    assertEquals("0.0001", TextValues.format(1.0e-4));
    assertEquals("-0.00012", TextValues.format(-1.2e-4));
    assertEquals("12.5", TextValues.format(12.5));
    assertEquals("3.0", TextValues.format(3.0));
    assertEquals("25000000", TextValues.format(2.5e7f));
    assertEquals("1000", TextValues.format(new BigDecimal("1E+3")));
    for (double x : new double[] {0.1 + 0.2, 1.7976931348623157e308, 4.9e-324, 123456789.123}) {
      assertEquals("reads back as the same double", x, Double.parseDouble(TextValues.format(x)), 0);
    }
  }
}
