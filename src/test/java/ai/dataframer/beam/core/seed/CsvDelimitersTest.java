package ai.dataframer.beam.core.seed;

import static org.junit.Assert.assertEquals;

import java.util.List;
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
}
