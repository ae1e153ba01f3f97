package ai.dataframer.beam.core.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.seed.CsvRecordScanner.RawRecord;
import ai.dataframer.beam.core.spec.FieldType;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class CsvRecordScannerTest {
  private static List<RawRecord> scan(String csv) throws IOException {
    List<RawRecord> records = new ArrayList<>();
    try (CsvRecordScanner scanner =
        new CsvRecordScanner(new StringReader(csv), ',', "t.csv", 1000)) {
      for (RawRecord r = scanner.next(); r != null; r = scanner.next()) {
        records.add(r);
      }
    }
    return records;
  }

  @Test
  public void recordsKnowTheLineTheyStartOn() throws IOException {
    List<RawRecord> records = scan("\uFEFFa,b\r\n1,\"two\nlines\"\r\n2,\"x\"\"y\"\n\n3,\"c,d\"");
    assertEquals(
        List.of(
            new RawRecord(1, "a,b"),
            new RawRecord(2, "1,\"two\nlines\""),
            new RawRecord(4, "2,\"x\"\"y\""),
            new RawRecord(5, ""),
            new RawRecord(6, "3,\"c,d\"")),
        records);
  }

  @Test
  public void malformedQuotingFailsOnlyItsRecord() throws Exception {
    List<RawRecord> records = scan("a,b\n\"x\"y,1\n2,3\n");
    assertEquals(3, records.size());
    CsvSeedParser parser = new CsvSeedParser(',');
    InvalidSeedRecordException e =
        assertThrows(InvalidSeedRecordException.class, () -> parser.cells(records.get(1)));
    assertThat(e.reason(), containsString("line 2: malformed quoting"));
    assertEquals(Arrays.asList("2", "3"), parser.cells(records.get(2)));
  }

  @Test
  public void unterminatedQuoteLongerThanTheLimitNamesFileAndLine() {
    SeedException e = assertThrows(SeedException.class, () -> scan("a\n\"open" + "x".repeat(2000)));
    assertThat(
        e.getMessage(), containsString("t.csv line 2: record is longer than 1000 characters"));
  }

  @Test
  public void endOfInputAfterTheLastTerminatorIsNotARecord() throws IOException {
    assertEquals(List.of(new RawRecord(1, "a")), scan("a\n"));
    try (CsvRecordScanner scanner = new CsvRecordScanner(new StringReader(""), ',', "e", 10)) {
      assertNull(scanner.next());
    }
  }

  @Test
  public void parsesTypedRecordsAndNamesColumnOnError() throws Exception {
    CsvSeedParser parser = new CsvSeedParser(';');
    List<String> header = List.of("id", "price");
    Map<String, FieldType> types = Map.of("id", FieldType.LONG, "price", FieldType.DOUBLE);
    assertEquals(
        Arrays.asList(1L, null),
        new ArrayList<>(parser.parse(new RawRecord(2, "1;"), header, types, Set.of()).values()));
    InvalidSeedRecordException wrongType =
        assertThrows(
            InvalidSeedRecordException.class,
            () -> parser.parse(new RawRecord(12, "1;abc"), header, types, Set.of()));
    assertEquals("line 12, column 'price': 'abc' is not a double", wrongType.reason());
    InvalidSeedRecordException wrongCount =
        assertThrows(
            InvalidSeedRecordException.class,
            () -> parser.parse(new RawRecord(7, "1;2;3"), header, types, Set.of()));
    assertEquals("line 7: expected 2 columns, found 3", wrongCount.reason());
    InvalidSeedRecordException missing =
        assertThrows(
            InvalidSeedRecordException.class,
            () -> parser.parse(new RawRecord(3, "1;"), header, types, Set.of("price")));
    assertEquals(
        "line 3, column 'price': empty, but the schema requires a value", missing.reason());
  }

  @Test
  public void headerNamesMustBePresentAndUnique() {
    CsvSeedParser parser = new CsvSeedParser(',');
    SeedException duplicate =
        assertThrows(SeedException.class, () -> parser.header(new RawRecord(1, "a,b,a"), "f.csv"));
    assertEquals("f.csv line 1: header names column 'a' twice", duplicate.getMessage());
    SeedException blank =
        assertThrows(SeedException.class, () -> parser.header(new RawRecord(1, "a,,c"), "f.csv"));
    assertEquals("f.csv line 1: header column 2 has no name", blank.getMessage());
  }
}
