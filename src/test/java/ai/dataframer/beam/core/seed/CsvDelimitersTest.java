package ai.dataframer.beam.core.seed;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.spec.FieldType;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CsvDelimitersTest {
  @Test
  public void theDelimiterSplittingHeaderAndRowsAlikeWins() {
    assertEquals(';', CsvDelimiters.sniff(List.of("a;b;c", "1,5;2;x", "2,5;3;y"), ','));
    assertEquals('|', CsvDelimiters.sniff(List.of("a|b", "1|x, y"), ','));
    assertEquals('\t', CsvDelimiters.sniff(List.of("", "a\tb, c\td", "1\t2\t3"), ','));
    assertEquals(',', CsvDelimiters.sniff(List.of("a,\"b;c\",d", "1,\"x;y\",2"), ';'));
  }

  @Test
  public void withoutAnyFitTheFallbackStays() {
    assertEquals(',', CsvDelimiters.sniff(List.of("name", "ann"), ','));
    assertEquals('\t', CsvDelimiters.sniff(List.of(), '\t'));
  }

  @Test
  public void textInferenceKeepsNumbersExactWhenADoubleWouldNot() {
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
}
