package ai.dataframer.beam.core.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.FieldKey;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * Keys are unique within a run, never a seed value, in their format, and a function of the index.
 */
public class KeyGeneratorTest {
  private static final long RUN = 0x1234_5678_9ABCL;

  @Test
  public void twoHundredThousandKeysOfASmallSpaceAreDistinctAndNeverASeedValue() {
    // 26 x 26 x 10^3 = 676,000 values; 20,000 are the seed's, 200,000 are drawn.
    RecordField field = key(FieldType.STRING, "{upper:2}-{digits:3}", null);
    SplittableRandom random = new SplittableRandom(1);
    Set<String> seed = new HashSet<>();
    while (seed.size() < 20_000) {
      seed.add(
          ""
              + (char) ('A' + random.nextInt(26))
              + (char) ('A' + random.nextInt(26))
              + "-"
              + String.format(Locale.ROOT, "%03d", random.nextInt(1000)));
    }
    KeyGenerator.Run run = runOf(field, seed);
    Pattern shape = Pattern.compile("[A-Z]{2}-[0-9]{3}");
    Set<String> seen = new HashSet<>();
    for (long i = 0; i < 200_000; i++) {
      String value = (String) run.value(i);
      assertTrue(value, shape.matcher(value).matches());
      assertFalse("seed value " + value + " at index " + i, seed.contains(value));
      assertTrue("repeated " + value + " at index " + i, seen.add(value));
    }
  }

  @Test
  public void everyFreeValueOfAnExhaustedSpaceIsUsedOnceThenTheFieldIsNamed() {
    RecordField field = key(FieldType.STRING, "K{digits:3}", null);
    Set<String> seed = Set.of("K000", "K500", "K999", "X123", "K12");
    KeyGenerator.Run run = runOf(field, seed);
    Set<String> seen = new HashSet<>();
    for (long i = 0; i < 997; i++) {
      seen.add((String) run.value(i));
    }
    assertEquals(997, seen.size());
    assertFalse(seen.contains("K000") || seen.contains("K500") || seen.contains("K999"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> run.value(997));
    assertThat(e.getMessage(), containsString("field 'id': key format 'K{digits:3}'"));
    assertThat(e.getMessage(), containsString("index 997"));
  }

  @Test
  public void theKeyOfAnIndexIsTheSameInEveryBuildAndDiffersBetweenRuns() {
    RecordField field = key(FieldType.STRING, "{hex:16}", null);
    Set<String> seed = Set.of("0123456789abcdef");
    KeyGenerator.Run one = runOf(field, seed);
    KeyGenerator.Run again = runOf(field, seed);
    List<Object> first = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      first.add(one.value(i));
      assertEquals(one.value(i), again.value(i));
    }
    // In any order.
    for (long i = 999; i >= 0; i--) {
      assertEquals(first.get((int) i), one.value(i));
    }
    KeyGenerator.Run other = new KeyGenerator(field).forRun(RUN + 1, positions(field, seed));
    assertNotEquals(one.value(0), other.value(0));
  }

  @Test
  public void sequencesContinueAfterTheSeedAndSkipItsValues() {
    RecordField field = key(FieldType.STRING, "ORD-{seq:6}", 1000L);
    KeyGenerator.Run run = runOf(field, Set.of("ORD-000999", "ORD-001001", "ORD-001002"));
    assertEquals("ORD-001000", run.value(0));
    assertEquals("ORD-001003", run.value(1));
    assertEquals("ORD-001004", run.value(2));
    RecordField ints = key(FieldType.INT, "{seq}", 501L);
    KeyGenerator.Run intRun = runOf(ints, Set.of(1, 2, 502));
    assertEquals(501, intRun.value(0));
    assertEquals(503, intRun.value(1));
    RecordField nearTop = key(FieldType.INT, "{seq}", (long) Integer.MAX_VALUE);
    KeyGenerator.Run top = runOf(nearTop, Set.of());
    assertEquals(Integer.MAX_VALUE, top.value(0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> top.value(1));
    assertThat(e.getMessage(), containsString("field 'id'"));
    assertThat(e.getMessage(), containsString("beyond an int"));
  }

  @Test
  public void uuidsAreValidOfTheirVersionAndCaseAndNeverTheSeeds() {
    RecordField field = key(FieldType.STRING, "{uuid:4}", null);
    KeyGenerator generator = new KeyGenerator(field);
    UUID seedUuid = UUID.fromString("1b4e28ba-2fa1-41d2-883f-0016d3cca427");
    long[] position = generator.position(seedUuid.toString());
    assertEquals(2, position.length);
    KeyGenerator.Run run = runOf(field, Set.of(seedUuid.toString()));
    Set<Object> seen = new HashSet<>();
    for (long i = 0; i < 20_000; i++) {
      String value = (String) run.value(i);
      UUID uuid = UUID.fromString(value);
      assertEquals(value, uuid.toString());
      assertEquals(4, uuid.version());
      assertEquals(2, uuid.variant());
      assertTrue(seen.add(value));
    }
    RecordField upper = key(FieldType.STRING, "{UUID:7}", null);
    String value = (String) runOf(upper, Set.of()).value(3);
    assertEquals(value.toUpperCase(Locale.ROOT), value);
    assertEquals(7, UUID.fromString(value).version());
  }

  @Test
  public void aSeedValueTheFormatCannotWriteHasNoPosition() {
    KeyGenerator generator = new KeyGenerator(key(FieldType.STRING, "ORD-{digits:4}", null));
    assertNull(generator.position("ORD-12345"));
    assertNull(generator.position("ord-1234"));
    assertEquals(2, generator.position("ORD-1234").length);
  }

  @Test
  public void seedValuesAreExcludedWhereverTheyAreInAHugeSpace() {
    // 62^30 is far above 2^126: the last digits are permuted, the leading ones follow from them.
    RecordField field = key(FieldType.STRING, "{Alnum:30}", null);
    KeyGenerator generator = new KeyGenerator(field);
    KeyGenerator.Run run = generator.forRun(RUN, new long[0]);
    List<String> earlier = new ArrayList<>();
    for (long i = 0; i < 50; i++) {
      earlier.add((String) run.value(i));
    }
    // Those values as seed values: a run with them excluded never writes them.
    KeyGenerator.Run excluding = runOf(field, new HashSet<>(earlier));
    Set<Object> later = new HashSet<>();
    for (long i = 0; i < 200; i++) {
      later.add(excluding.value(i));
    }
    earlier.forEach(value -> assertFalse(value, later.contains(value)));
    assertEquals(200, later.size());
    assertEquals(30, earlier.get(0).length());
  }

  @Test
  public void integerKeysAreIntegersInTheirRange() {
    RecordField field = key(FieldType.LONG, "{[1-9]}{digits:5}", null);
    SplittableRandom random = new SplittableRandom(3);
    Set<Long> seed = new HashSet<>();
    while (seed.size() < 5_000) {
      seed.add(random.nextLong(100_000, 1_000_000));
    }
    KeyGenerator.Run run = runOf(field, seed);
    Set<Object> seen = new HashSet<>();
    for (long i = 0; i < 50_000; i++) {
      Long value = (Long) run.value(i);
      assertThat(value, greaterThan(99_999L));
      assertThat(value, lessThan(1_000_000L));
      assertFalse(seed.contains(value));
      assertTrue(seen.add(value));
    }
    RecordField ints = key(FieldType.INT, "{number:1000-2147483647}", null);
    Object value = runOf(ints, Set.of()).value(12);
    assertTrue(value instanceof Integer);
  }

  @Test
  public void zeroPaddedIntegerFormatsExcludeTheSeedsAsNumbers() {
    // {digits:4} writes "0042" for 42: the seed's 42 is that value.
    RecordField field = key(FieldType.INT, "{digits:4}", null);
    Set<Integer> seed = new HashSet<>();
    for (int i = 0; i < 9_990; i++) {
      seed.add(i);
    }
    KeyGenerator.Run run = runOf(field, seed);
    Set<Object> values = new HashSet<>();
    for (long i = 0; i < 10; i++) {
      values.add(run.value(i));
    }
    assertEquals(Set.of(9990, 9991, 9992, 9993, 9994, 9995, 9996, 9997, 9998, 9999), values);
  }

  @Test
  public void formatsThatCouldWriteOneValueTwiceAreRefusedNamingTheField() {
    IllegalArgumentException twoWidths =
        assertThrows(
            IllegalArgumentException.class,
            () -> new KeyGenerator(key(FieldType.STRING, "{seq}{number:1-99}", 1L)));
    assertThat(twoWidths.getMessage(), containsString("field 'id'"));
    assertThat(twoWidths.getMessage(), containsString("2 segments of varying width"));
    IllegalArgumentException leadingZero =
        assertThrows(
            IllegalArgumentException.class,
            () -> new KeyGenerator(key(FieldType.LONG, "{digits:2}{seq}", 5L)));
    assertThat(leadingZero.getMessage(), containsString("leading 0"));
    IllegalArgumentException tooWide =
        assertThrows(
            IllegalArgumentException.class,
            () -> new KeyGenerator(key(FieldType.INT, "{digits:10}", null)));
    assertThat(tooWide.getMessage(), containsString("more than a int holds"));
  }

  @Test
  public void theLongDivisionOfA128BitNumberMatchesBigInteger() {
    SplittableRandom random = new SplittableRandom(4);
    long[] radices = {3, 10, 36, 62, 1L << 40, (1L << 31) - 1, 999_999_999_999L, 1L << 62};
    for (int trial = 0; trial < 10_000; trial++) {
      long[] value = {random.nextLong() >>> 2, random.nextLong()};
      long radix = radices[trial % radices.length];
      BigInteger whole =
          new BigInteger(Long.toUnsignedString(value[0]))
              .shiftLeft(64)
              .add(new BigInteger(Long.toUnsignedString(value[1])));
      long remainder = KeyGenerator.divide(value, radix);
      BigInteger[] expected = whole.divideAndRemainder(BigInteger.valueOf(radix));
      assertEquals(expected[1].longValue(), remainder);
      assertEquals(expected[0].shiftRight(64).longValue(), value[0]);
      assertEquals(expected[0].longValue(), value[1]);
    }
  }

  @Test
  public void thePermutationIsABijectionOfItsRange() {
    for (int size : new int[] {1, 2, 3, 7, 100, 1000, 4097}) {
      KeyPermutation permutation = new KeyPermutation(BigInteger.valueOf(size), RUN);
      Set<Long> images = new HashSet<>();
      for (long i = 0; i < size; i++) {
        long[] value = {0, i};
        permutation.forward(value);
        assertEquals(0, value[0]);
        assertTrue(value[1] >= 0 && value[1] < size);
        images.add(value[1]);
        permutation.backward(value);
        assertEquals(i, value[1]);
      }
      assertEquals(size, images.size());
    }
  }

  static RecordField key(FieldType type, String format, Long start) {
    return new RecordField("id", type, null, 0, List.of(), null, null)
        .withKey(new FieldKey(format, start));
  }

  private static KeyGenerator.Run runOf(RecordField field, Set<?> seed) {
    return new KeyGenerator(field).forRun(RUN, positions(field, seed));
  }

  private static long[] positions(RecordField field, Set<?> seed) {
    List<Map<String, Object>> rows = new ArrayList<>();
    seed.forEach(value -> rows.add(Map.of("id", value)));
    return SeedKeyPositions.of(
            new ai.dataframer.beam.core.spec.Spec("keys", "", List.of(), List.of(field)), rows)
        .of("id");
  }
}
