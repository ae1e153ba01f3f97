package ai.dataframer.beam.core.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SeedValuesTest {
  @Test
  public void parsesEveryType() throws Exception {
    assertEquals(42L, SeedValues.parse("42", FieldType.LONG));
    assertEquals(7, SeedValues.parse("7", FieldType.INT));
    assertEquals(2.5, SeedValues.parse("2.5", FieldType.DOUBLE));
    assertEquals(2.5f, SeedValues.parse("2.5", FieldType.FLOAT));
    assertEquals(new BigDecimal("10.20"), SeedValues.parse("10.20", FieldType.DECIMAL));
    assertEquals(true, SeedValues.parse("TRUE", FieldType.BOOLEAN));
    assertEquals(false, SeedValues.parse("False", FieldType.BOOLEAN));
    assertEquals(LocalDate.of(2024, 2, 29), SeedValues.parse("2024-02-29", FieldType.DATE));
    assertEquals("x", SeedValues.parse("x", FieldType.STRING));
  }

  @Test
  public void timestampsAreInstantsOrUtcLocalDateTimes() throws Exception {
    Instant expected = Instant.parse("2024-03-01T10:15:30Z");
    assertEquals(expected, SeedValues.parse("2024-03-01T10:15:30Z", FieldType.TIMESTAMP));
    assertEquals(expected, SeedValues.parse("2024-03-01T12:15:30+02:00", FieldType.TIMESTAMP));
    assertEquals(expected, SeedValues.parse("2024-03-01T10:15:30", FieldType.TIMESTAMP));
    assertEquals(expected, SeedValues.parse("2024-03-01 10:15:30", FieldType.TIMESTAMP));
    assertThrows(
        SeedValues.InvalidValueException.class,
        () -> SeedValues.parse("2024-03-01", FieldType.TIMESTAMP));
  }

  @Test
  public void failuresSayWhichValueAndWhatWasExpected() {
    SeedValues.InvalidValueException e =
        assertThrows(
            SeedValues.InvalidValueException.class,
            () -> SeedValues.parse("abc", FieldType.DOUBLE));
    assertEquals("'abc' is not a double", e.getMessage());
    e =
        assertThrows(
            SeedValues.InvalidValueException.class,
            () -> SeedValues.parse("2024-13-01", FieldType.DATE));
    assertEquals("'2024-13-01' is not a date (yyyy-MM-dd)", e.getMessage());
    assertThrows(
        SeedValues.InvalidValueException.class, () -> SeedValues.parse("NaN", FieldType.DOUBLE));
  }

  @Test
  public void inferenceKeepsLeadingZeroCodesAsText() {
    assertFalse(SeedValues.looksLike("02134", FieldType.LONG));
    assertTrue(SeedValues.looksLike("-17", FieldType.LONG));
    assertTrue(SeedValues.looksLike("0", FieldType.LONG));
    assertFalse(SeedValues.looksLike("007.5", FieldType.DOUBLE));
    assertTrue(SeedValues.looksLike("0.5", FieldType.DOUBLE));
  }

  @Test
  public void textInferencePicksTheNarrowestTypeEveryValueParsesAs() {
    TextTypeInference inference =
        new TextTypeInference(List.of("n", "x", "flag", "day", "at", "mixed", "zip", "empty"));
    String[][] rows = {
      {"1", "1", "true", "2024-01-01", "2024-01-01T00:00:00Z", "1", "02134", null},
      {"-2", "2.5", "FALSE", "2024-01-02", "2024-01-02 08:00:00", "a", "10001", null},
      {null, "1e3", null, null, null, null, null, null},
    };
    List<String> columns = List.of("n", "x", "flag", "day", "at", "mixed", "zip", "empty");
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        inference.observe(columns.get(i), row[i]);
      }
    }
    Map<String, FieldType> types = inference.types();
    assertEquals(FieldType.LONG, types.get("n"));
    assertEquals(FieldType.DOUBLE, types.get("x"));
    assertEquals(FieldType.BOOLEAN, types.get("flag"));
    assertEquals(FieldType.DATE, types.get("day"));
    assertEquals(FieldType.TIMESTAMP, types.get("at"));
    assertEquals(FieldType.STRING, types.get("mixed"));
    assertEquals(FieldType.STRING, types.get("zip"));
    assertEquals(FieldType.STRING, types.get("empty"));
    assertEquals(columns, List.copyOf(types.keySet()));
  }

  @Test
  public void longValuesAreCutInMessages() {
    String huge = "y".repeat(500);
    SeedValues.InvalidValueException e =
        assertThrows(
            SeedValues.InvalidValueException.class, () -> SeedValues.parse(huge, FieldType.LONG));
    assertThat(e.getMessage(), containsString("...' is not a long"));
    assertTrue(e.getMessage().length() < 150);
  }
}
