package ai.dataframer.beam.core.profile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import ai.dataframer.beam.core.spec.FieldKey;
import ai.dataframer.beam.core.spec.FieldType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import org.junit.Test;

/** Which columns are keys, and the format learned from their values. */
public class KeyLearningTest {
  @Test
  public void paddedDenseNumbersAfterALiteralPrefixAreASequence() {
    List<Object> ids = shuffled(range(100, 600, i -> String.format(Locale.ROOT, "ORD-%06d", i)));
    assertEquals(new FieldKey("ORD-{seq:6}", 600L), keyOf(FieldType.STRING, ids));
  }

  @Test
  public void unpaddedDenseNumbersOfManyWidthsAreASequence() {
    List<Object> ids = shuffled(range(1, 301, i -> "user-" + i));
    assertEquals(new FieldKey("user-{seq}", 301L), keyOf(FieldType.STRING, ids));
  }

  @Test
  public void denseNumbersBetweenLiteralsAreASequence() {
    List<Object> ids = shuffled(range(5000, 5400, i -> "INV/" + i + "-EU"));
    assertEquals(new FieldKey("INV/{seq}-EU", 5400L), keyOf(FieldType.STRING, ids));
  }

  @Test
  public void sparseUnpaddedNumbersOfManyWidthsCoverTheirDigitCounts() {
    SplittableRandom random = new SplittableRandom(3);
    List<Object> ids = distinct(400, () -> "user-" + random.nextInt(1, 100_000));
    // The smallest of 400 draws has three digits.
    assertEquals(new FieldKey("user-{number:100-99999}", null), keyOf(FieldType.STRING, ids));
  }

  @Test
  public void hexIdsAreHex() {
    SplittableRandom random = new SplittableRandom(5);
    List<Object> ids = distinct(300, () -> String.format("%016x", random.nextLong()));
    assertEquals(new FieldKey("{hex:16}", null), keyOf(FieldType.STRING, ids));
  }

  @Test
  public void upperCaseHexIdsKeepTheirCaseAndLiterals() {
    SplittableRandom random = new SplittableRandom(6);
    List<Object> ids =
        distinct(
            300,
            () -> String.format("TX_%012X", random.nextLong() >>> 16).toUpperCase(Locale.ROOT));
    assertEquals(new FieldKey("TX_{HEX:12}", null), keyOf(FieldType.STRING, ids));
  }

  @Test
  public void fewHexIdsStillLearnHexWhereAPositionShowedOnlyDigits() {
    // With 20 ids a position shows only digits now and then; the run as a whole is hex.
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 20; trial++) {
      List<Object> ids = distinct(20, () -> String.format("%08x", random.nextInt()));
      assertEquals(new FieldKey("{hex:8}", null), keyOf(FieldType.STRING, ids));
    }
  }

  @Test
  public void uuidsKeepTheirVersionAndCase() {
    Random random = new Random(7);
    List<Object> v4 =
        distinct(
            200,
            () ->
                new UUID(
                        (random.nextLong() & ~0xF000L) | 0x4000L,
                        (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                    .toString());
    assertEquals(new FieldKey("{uuid:4}", null), keyOf(FieldType.STRING, v4));
    List<Object> upper = new ArrayList<>();
    v4.forEach(u -> upper.add(((String) u).toUpperCase(Locale.ROOT)));
    assertEquals(new FieldKey("{UUID:4}", null), keyOf(FieldType.STRING, upper));
    long millis = 1_717_000_000_000L;
    List<Object> v7 = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      millis += random.nextInt(60_000);
      long msb = (millis << 16) | 0x7000L | random.nextInt(0x1000);
      long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      v7.add(new UUID(msb, lsb).toString());
    }
    assertEquals(new FieldKey("{uuid:7}", null), keyOf(FieldType.STRING, v7));
  }

  @Test
  public void mixedCaseAlphanumericsAreAlnum() {
    SplittableRandom random = new SplittableRandom(8);
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    List<Object> ids =
        distinct(
            500,
            () -> {
              StringBuilder id = new StringBuilder();
              for (int i = 0; i < 10; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
              }
              return id.toString();
            });
    assertEquals(new FieldKey("{Alnum:10}", null), keyOf(FieldType.STRING, ids));
  }

  @Test
  public void lettersAndDigitsKeepTheirPositions() {
    SplittableRandom random = new SplittableRandom(9);
    List<Object> plates =
        distinct(
            400,
            () ->
                ""
                    + (char) ('A' + random.nextInt(26))
                    + (char) ('A' + random.nextInt(26))
                    + "-"
                    + random.nextInt(10)
                    + random.nextInt(10)
                    + random.nextInt(10)
                    + (char) ('a' + random.nextInt(26)));
    assertEquals(
        new FieldKey("{upper:2}-{digits:3}{lower}", null), keyOf(FieldType.STRING, plates));
  }

  @Test
  public void aLeadingDigitThatIsNeverZeroIsOneToNine() {
    SplittableRandom random = new SplittableRandom(10);
    List<Object> codes = distinct(300, () -> "C-" + random.nextInt(100_000, 1_000_000));
    assertEquals(new FieldKey("C-{[1-9]}{digits:5}", null), keyOf(FieldType.STRING, codes));
  }

  @Test
  public void numbersAfterALiteralPrefixWithGapsAreStillASequence() {
    // Like the bundled orders seed: 400 ids from ORD-10003 to ORD-10986.
    SplittableRandom random = new SplittableRandom(12);
    List<Object> ids = distinct(398, () -> "ORD-" + random.nextInt(10_004, 10_986));
    ids.add("ORD-10003");
    ids.add("ORD-10986");
    assertEquals(new FieldKey("ORD-{seq}", 10_987L), keyOf(FieldType.STRING, ids));
  }

  @Test
  public void aSmallRandomSpaceIsWidenedThroughItsLiteralDigits() {
    // 200 ids from ORD-10003 to ORD-10986 are no sequence, and ORD-10{digits:3} has too few values.
    SplittableRandom random = new SplittableRandom(12);
    List<Object> ids = distinct(200, () -> "ORD-" + random.nextInt(10_003, 10_987));
    assertEquals(new FieldKey("ORD-1{digits:4}", null), keyOf(FieldType.STRING, ids));
  }

  @Test
  public void denseIntegersContinueAsASequence() {
    SplittableRandom random = new SplittableRandom(2);
    List<Object> gaps = distinct(300, () -> random.nextInt(5_000, 6_000));
    gaps.add(4_999);
    gaps.add(6_000);
    assertEquals(
        "evenly spread with gaps", new FieldKey("{seq}", 6_001L), keyOf(FieldType.INT, gaps));
    List<Object> ids = shuffled(range(1, 1001, i -> (int) (long) i));
    assertEquals(new FieldKey("{seq}", 1001L), keyOf(FieldType.INT, ids));
    List<Object> longs = shuffled(range(7_000_000_000L, 7_000_000_500L, i -> i));
    assertEquals(new FieldKey("{seq}", 7_000_000_500L), keyOf(FieldType.LONG, longs));
  }

  @Test
  public void sparseEvenlySpreadIntegersKeepTheirRange() {
    SplittableRandom random = new SplittableRandom(13);
    List<Object> ids = distinct(500, () -> random.nextInt(100_000, 1_000_000));
    ids.add(100_007);
    ids.add(999_983);
    assertEquals(new FieldKey("{number:100007-999983}", null), keyOf(FieldType.INT, ids));
    // Values near the top of a long stay there.
    List<Object> high = range(0, 60, i -> Long.MAX_VALUE - i * 1_000L);
    assertEquals(
        new FieldKey("{number:9223372036854716807-9223372036854775807}", null),
        keyOf(FieldType.LONG, high));
  }

  @Test
  public void sparseIntegersInTooNarrowARangeCoverTheirDigitCounts() {
    // 250 values over 1,200: no sequence, but the range has too few values left for runs.
    SplittableRandom random = new SplittableRandom(13);
    List<Object> ids = distinct(250, () -> random.nextInt(100_000, 101_200));
    assertEquals(new FieldKey("{[1-9]}{digits:5}", null), keyOf(FieldType.INT, ids));
    List<Object> mixed = distinct(250, () -> random.nextLong(9_000, 10_200));
    assertEquals(new FieldKey("{number:1000-99999}", null), keyOf(FieldType.LONG, mixed));
    // Ten-digit ints stop at the type's maximum; 19-digit longs likewise.
    List<Object> wide = distinct(250, () -> random.nextInt(2_147_482_000, Integer.MAX_VALUE));
    assertEquals(new FieldKey("{number:1000000000-2147483647}", null), keyOf(FieldType.INT, wide));
    List<Object> longest =
        distinct(250, () -> random.nextLong(Long.MAX_VALUE - 1_200, Long.MAX_VALUE));
    assertEquals(
        new FieldKey("{number:1000000000000000000-9223372036854775807}", null),
        keyOf(FieldType.LONG, longest));
  }

  @Test
  public void epochTimesAreNoKeysThoughUniqueAndEvenlySpread() {
    // A quarter of 2024 in whole seconds, 2,000 events: unique, sparse and spread evenly.
    SplittableRandom random = new SplittableRandom(15);
    long start = 1_704_067_200L;
    List<Object> seconds = distinct(2000, () -> random.nextLong(start, start + 91 * 86_400L));
    assertNull("named as a time", keyOf("event_ts", FieldType.LONG, seconds));
    assertNull("camel case", keyOf("createdAt", FieldType.LONG, seconds));
    assertNull("values of 2000-2100 in seconds", keyOf("logged", FieldType.LONG, seconds));
    List<Object> millis = new ArrayList<>();
    seconds.forEach(value -> millis.add((Long) value * 1000 + random.nextInt(1000)));
    assertNull("in milliseconds", keyOf("logged", FieldType.LONG, millis));
    assertEquals(
        "an id's name keeps it a key",
        new FieldKey("{number:" + min(seconds) + "-" + max(seconds) + "}", null),
        keyOf("event_id", FieldType.LONG, seconds));
    assertFalse(KeyLearning.isEpochTime("order_no", start, start + 86_400));
    assertFalse("outside 2000-2100", KeyLearning.isEpochTime("logged", 100_000, 999_999));
  }

  @Test
  public void skewedOrNegativeUniqueIntegersAreMeasuresNotKeys() {
    SplittableRandom random = new SplittableRandom(14);
    List<Object> amounts =
        distinct(500, () -> (int) Math.round(Math.exp(5 + 2 * gaussian(random)) * 100));
    assertNull(keyOf(FieldType.INT, amounts));
    List<Object> negative = distinct(500, () -> random.nextInt(-1_000_000, 1_000_000));
    assertNull(keyOf(FieldType.INT, negative));
  }

  @Test
  public void wordsNamesAndEmailsHaveNoLearnableFormat() {
    SplittableRandom random = new SplittableRandom(15);
    String[] first = {"ann", "bob", "carla", "dmitri", "eve", "frances", "gus", "hana", "ivo"};
    String[] last = {"smith", "ng", "okafor", "lindqvist", "perez", "kowalski", "ito", "brown"};
    List<Object> emails =
        distinct(
            60,
            () ->
                first[random.nextInt(first.length)]
                    + "."
                    + last[random.nextInt(last.length)]
                    + "@example.com");
    assertNull(keyOf(FieldType.STRING, emails));
    List<Object> names = new ArrayList<>();
    for (String f : first) {
      for (String l : last) {
        names.add(f + " " + l);
      }
    }
    assertNull(keyOf(FieldType.STRING, names));
  }

  @Test
  public void repeatedOrTooFewValuesAreNoKey() {
    List<Object> repeated = new ArrayList<>(range(1, 301, i -> "user-" + i));
    repeated.addAll(range(1, 11, i -> "user-" + i));
    assertNull("10 repeats in 310 is under 99% distinct", keyOf(FieldType.STRING, repeated));
    assertNull(keyOf("handle", FieldType.STRING, range(1, 20, i -> "user-" + i)));
    assertEquals(
        new FieldKey("user-{seq}", 21L),
        keyOf("handle", FieldType.STRING, range(1, 21, i -> "user-" + i)));
  }

  @Test
  public void aSmallSeedsDistinctValuesAreAKeyWhenTheColumnIsNamedAsAnId() {
    assertEquals(
        new FieldKey("{seq}", 106L), keyOf("order_id", FieldType.LONG, range(101, 106, i -> i)));
    assertEquals(
        new FieldKey("SKU-{seq:3}", 6L),
        keyOf("sku", FieldType.STRING, range(1, 6, i -> String.format("SKU-%03d", i))));
    assertEquals(
        new FieldKey("{seq}", 4L), keyOf("customerId", FieldType.LONG, range(1, 4, i -> i)));
    assertNull("two values", keyOf("order_id", FieldType.LONG, range(101, 103, i -> i)));
    assertNull(
        "a repeat", keyOf("order_id", FieldType.LONG, List.<Object>of(101L, 102L, 103L, 103L)));
    assertNull("not named as an id", keyOf("amount", FieldType.LONG, range(101, 106, i -> i)));
    assertNull("id is not its last word", keyOf("id_type", FieldType.LONG, range(1, 6, i -> i)));
  }

  @Test
  public void fiftyThousandValuesAreJudgedFromTheEstimate() {
    SplittableRandom random = new SplittableRandom(16);
    List<Object> unique =
        distinct(50_000, () -> String.format("TX-%010x", random.nextLong() >>> 24));
    assertEquals(new FieldKey("TX-{hex:10}", null), keyOf(FieldType.STRING, unique));

    // 3% of the values repeat an earlier one: the sample of distinct values sees it.
    List<Object> repeating = new ArrayList<>(unique.subList(0, 48_500));
    for (int i = 0; i < 1_500; i++) {
      repeating.add(unique.get(random.nextInt(48_500)));
    }
    TableProfile profile = profileOf(FieldType.STRING, shuffled(repeating));
    KeyShape shape = keyShape(profile);
    assertEquals(48_500.0 / 50_000, shape.distinctShare(), 0.01);
    assertNull(profile.column("id").key());

    // 0.4% repeating is still a key.
    List<Object> nearlyUnique = new ArrayList<>(unique.subList(0, 49_800));
    for (int i = 0; i < 200; i++) {
      nearlyUnique.add(unique.get(random.nextInt(49_800)));
    }
    assertEquals(
        new FieldKey("TX-{hex:10}", null), keyOf(FieldType.STRING, shuffled(nearlyUnique)));
  }

  @Test
  public void mergeOrderAndPartitioningDoNotChangeTheKeyShape() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    List<Object> ids = distinct(20_000, () -> "user-" + random.nextInt(1, 10_000_000));
    for (int i = 0; i < 100; i++) {
      ids.add(ids.get(random.nextInt(20_000)));
    }
    TableProfile whole = profileOf(FieldType.STRING, ids);
    List<Object> reordered = shuffled(ids);
    TableProfile merged = roundTrip(profileOf(FieldType.STRING, reordered.subList(15_000, 20_100)));
    merged = profileOf(FieldType.STRING, reordered.subList(0, 4_000)).merge(merged);
    merged = roundTrip(merged).merge(profileOf(FieldType.STRING, reordered.subList(4_000, 15_000)));
    assertEquals(keyShape(whole).distinctShare(), keyShape(merged).distinctShare(), 0.0);
    assertEquals(whole.column("id").key(), merged.column("id").key());
    assertEquals(new FieldKey("user-{number:100-9999999}", null), merged.column("id").key());
  }

  static FieldKey keyOf(FieldType type, List<Object> values) {
    return keyOf("id", type, values);
  }

  private static FieldKey keyOf(String name, FieldType type, List<Object> values) {
    return profileOf(name, type, values).column(name).key();
  }

  private static TableProfile profileOf(FieldType type, List<Object> values) {
    return profileOf("id", type, values);
  }

  private static TableProfile profileOf(String name, FieldType type, List<Object> values) {
    TableProfile profile = TableProfile.empty(Map.of(name, type));
    for (Object value : values) {
      profile.add(Collections.singletonMap(name, value));
    }
    return profile;
  }

  private static long min(List<Object> values) {
    return values.stream().mapToLong(value -> (Long) value).min().orElseThrow();
  }

  private static long max(List<Object> values) {
    return values.stream().mapToLong(value -> (Long) value).max().orElseThrow();
  }

  private static KeyShape keyShape(TableProfile profile) {
    return profile.column("id").keyShape();
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

  private static <T> List<Object> range(long from, long to, Function<Long, T> value) {
    List<Object> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(value.apply(i));
    }
    return out;
  }

  private static List<Object> distinct(int n, java.util.function.Supplier<Object> next) {
    Set<Object> seen = new HashSet<>();
    List<Object> out = new ArrayList<>();
    while (out.size() < n) {
      Object value = next.get();
      if (seen.add(value)) {
        out.add(value);
      }
    }
    return out;
  }

  private static List<Object> shuffled(List<Object> values) {
    List<Object> copy = new ArrayList<>(values);
    Collections.shuffle(copy, new Random(1));
    return copy;
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
