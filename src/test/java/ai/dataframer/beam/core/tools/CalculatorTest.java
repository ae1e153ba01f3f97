package ai.dataframer.beam.core.tools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class CalculatorTest {
  @Test
  public void arithmeticFollowsPrecedenceAndIsExactForDecimals() {
    assertEquals("0.3", Calculator.evaluate("0.1 + 0.2"));
    assertEquals("14", Calculator.evaluate("2 + 3 * 4"));
    assertEquals("20", Calculator.evaluate("(2 + 3) * 4"));
    assertEquals("50.9745", Calculator.evaluate("(19.99 * 3) * (1 - 0.15)"));
    assertEquals("-8", Calculator.evaluate("-2^3"));
    assertEquals("512", Calculator.evaluate("2^3^2"));
    assertEquals("1", Calculator.evaluate("10 % 3"));
    assertEquals("0.001", Calculator.evaluate("1e-3"));
    assertEquals("0.3333333333333333333333333333333333", Calculator.evaluate("1/3"));
    assertEquals("0.25", Calculator.evaluate("2^-2"));
  }

  @Test
  public void functionsAndConstants() {
    assertEquals("12", Calculator.evaluate("sqrt(144)"));
    assertEquals("3", Calculator.evaluate("round(2.5)"));
    assertEquals("2.35", Calculator.evaluate("round(2.345, 2)"));
    assertEquals("7", Calculator.evaluate("max(1, 7, 3)"));
    assertEquals("-2", Calculator.evaluate("floor(-1.5)"));
    assertEquals("2", Calculator.evaluate("log10(100)"));
    assertEquals("3.141592653589793", Calculator.evaluate("pi"));
  }

  @Test
  public void anythingButArithmeticIsRefusedWithAMessage() {
    CalculatorException unknown =
        assertThrows(
            CalculatorException.class, () -> Calculator.evaluate("__import__('os').system('ls')"));
    assertThat(unknown.getMessage(), containsString("unexpected '_'"));
    assertThat(
        assertThrows(CalculatorException.class, () -> Calculator.evaluate("Runtime.exec(1)"))
            .getMessage(),
        containsString("unknown name 'runtime'"));
    assertThat(
        assertThrows(CalculatorException.class, () -> Calculator.evaluate("1 / 0")).getMessage(),
        containsString("division by zero"));
    assertThat(
        assertThrows(CalculatorException.class, () -> Calculator.evaluate("(1 + 2")).getMessage(),
        containsString("expected ')'"));
    assertThat(
        assertThrows(CalculatorException.class, () -> Calculator.evaluate("sqrt(-1)")).getMessage(),
        containsString("negative"));
    assertThat(
        assertThrows(CalculatorException.class, () -> Calculator.evaluate("")).getMessage(),
        containsString("empty"));
  }

  @Test
  public void workIsBounded() {
    assertThat(
        assertThrows(CalculatorException.class, () -> Calculator.evaluate("10^10^10")).getMessage(),
        containsString("no finite result"));
    assertThat(
        assertThrows(CalculatorException.class, () -> Calculator.evaluate("1+".repeat(600) + "1"))
            .getMessage(),
        containsString("characters"));
    assertThat(
        assertThrows(
                CalculatorException.class,
                () -> Calculator.evaluate("(".repeat(150) + "1" + ")".repeat(150)))
            .getMessage(),
        containsString("nests deeper"));
  }
}
