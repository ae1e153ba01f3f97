package ai.dataframer.beam.core.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class JsonlSeedParserTest {
  private static final Map<String, FieldType> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("id", FieldType.LONG);
    TYPES.put("amount", FieldType.DECIMAL);
    TYPES.put("day", FieldType.DATE);
    TYPES.put("note", FieldType.STRING);
  }

  @Test
  public void parsesFlatObjectsMissingFieldsAreNull() throws Exception {
    Map<String, Object> record =
        JsonlSeedParser.parse(
            4, "{\"id\": 3, \"amount\": 12.50, \"day\": \"2024-05-06\"}", TYPES, Set.of());
    assertEquals(3L, record.get("id"));
    assertEquals(new BigDecimal("12.50"), record.get("amount"));
    assertEquals(LocalDate.of(2024, 5, 6), record.get("day"));
    assertEquals(null, record.get("note"));
  }

  @Test
  public void eachKindOfBadLineNamesLineAndField() {
    assertEquals("line 2, field 'id': \"x\" is not a long", reason(2, "{\"id\": \"x\"}"));
    assertEquals(
        "line 3: field 'extra' is not in the schema [id, amount, day, note]",
        reason(3, "{\"id\": 1, \"extra\": true}"));
    assertThat(reason(5, "{\"id\": 1,"), startsWith("line 5: not valid JSON"));
    assertEquals("line 6: expected a JSON object, found array [1,2]", reason(6, "[1,2]"));
    assertEquals(
        "line 7, field 'id': nested (object) is not a long", reason(7, "{\"id\": {\"a\": 1}}"));
    assertThat(reason(8, "{\"id\": 1} {\"id\": 2}"), startsWith("line 8: not valid JSON"));
    assertThat(reason(9, "{\"id\": 1, \"id\": 2}"), containsString("Duplicate field 'id'"));
  }

  @Test
  public void inferenceFromJsonKinds() throws Exception {
    JsonlSeedParser.Inference inference = new JsonlSeedParser.Inference();
    inference.observe(
        "f",
        1,
        JsonlSeedParser.object(
            1,
            "{\"n\": 1, \"x\": 1, \"b\": true, \"d\": \"2024-01-01\", \"t\": \"2024-01-01T10:00:00Z\","
                + " \"s\": \"a\", \"mix\": 1, \"z\": null}"));
    inference.observe(
        "f",
        2,
        JsonlSeedParser.object(
            2,
            "{\"n\": 2, \"x\": 2.5, \"b\": false, \"d\": \"2024-01-02\", \"t\": \"2024-01-02 11:00:00\","
                + " \"s\": \"2024-01-01\", \"mix\": \"one\"}"));
    Map<String, FieldType> expected = new LinkedHashMap<>();
    expected.put("n", FieldType.LONG);
    expected.put("x", FieldType.DOUBLE);
    expected.put("b", FieldType.BOOLEAN);
    expected.put("d", FieldType.DATE);
    expected.put("t", FieldType.TIMESTAMP);
    expected.put("s", FieldType.STRING);
    expected.put("mix", FieldType.STRING);
    expected.put("z", FieldType.STRING);
    assertEquals(expected, inference.types());
  }

  @Test
  public void malformedDatesLeaveADateFieldADateAndTheirLineIsRejected() throws Exception {
    JsonlSeedParser.Inference inference = new JsonlSeedParser.Inference();
    String[] lines = {
      "{\"d\": \"2024-01-31\", \"t\": \"2024-01-31T10:00:00Z\", \"bad\": \"2024-02-30\"}",
      "{\"d\": \"2024-02-30\", \"t\": \"2024-01-31T25:00:00Z\", \"bad\": \"2024-13-01\"}"
    };
    for (int i = 0; i < lines.length; i++) {
      inference.observe("f", i + 1, JsonlSeedParser.object(i + 1, lines[i]));
    }
    Map<String, FieldType> types = inference.types();
    assertEquals(
        Map.of("d", FieldType.DATE, "t", FieldType.TIMESTAMP, "bad", FieldType.STRING), types);
    InvalidSeedRecordException rejected =
        assertThrows(
            InvalidSeedRecordException.class,
            () -> JsonlSeedParser.parse(2, lines[1], types, Set.of()));
    assertThat(
        rejected.getMessage(), is("line 2, field 'd': '2024-02-30' is not a date (yyyy-MM-dd)"));
  }

  @Test
  public void aNumberBeyondADoublesRangeIsRefusedWithItsLine() throws Exception {
    JsonlSeedParser.Inference inference = new JsonlSeedParser.Inference();
    String[] lines = {
      "{\"x\": 12.5, \"n\": 3, \"big\": 1e309}",
      "{\"x\": 1e309, \"n\": 1" + "0".repeat(320) + ", \"big\": 2e400}"
    };
    for (int i = 0; i < lines.length; i++) {
      inference.observe("f", i + 1, JsonlSeedParser.object(i + 1, lines[i]));
    }
    Map<String, FieldType> types = inference.types();
    assertEquals(
        Map.of("x", FieldType.DOUBLE, "n", FieldType.LONG, "big", FieldType.STRING), types);
    InvalidSeedRecordException rejected =
        assertThrows(
            InvalidSeedRecordException.class,
            () -> JsonlSeedParser.parse(2, lines[1], types, Set.of()));
    assertThat(
        rejected.getMessage(), startsWith("line 2, field 'x': '1E+309' is beyond the range"));
    Map<String, FieldType> decimal = Map.of("x", FieldType.DECIMAL);
    assertThat(
        assertThrows(
                InvalidSeedRecordException.class,
                () -> JsonlSeedParser.parse(5, "{\"x\": -1e309}", decimal, Set.of()))
            .getMessage(),
        startsWith("line 5, field 'x': '-1E+309' is beyond the range"));
  }

  @Test
  public void nestedValuesAreKeptAsCompactJsonTextInStringColumns() throws Exception {
    JsonlSeedParser.Inference inference = new JsonlSeedParser.Inference();
    String line = "{\"tags\": [1, \"a\"], \"address\": {\"city\": \"Oslo\", \"zip\": 150}}";
    inference.observe("s.jsonl", 3, JsonlSeedParser.object(3, line));
    Map<String, FieldType> types = inference.types();
    assertEquals(Map.of("tags", FieldType.STRING, "address", FieldType.STRING), types);
    Map<String, Object> record = JsonlSeedParser.parse(3, line, types, Set.of());
    assertEquals("[1,\"a\"]", record.get("tags"));
    assertEquals("{\"city\":\"Oslo\",\"zip\":150}", record.get("address"));
  }

  @Test
  public void numbersThatLongOrDoubleCannotHoldAreDecimalAndExact() throws Exception {
    JsonlSeedParser.Inference inference = new JsonlSeedParser.Inference();
    inference.observe(
        "f",
        1,
        JsonlSeedParser.object(
            1,
            "{\"big\": 123456789012345678901234, \"wide\": 9007199254740993,"
                + " \"precise\": 0.12345678901234567890, \"plain\": 1.5, \"mixed\": 1}"));
    inference.observe(
        "f",
        2,
        JsonlSeedParser.object(
            2,
            "{\"big\": 1, \"wide\": 2, \"precise\": 2, \"plain\": 2,"
                + " \"mixed\": 9007199254740993}"));
    inference.observe("f", 3, JsonlSeedParser.object(3, "{\"mixed\": 0.5}"));
    Map<String, FieldType> types = inference.types();
    assertEquals(FieldType.DECIMAL, types.get("big"));
    assertEquals(FieldType.LONG, types.get("wide"));
    assertEquals(FieldType.DECIMAL, types.get("precise"));
    assertEquals(FieldType.DOUBLE, types.get("plain"));
    assertEquals(FieldType.DECIMAL, types.get("mixed"));
    Map<String, Object> record =
        JsonlSeedParser.parse(
            1,
            "{\"big\": 123456789012345678901234, \"wide\": 9007199254740993,"
                + " \"precise\": 0.12345678901234567890}",
            types,
            Set.of());
    assertEquals(new BigDecimal("123456789012345678901234"), record.get("big"));
    assertEquals(9007199254740993L, record.get("wide"));
    assertEquals(new BigDecimal("0.12345678901234567890"), record.get("precise"));
  }

  private static String reason(long line, String text) {
    return assertThrows(
            InvalidSeedRecordException.class,
            () -> JsonlSeedParser.parse(line, text, TYPES, Set.of()))
        .reason();
  }
}
