package ai.dataframer.beam.core.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class RecordFingerprintTest {
  private static Map<String, Object> record(Object... pairs) {
    Map<String, Object> record = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      record.put((String) pairs[i], pairs[i + 1]);
    }
    return record;
  }

  @Test
  public void columnOrderAndNumericRepresentationDoNotMatter() {
    long a = RecordFingerprint.of(record("id", 1, "price", new BigDecimal("3.50"), "d", null));
    long b = RecordFingerprint.of(record("d", null, "price", new BigDecimal("3.5"), "id", 1L));
    assertEquals(a, b);
  }

  @Test
  public void anyDifferentValueOrNameChangesTheFingerprint() {
    long base = RecordFingerprint.of(record("a", "x", "b", LocalDate.parse("2024-01-01")));
    assertNotEquals(
        base, RecordFingerprint.of(record("a", "x", "b", LocalDate.parse("2024-01-02"))));
    assertNotEquals(
        base, RecordFingerprint.of(record("a", "x", "c", LocalDate.parse("2024-01-01"))));
    assertNotEquals(base, RecordFingerprint.of(record("a", "x", "b", null)));
    assertNotEquals(
        "values do not run into each other",
        RecordFingerprint.of(record("a", "xy", "b", "z")),
        RecordFingerprint.of(record("a", "x", "b", "yz")));
    assertNotEquals(
        RecordFingerprint.of(record("t", Instant.ofEpochMilli(0))),
        RecordFingerprint.of(record("t", Instant.ofEpochMilli(1))));
    assertNotEquals(RecordFingerprint.of(record("v", 1)), RecordFingerprint.of(record("v", "1")));
  }

  @Test
  public void fingerprintSetFindsMembersOnly() {
    Map<String, Object> seed = record("a", 1);
    FingerprintSet set = FingerprintSet.ofRecords(List.of(seed, seed, record("a", 2)));
    assertEquals(2, set.size());
    assertTrue(set.test(RecordFingerprint.of(seed)));
    assertFalse(set.test(RecordFingerprint.of(record("a", 3))));
    assertFalse(FingerprintSet.empty().test(RecordFingerprint.of(seed)));
  }

  @Test
  public void fingerprintSetIgnoresInputOrder() {
    assertEquals(
        FingerprintSet.of(new long[] {3, 1, 2, 1}, 4), FingerprintSet.of(new long[] {2, 3, 1}, 3));
  }
}
