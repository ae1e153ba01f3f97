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

  /**
   * Fingerprints of today's canonical encoding, pinned: the encoding may get faster, never
   * different, or seed fingerprints taken by one build would stop matching records of another.
   */
  @Test
  public void fingerprintsStayWhatTheCanonicalEncodingGave() {
    Map<String, Object> integers = new LinkedHashMap<>();
    integers.put("zeta", 1);
    integers.put("alpha", 2L);
    integers.put("mid", (short) 3);
    Map<String, Object> floats = new LinkedHashMap<>();
    floats.put("price", 12.5);
    floats.put("ratio", 1.0f);
    floats.put("big", 1e300);
    floats.put("neg", -0.0);
    Map<String, Object> decimals = new LinkedHashMap<>();
    decimals.put("amount", new BigDecimal("3.50"));
    decimals.put("zero", new BigDecimal("0.000"));
    decimals.put("e", new BigDecimal("1E+3"));
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("ok", true);
    flags.put("no", false);
    flags.put("nothing", null);
    Map<String, Object> times = new LinkedHashMap<>();
    times.put("day", LocalDate.of(2024, 2, 29));
    times.put("at", Instant.parse("2024-05-01T12:30:00.123Z"));
    Map<String, Object> texts = new LinkedHashMap<>();
    texts.put("text", "caf\u00e9 \ud83d\ude00 \u05e9\u05dc\u05d5\u05dd");
    texts.put("Name", "Z\u00fcrich");
    texts.put("name", "");
    Map<String, Object> separators = new LinkedHashMap<>();
    separators.put("a:b", "1:2");
    separators.put("long", "x".repeat(300));
    separators.put("b", (byte) -7);

    assertEquals(-4485873839222953936L, RecordFingerprint.of(integers));
    assertEquals(8049022683504069749L, RecordFingerprint.of(floats));
    assertEquals(-7209913507417774884L, RecordFingerprint.of(decimals));
    assertEquals(989096858073209797L, RecordFingerprint.of(flags));
    assertEquals(-4296110970515573192L, RecordFingerprint.of(times));
    assertEquals(5211773042814306481L, RecordFingerprint.of(texts));
    assertEquals(-8302783370329972256L, RecordFingerprint.of(separators));
    assertEquals(5104001809285528656L, RecordFingerprint.of(Map.of()));
  }
}
