package ai.dataframer.beam.core.spec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.Test;

public class PropertyValuesTest {
  @Test
  public void exactValuesOfEachType() {
    assertEquals(new PropertyValues.Exact(3), PropertyValues.parse("3", FieldType.INT));
    assertEquals(new PropertyValues.Exact(3L), PropertyValues.parse("3", FieldType.LONG));
    assertEquals(
        new PropertyValues.Exact(new BigDecimal("1.50")),
        PropertyValues.parse("1.50", FieldType.DECIMAL));
    assertEquals(new PropertyValues.Exact(true), PropertyValues.parse("TRUE", FieldType.BOOLEAN));
    assertEquals(
        new PropertyValues.Exact(LocalDate.of(2024, 5, 1)),
        PropertyValues.parse("2024-05-01", FieldType.DATE));
    assertEquals(
        new PropertyValues.Exact(Instant.parse("2024-05-01T10:00:00Z")),
        PropertyValues.parse("2024-05-01T10:00:00Z", FieldType.TIMESTAMP));
    assertEquals(new PropertyValues.Exact("a..b"), PropertyValues.parse("a..b", FieldType.STRING));
  }

  @Test
  public void rangesAreInTheNumericSpace() {
    assertEquals(
        new PropertyValues.Range(
            LocalDate.of(2024, 1, 1).toEpochDay(), LocalDate.of(2024, 3, 1).toEpochDay()),
        PropertyValues.parse("2024-01-01..2024-03-01", FieldType.DATE));
    assertEquals(new PropertyValues.Range(-5, 10), PropertyValues.parse("-5..10", FieldType.INT));
    assertEquals(
        new PropertyValues.Range(1.5, 2.25), PropertyValues.parse("1.5 .. 2.25", FieldType.DOUBLE));
  }

  @Test
  public void nullValue() {
    assertEquals(
        new PropertyValues.Null(), PropertyValues.parse(RecordField.NULL_VALUE, FieldType.DATE));
  }

  @Test
  public void badValuesAreNamed() {
    IllegalArgumentException reversed =
        assertThrows(
            IllegalArgumentException.class, () -> PropertyValues.parse("9..2", FieldType.INT));
    assertEquals("range '9..2' has its low end above its high end", reversed.getMessage());
    IllegalArgumentException notInt =
        assertThrows(
            IllegalArgumentException.class, () -> PropertyValues.parse("2.5", FieldType.INT));
    assertEquals("'2.5' is not a valid int value", notInt.getMessage());
    IllegalArgumentException notBoolean =
        assertThrows(
            IllegalArgumentException.class, () -> PropertyValues.parse("yes", FieldType.BOOLEAN));
    assertEquals("'yes' is not a boolean (true or false)", notBoolean.getMessage());
  }

  @Test
  public void formatsRangeEndsInTheTypesTextForm() {
    double day = LocalDate.of(2024, 2, 29).toEpochDay();
    assertEquals("2024-02-29", PropertyValues.format(day, FieldType.DATE, null));
    assertEquals("12.35", PropertyValues.format(12.345, FieldType.DECIMAL, 2));
    assertEquals(7, PropertyValues.fromNumber(6.6, FieldType.INT, null));
  }
}
