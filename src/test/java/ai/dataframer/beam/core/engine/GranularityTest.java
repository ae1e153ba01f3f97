package ai.dataframer.beam.core.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.TimestampUnit;
import ai.dataframer.beam.core.spec.TypeRange;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

public class GranularityTest {
  private static RecordField field(FieldType type) {
    return new RecordField("x", type, null, 0, List.of(), null, null);
  }

  private static Granularity doubles(int decimals) {
    return Granularity.of(field(FieldType.DOUBLE).withDecimals(decimals));
  }

  private static Granularity timestamps(TimestampUnit unit) {
    return Granularity.of(field(FieldType.TIMESTAMP).withUnit(unit));
  }

  private static Granularity decimal(Integer scale, Integer precision) {
    return Granularity.of(
        new RecordField("x", FieldType.DECIMAL, null, 0, List.of(), null, scale)
            .withPrecision(precision));
  }

  @Test
  public void doublesAreRoundedToTheirDecimalPlaces() {
    Granularity cents = doubles(2);
    assertEquals(223.54, cents.value(223.5363612019771));
    assertEquals(223.54, cents.apply(223.5363612019771));
    assertTrue(cents.holds(223.54));
    assertFalse(cents.holds(223.5363612019771));
    assertEquals(0.12, cents.floor(0.129));
    assertEquals(0.13, cents.ceiling(0.121));
    assertEquals(0.13, cents.floor(0.13));
    assertEquals("2 decimal places", cents.describe());
    assertEquals(0.01, cents.step(), 0);
    Granularity whole = doubles(0);
    assertEquals(26.0, whole.value(26.399809646926975));
    assertFalse(whole.holds(26.399809646926975));
    assertEquals("whole numbers", whole.describe());
    assertEquals("no negative zero", 0.0, whole.apply(-0.2));
  }

  @Test
  public void roundedDoublesHoldAndStayWithinHalfAStepWhateverTheirSize() {
    SplittableRandom random = new SplittableRandom(1);
    for (int decimals : new int[] {0, 1, 2, 4, 8}) {
      Granularity grain = doubles(decimals);
      for (int i = 0; i < 20_000; i++) {
        double x = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(18) - 4);
        double value = (Double) grain.value(x);
        assertTrue(x + " -> " + value, grain.holds(value));
        assertEquals(x + " at " + decimals, x, value, grain.step() / 2 + Math.ulp(x) * 4);
        double floor = (Double) grain.floor(x);
        double ceiling = (Double) grain.ceiling(x);
        assertTrue(x + " floor " + floor, floor <= x && grain.holds(floor));
        assertTrue(x + " ceiling " + ceiling, ceiling >= x && grain.holds(ceiling));
      }
    }
  }

  @Test
  public void aSeedValueWrittenInTheGrainHoldsIt() {
    Granularity cents = doubles(2);
    for (String text : List.of("95.96", "0.07", "1234567.89", "-3.1", "114.69", "32.77")) {
      assertTrue(text, cents.holds(Double.parseDouble(text)));
    }
    Granularity tenths = Granularity.of(field(FieldType.FLOAT).withDecimals(1));
    assertTrue(tenths.holds(0.1f));
    assertEquals(2.3f, tenths.value(2.3456));
    assertFalse(tenths.holds(2.35f));
  }

  @Test
  public void doublesWithoutDecimalsAreLeftAsTheyAre() {
    Granularity none = Granularity.of(field(FieldType.DOUBLE));
    assertEquals(223.5363612019771, none.apply(223.5363612019771));
    assertTrue(none.holds(223.5363612019771));
    assertEquals(0, none.step(), 0);
  }

  @Test
  public void timestampsAreWholeUnits() {
    Granularity seconds = timestamps(TimestampUnit.SECOND);
    assertEquals(Instant.ofEpochMilli(1_235_000), seconds.value(1_234_567));
    assertEquals(Instant.ofEpochMilli(1_234_000), seconds.floor(1_234_999));
    assertEquals(Instant.ofEpochMilli(1_235_000), seconds.ceiling(1_234_001));
    assertEquals(Instant.ofEpochMilli(-2_000), seconds.apply(Instant.ofEpochMilli(-1_600)));
    assertTrue(seconds.holds(Instant.ofEpochMilli(-2_000)));
    assertFalse(seconds.holds(Instant.ofEpochMilli(1_234_567)));
    assertEquals("whole seconds", seconds.describe());
    assertEquals(1000, seconds.step(), 0);
    Granularity days = timestamps(TimestampUnit.DAY);
    assertEquals(
        Instant.parse("2024-03-02T00:00:00Z"), days.apply(Instant.parse("2024-03-01T13:00:00Z")));
    double lastMilli = TypeRange.max(FieldType.TIMESTAMP).doubleValue();
    Instant last = (Instant) days.value(lastMilli);
    assertEquals(Instant.parse("9999-12-31T00:00:00Z"), last);
    assertEquals(last, days.ceiling(lastMilli - 5));
  }

  @Test
  public void millisecondTimestampsHaveNoFurtherGrain() {
    Granularity millis = Granularity.of(field(FieldType.TIMESTAMP));
    assertTrue(millis.holds(Instant.ofEpochMilli(1_234_567)));
    assertEquals(Instant.ofEpochMilli(1_234_567), millis.value(1_234_567.2));
  }

  @Test
  public void decimalsKeepTheirScaleAndFitTheirPrecision() {
    Granularity money = decimal(2, 5);
    assertEquals(new BigDecimal("123.46"), money.value(123.456));
    assertEquals(new BigDecimal("999.99"), money.value(123_456.789));
    assertEquals(new BigDecimal("-999.99"), money.apply(new BigDecimal("-5000")));
    assertTrue(money.holds(new BigDecimal("999.99")));
    assertFalse(money.holds(new BigDecimal("1000.00")));
    assertFalse(money.holds(new BigDecimal("12.5")));
    assertEquals(new BigDecimal("0.12"), money.floor(0.129));
    assertEquals(new BigDecimal("0.13"), money.ceiling(0.121));
    assertEquals("scale 2, at most 5 digits", money.describe());
    Granularity unscaled = decimal(null, 3);
    assertEquals(new BigDecimal("1.23E+3"), unscaled.apply(new BigDecimal("1234.5")));
    assertFalse(unscaled.holds(new BigDecimal("1234.5")));
  }

  @Test
  public void boundRangesDrawOnTheGrainInsideTheRange() {
    Granularity cents = doubles(2);
    // Neither end is on the grain: the range holds 0.13 .. 0.24.
    BoundRange range = new BoundRange(0.125, 0.245, false);
    double[] window = range.drawWindow(cents);
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 2000; i++) {
      double x = TypeRange.between(window[0], window[1], random.nextDouble());
      Object value = range.valueWithin(x, cents);
      assertTrue(value + " from " + x, cents.holds(value));
      double position = PropertyValues.toNumber(value);
      assertThat(position, greaterThanOrEqualTo(0.13));
      assertThat(position, lessThanOrEqualTo(0.24));
    }
    Granularity minutes = timestamps(TimestampUnit.MINUTE);
    BoundRange hour = new BoundRange(3_600_000, 7_200_000, false);
    double[] hourWindow = hour.drawWindow(minutes);
    for (int i = 0; i < 2000; i++) {
      double x = TypeRange.between(hourWindow[0], hourWindow[1], random.nextDouble());
      Instant value = (Instant) hour.valueWithin(x, minutes);
      assertTrue(value.toString(), minutes.holds(value) && hour.contains(value.toEpochMilli()));
    }
  }

  @Test
  public void valuesChosenForAConstraintStayStrictlyInsideTheirInterval() {
    Granularity cents = doubles(2);
    assertEquals(0.13, cents.within(0.1, 0.125, false, 0.245, false));
    assertEquals("strict high end", 0.24, cents.within(0.25, 0.125, false, 0.25, true));
    assertEquals(null, cents.within(0.1, 0.121, false, 0.129, false));
    Granularity whole = Granularity.of(field(FieldType.INT));
    assertEquals("strict low end", 3, whole.within(1.2, 2, true, 10, false));
    assertEquals(
        LocalDate.ofEpochDay(5),
        Granularity.of(field(FieldType.DATE)).within(4.6, 0, false, 9, false));
    Granularity seconds = timestamps(TimestampUnit.SECOND);
    assertEquals(Instant.ofEpochMilli(2_000), seconds.within(1_400, 1_000, true, 9_000, false));
  }

  @Test
  public void exactDecimalsRoundHalfUpAndAreNullOutsideTheType() {
    Granularity cents = doubles(2);
    assertEquals(0.13, cents.ofDecimal(new BigDecimal("0.125")));
    Granularity ints = Granularity.of(field(FieldType.INT));
    assertEquals(3, ints.ofDecimal(new BigDecimal("2.5")));
    assertEquals(null, ints.ofDecimal(new BigDecimal("2147483648")));
    assertEquals(
        "a decimal without precision has no limit",
        new BigDecimal("123456789012345678901.23"),
        decimal(2, null).ofDecimal(new BigDecimal("123456789012345678901.234")));
  }
}
