package ai.dataframer.beam.core.seed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.spec.FieldType;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class TextTypeInferenceTest {
  @Test
  public void keepsNumbersExactWhenADoubleWouldNot() {
    TextTypeInference inference = new TextTypeInference(List.of("id", "amount", "n", "zip", "x"));
    for (String[] row :
        new String[][] {
          {"12345678901234567890", "0.123456789012345678", "1", "00123", "1.5"},
          {"12345678901234567891", "2.5", "9007199254740993", "00124", "2"}
        }) {
      inference.observe("id", row[0]);
      inference.observe("amount", row[1]);
      inference.observe("n", row[2]);
      inference.observe("zip", row[3]);
      inference.observe("x", row[4]);
    }
    assertEquals(
        Map.of(
            "id", FieldType.DECIMAL,
            "amount", FieldType.DECIMAL,
            "n", FieldType.LONG,
            "zip", FieldType.STRING,
            "x", FieldType.DOUBLE),
        inference.types());
  }

  @Test
  public void numbersWithAbsurdPowersOfTenAreTextNotInfiniteOrBillionDigitDecimals() {
    TextTypeInference inference = new TextTypeInference(List.of("huge", "tiny", "fine"));
    inference.observe("huge", "1e999999999");
    inference.observe("tiny", "1e-999999999");
    inference.observe("fine", "1e300");
    assertEquals(
        Map.of("huge", FieldType.STRING, "tiny", FieldType.STRING, "fine", FieldType.DOUBLE),
        inference.types());
  }

  @Test
  public void aMalformedDateLeavesADateColumnADateColumn() {
    TextTypeInference inference =
        new TextTypeInference(List.of("day", "at", "onlyBad", "mixed", "notADate"));
    for (String[] row :
        new String[][] {
          {"2024-01-31", "2024-01-31T10:00:00Z", "2024-02-30", "2024-01-31", "2024-01-31"},
          {"2024-02-30", "2024-02-30 25:00:00", "2024-13-01", "soon", "20240131"},
          {"2023-02-29", "2024-03-01 09:30:00", "2024-00-10", "2024-03-01", "2024-03-01"}
        }) {
      inference.observe("day", row[0]);
      inference.observe("at", row[1]);
      inference.observe("onlyBad", row[2]);
      inference.observe("mixed", row[3]);
      inference.observe("notADate", row[4]);
    }
    assertEquals(
        Map.of(
            "day", FieldType.DATE,
            "at", FieldType.TIMESTAMP,
            "onlyBad", FieldType.STRING,
            "mixed", FieldType.STRING,
            "notADate", FieldType.STRING),
        inference.types());
  }

  @Test
  public void aNumberBeyondADoublesRangeLeavesANumberColumnANumberColumnAndIsRefused() {
    TextTypeInference inference = new TextTypeInference(List.of("amount", "count", "alone"));
    for (String[] row :
        new String[][] {{"12.50", "3", "1e309"}, {"1e309", "1" + "0".repeat(320), "-1e400"}}) {
      inference.observe("amount", row[0]);
      inference.observe("count", row[1]);
      inference.observe("alone", row[2]);
    }
    assertEquals(
        Map.of("amount", FieldType.DOUBLE, "count", FieldType.LONG, "alone", FieldType.STRING),
        inference.types());
    SeedValues.InvalidValueException refused =
        assertThrows(
            SeedValues.InvalidValueException.class,
            () -> SeedValues.parse("1e309", FieldType.DOUBLE));
    assertEquals(
        "'1e309' is beyond the range of a double (about +-1.8e308), which the profile needs",
        refused.getMessage());
    assertThrows(
        SeedValues.InvalidValueException.class,
        () -> SeedValues.parse("-1e309", FieldType.DECIMAL));
    assertThrows(
        SeedValues.InvalidValueException.class, () -> SeedValues.parse("1e39", FieldType.FLOAT));
  }

  @Test
  public void nullTokensSayNothingAboutTheType() {
    TextTypeInference inference = new TextTypeInference(List.of("amount", "only", "flag"));
    for (String[] row : new String[][] {{"12.5", "NULL", "true"}, {"NaN", "N/A", "<NA>"}}) {
      inference.observe("amount", row[0]);
      inference.observe("only", row[1]);
      inference.observe("flag", row[2]);
    }
    assertEquals(
        Map.of("amount", FieldType.DOUBLE, "only", FieldType.STRING, "flag", FieldType.BOOLEAN),
        inference.types());
  }
}
