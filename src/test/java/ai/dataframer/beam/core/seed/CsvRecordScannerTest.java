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
  public void unclosedQuoteFailsOnlyTheLineWhereItOpenedAndScanningResumesOnTheNextLine()
      throws IOException {
    List<RawRecord> records = scan("a,b\n1,x\n2,\"open\n3,y\n4,z\n");
    assertEquals(
        List.of(
            new RawRecord(1, "a,b"),
            new RawRecord(2, "1,x"),
            new RawRecord(
                3,
                "2,\"open",
                "line 3: quoted field opened here is never closed (the file ends inside it)"),
            new RawRecord(4, "3,y"),
            new RawRecord(5, "4,z")),
        records);
  }

  @Test
  public void unclosedQuoteClosedByALaterQuoteStillFailsOnlyItsLine() throws Exception {
    String csv = "a,b\n1,\"open\n2,y\n3,\"q\"\n4,z\n";
    List<RawRecord> records = new ArrayList<>();
    try (CsvRecordScanner scanner = new CsvRecordScanner(new StringReader(csv), ',', "t", 1000)) {
      RawRecord header = scanner.next();
      scanner.expectFields(2);
      records.add(header);
      for (RawRecord r = scanner.next(); r != null; r = scanner.next()) {
        records.add(r);
      }
    }
    assertEquals(5, records.size());
    assertEquals(2, records.get(1).line());
    assertThat(
        records.get(1).error(), containsString("line 2: quoted field opened here is never closed"));
    CsvSeedParser parser = new CsvSeedParser(',');
    assertEquals(
        "line 2: quoted field opened here is never closed (text follows a later closing quote)",
        assertThrows(InvalidSeedRecordException.class, () -> parser.cells(records.get(1)))
            .reason());
    assertEquals(List.of("2", "y"), parser.cells(records.get(2)));
    assertEquals(List.of("3", "q"), parser.cells(records.get(3)));
    assertEquals(new RawRecord(5, "4,z"), records.get(4));
  }

  @Test
  public void multiLineRecordWithTheWrongFieldCountIsAnUnclosedQuote() throws Exception {
    String csv = "a,b\n1,\"two\nlines\"\n2,\"x\n3\",extra\n4,z\n";
    List<RawRecord> records = new ArrayList<>();
    try (CsvRecordScanner scanner = new CsvRecordScanner(new StringReader(csv), ',', "t", 1000)) {
      records.add(scanner.next());
      scanner.expectFields(2);
      for (RawRecord r = scanner.next(); r != null; r = scanner.next()) {
        records.add(r);
      }
    }
    assertEquals(new RawRecord(2, "1,\"two\nlines\""), records.get(1));
    assertEquals(
        "line 4: quoted field opened here is never closed (the record it starts runs to line 5"
            + " with 3 columns, not 2)",
        records.get(2).error());
    assertEquals(new RawRecord(5, "3\",extra"), records.get(3));
    assertEquals(new RawRecord(6, "4,z"), records.get(4));
  }

  @Test
  public void multiLineRecordLongerThanTheLimitFailsItsFirstLineOnly() throws IOException {
    List<RawRecord> records = scan("a\n\"open\n" + "x\n".repeat(600) + "");
    assertEquals(602, records.size());
    assertThat(records.get(1).error(), containsString("longer than 1000 characters"));
    assertEquals(new RawRecord(3, "x"), records.get(2));
    assertEquals(new RawRecord(602, "x"), records.get(601));
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
