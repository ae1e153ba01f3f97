package ai.dataframer.beam.core.profile;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.TimestampUnit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.Test;

public class TableProfileTest {
  @Test
  public void mergeOrderAndPartitioningDoNotChangeTheProfile() throws Exception {
    // More rows than the sketch keeps, so merged samples must select the same bottom-k entries.
    List<Map<String, Object>> records = records(3 * ColumnProfile.SKETCH_SIZE, 7L);
    TableProfile inOrder = profileOf(records);

    List<Map<String, Object>> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(99L));
    List<TableProfile> parts = new ArrayList<>();
    for (int p = 0; p < 7; p++) {
      parts.add(
          profileOf(shuffled.subList(p * shuffled.size() / 7, (p + 1) * shuffled.size() / 7)));
    }
    // Merge right to left, one partial through a serialization round trip as a runner would ship
    // it.
    TableProfile merged = roundTrip(parts.get(6));
    for (int p = 5; p >= 0; p--) {
      merged = parts.get(p).merge(merged);
    }

    assertEquals(inOrder.rowCount(), merged.rowCount());
    ColumnProfile a = inOrder.column("x");
    ColumnProfile b = merged.column("x");
    for (int i = 0; i <= 100; i++) {
      assertEquals("quantile " + i + "%", a.quantile(i / 100.0), b.quantile(i / 100.0), 0.0);
    }
    assertEquals(a.nulls(), b.nulls());
    assertEquals(a.isHighCardinality(), b.isHighCardinality());
    assertEquals(inOrder.column("code").valueCounts(), merged.column("code").valueCounts());
    assertEquals(
        inOrder.column("code").meanCharacters(), merged.column("code").meanCharacters(), 0.0);
  }

  @Test
  public void sketchQuantilesAreCloseToTheTruthBeyondTheSampleSize() {
    TableProfile profile = profileOf(records(100_000, 11L));
    ColumnProfile x = profile.column("x");
    // x is uniform on [0, 1000): the p-quantile is 1000 p; rank error of a 20000 sample is ~0.35%
    // (1 sd).
    for (double p : new double[] {0.01, 0.25, 0.5, 0.75, 0.99}) {
      assertEquals("quantile " + p, 1000 * p, x.quantile(p), 15);
    }
  }

  @Test
  public void quantilesAreExactWhileTheSampleHoldsEveryValue() {
    TableProfile profile = TableProfile.empty(Map.of("x", FieldType.DOUBLE));
    for (double v : new double[] {5, 1, 4, 2, 3}) {
      profile.add(record("x", v));
    }
    ColumnProfile x = profile.column("x");
    assertEquals(1, x.quantile(0), 0);
    assertEquals(3, x.quantile(0.5), 0);
    assertEquals(1.5, x.quantile(0.125), 1e-12);
    assertEquals(5, x.quantile(1), 0);
  }

  @Test
  public void distinctValuesOverflowAtTheCapWhateverTheMergeOrder() {
    TableProfile first = TableProfile.empty(Map.of("code", FieldType.STRING));
    TableProfile second = TableProfile.empty(Map.of("code", FieldType.STRING));
    for (int i = 0; i < 600; i++) {
      first.add(record("code", "a" + i));
      second.add(record("code", "b" + i));
    }
    assertFalse(first.column("code").isHighCardinality());
    assertTrue(second.merge(first).column("code").isHighCardinality());
  }

  @Test
  public void stringsAreProfiledByWordsAndCharacters() {
    TableProfile profile = TableProfile.empty(Map.of("body", FieldType.STRING));
    profile.add(record("body", "one two  three"));
    profile.add(record("body", " four\tfive "));
    profile.add(record("body", null));
    ColumnProfile body = profile.column("body");
    assertEquals(1, body.nulls());
    assertEquals(2, body.min(), 0);
    assertEquals(3, body.max(), 0);
    assertEquals((14 + 11) / 2.0, body.meanCharacters(), 1e-12);
  }

  @Test
  public void decimalScaleAndCanonicalTextAreKept() {
    TableProfile profile = TableProfile.empty(Map.of("amount", FieldType.DECIMAL));
    profile.add(record("amount", new BigDecimal("1.50")));
    profile.add(record("amount", new BigDecimal("1.5")));
    profile.add(record("amount", new BigDecimal("2.125")));
    ColumnProfile amount = profile.column("amount");
    assertEquals(3, amount.maxScale());
    assertEquals(Map.of("1.5", 2L, "2.125", 1L), amount.valueCounts());
  }

  @Test
  public void doublesKeepTheMostDecimalPlacesAnyValueNeeds() {
    assertEquals(Integer.valueOf(2), doubles(1.5, 2.25, 3.0, 1e-2).decimals());
    assertEquals(Integer.valueOf(0), doubles(26.0, 3.0, 1e6).decimals());
    assertEquals(Integer.valueOf(10), doubles(0.0123456789).decimals());
    assertEquals("0.1 + 0.2 is computed, not written", null, doubles(1.5, 0.1 + 0.2).decimals());
    assertEquals(null, doubles().decimals());
    TableProfile floats = TableProfile.empty(Map.of("f", FieldType.FLOAT));
    floats.add(record("f", 0.1f));
    floats.add(record("f", 2.75f));
    assertEquals(Integer.valueOf(2), floats.column("f").decimals());
  }

  @Test
  public void decimalsKeepTheirPrecisionAtTheLargestScale() {
    TableProfile profile = TableProfile.empty(Map.of("amount", FieldType.DECIMAL));
    profile.add(record("amount", new BigDecimal("123.4")));
    profile.add(record("amount", new BigDecimal("0.55")));
    profile.add(record("amount", new BigDecimal("-0.005")));
    // 123.400 needs 6 digits at scale 3.
    assertEquals(Integer.valueOf(6), profile.column("amount").precision());
    assertEquals(null, doubles(1.0).precision());
  }

  @Test
  public void timestampsKeepTheCoarsestUnitDividingEveryValue() {
    Instant midnight = Instant.parse("2024-03-01T00:00:00Z");
    assertEquals(
        TimestampUnit.DAY, timestamps(midnight, midnight.plusSeconds(86_400)).timestampUnit());
    assertEquals(
        TimestampUnit.MINUTE, timestamps(midnight, midnight.plusSeconds(3 * 60)).timestampUnit());
    assertEquals(
        TimestampUnit.SECOND,
        timestamps(midnight.plusSeconds(3 * 60), midnight.plusSeconds(1)).timestampUnit());
    assertEquals(
        TimestampUnit.MILLISECOND, timestamps(midnight, midnight.plusMillis(5)).timestampUnit());
    assertEquals(null, timestamps().timestampUnit());
  }

  @Test
  public void grainsMergeWhateverTheOrder() {
    ColumnProfile fine = doubles(1.125, 2.0);
    ColumnProfile coarse = doubles(3.5);
    ColumnProfile left = doubles(1.125, 2.0);
    left.merge(coarse);
    ColumnProfile right = doubles(3.5);
    right.merge(fine);
    assertEquals(Integer.valueOf(3), left.decimals());
    assertEquals(Integer.valueOf(3), right.decimals());
    Instant t = Instant.parse("2024-03-01T10:00:00Z");
    ColumnProfile hours = timestamps(t);
    hours.merge(timestamps(t.plusSeconds(7)));
    assertEquals(TimestampUnit.SECOND, hours.timestampUnit());
  }

  @Test
  public void stringsCountTheValuesThatEndLikeASentence() {
    TableProfile profile = TableProfile.empty(Map.of("s", FieldType.STRING));
    profile.add(record("s", "It works. "));
    profile.add(record("s", "Does it?"));
    profile.add(record("s", "Deluxe Steel Chair"));
    profile.add(record("s", "St. Louis"));
    assertEquals(0.5, profile.column("s").sentenceEndShare(), 0);
  }

  @Test
  public void aValueOfTheWrongClassNamesTheColumn() {
    TableProfile profile = TableProfile.empty(Map.of("score", FieldType.INT));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> profile.add(record("score", "high")));
    assertThat(e.getMessage(), containsString("column 'score' is int and expects Integer values"));
  }

  @Test
  public void nonFiniteNumbersAreRefused() {
    TableProfile profile = TableProfile.empty(Map.of("x", FieldType.DOUBLE));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> profile.add(record("x", Double.NaN)));
    assertThat(e.getMessage(), containsString("column 'x' has the value NaN"));
  }

  @Test
  public void aMissingColumnIsNamed() {
    TableProfile profile = TableProfile.empty(Map.of("x", FieldType.DOUBLE));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> profile.add(record("y", 1.0)));
    assertThat(e.getMessage(), containsString("record has no column 'x'"));
  }

  private static List<Map<String, Object>> records(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("x", random.nextInt(20) == 0 ? null : random.nextDouble() * 1000);
      record.put("code", "c" + random.nextInt(800));
      records.add(record);
    }
    return records;
  }

  private static TableProfile profileOf(List<Map<String, Object>> records) {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("x", FieldType.DOUBLE);
    columns.put("code", FieldType.STRING);
    TableProfile profile = TableProfile.empty(columns);
    records.forEach(profile::add);
    return profile;
  }

  private static ColumnProfile doubles(double... values) {
    TableProfile profile = TableProfile.empty(Map.of("x", FieldType.DOUBLE));
    for (double value : values) {
      profile.add(record("x", value));
    }
    return profile.column("x");
  }

  private static ColumnProfile timestamps(Instant... values) {
    TableProfile profile = TableProfile.empty(Map.of("t", FieldType.TIMESTAMP));
    for (Instant value : values) {
      profile.add(record("t", value));
    }
    return profile.column("t");
  }

  private static Map<String, Object> record(String column, Object value) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put(column, value);
    return record;
  }

  private static TableProfile roundTrip(TableProfile profile) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(profile);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (TableProfile) in.readObject();
    }
  }
}
