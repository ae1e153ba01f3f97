package ai.dataframer.beam.core.profile;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.BeforeClass;
import org.junit.Test;

public class ConstraintLearningTest {
  private static List<Map<String, Object>> seeds;
  private static List<Constraint> learned;

  @BeforeClass
  public static void learnFromTheOrderSeeds() {
    seeds = ConstraintSeeds.records(3000, 7L);
    learned = ConstraintLearning.learn(profileOf(ConstraintSeeds.columns(), seeds));
  }

  @Test
  public void learnsAnEndAfterItsStartAndAMaximumAboveItsMinimum() {
    // Never equal, so strictly after; the temperatures are equal in a quarter of the rows.
    assertThat(learned, hasItem(new Constraint.Order("closed_at", ">", "opened_at")));
    assertThat(learned, hasItem(new Constraint.Order("max_temp", ">=", "min_temp")));
  }

  @Test
  public void learnsATotalAsTheSumOfItsPartsAtCents() {
    assertThat(
        learned,
        hasItem(new Constraint.Sum("total", List.of("subtotal", "tax", "shipping"), 0.01)));
  }

  @Test
  public void learnsThatACityDeterminesItsCountry() {
    assertThat(learned, hasItem(new Constraint.Determines("city", "country")));
    assertThat(learned, not(hasItem(new Constraint.Determines("country", "city"))));
  }

  @Test
  public void aRuleBrokenInOneRowIsNotLearned() {
    for (Constraint constraint : learned) {
      List<String> fields = constraint.fields();
      assertTrue(
          "order broken once: " + constraint,
          !(fields.contains("returned_at") && fields.contains("shipped_at")));
      assertTrue(
          "sum off by 0.05 once: " + constraint,
          !(constraint instanceof Constraint.Sum sum && sum.total().equals("fees")));
      assertTrue(
          "store once with a second depot: " + constraint,
          !(constraint instanceof Constraint.Determines rule && rule.from().equals("store")));
    }
  }

  @Test
  public void statesNothingElseAboutTheOrderSeeds() {
    // fees > fee_a and fees > fee_b do hold (the fees are never 0) and the subtotal is always
    // above its tax; total > tax follows from total > subtotal > tax and is left out.
    assertThat(
        learned,
        containsInAnyOrder(
            new Constraint.Order("closed_at", ">", "opened_at"),
            new Constraint.Order("max_temp", ">=", "min_temp"),
            new Constraint.Order("subtotal", ">", "tax"),
            new Constraint.Order("total", ">", "subtotal"),
            new Constraint.Order("fees", ">", "fee_a"),
            new Constraint.Order("fees", ">", "fee_b"),
            new Constraint.Sum("total", List.of("subtotal", "tax", "shipping"), 0.01),
            new Constraint.Determines("city", "country")));
  }

  @Test
  public void learnsTheRulesOfHotelBookings() {
    List<Constraint> hotels =
        ConstraintLearning.learn(profileOf(HotelSeeds.columns(), HotelSeeds.records(2000, 11L)));
    assertThat(
        hotels,
        containsInAnyOrder(
            new Constraint.Order("check_out", ">", "check_in"),
            new Constraint.Order("guests", ">=", "adults"),
            new Constraint.Order("guests", ">", "children"),
            new Constraint.Order("max_occupancy", ">=", "guests"),
            new Constraint.Order("max_price", ">=", "min_price"),
            new Constraint.Sum("guests", List.of("adults", "children"), 0),
            // hotel -> country follows through the city, which is never null.
            new Constraint.Determines("hotel", "city"),
            new Constraint.Determines("city", "country"),
            new Constraint.Determines("room_type", "max_occupancy")));
  }

  @Test
  public void splittingAndMergingInAnyOrderLearnsTheSameConstraints() throws Exception {
    List<Map<String, Object>> shuffled = new ArrayList<>(seeds);
    Collections.shuffle(shuffled, new Random(5L));
    // Uneven parts, some of a single row, as a runner's bundles can be; merged right to left,
    // each through a serialization round trip as a runner ships accumulators.
    int[] cuts = {0, 1, 2, 40, 41, 700, 1500, 2999, 3000};
    TableProfile merged = null;
    for (int p = cuts.length - 2; p >= 0; p--) {
      TableProfile part =
          roundTrip(profileOf(ConstraintSeeds.columns(), shuffled.subList(cuts[p], cuts[p + 1])));
      merged = merged == null ? part : part.merge(merged);
    }
    assertEquals(learned, ConstraintLearning.learn(merged));
  }

  @Test
  public void aChainThroughAColumnThatIsSometimesNullKeepsTheOuterOrder() {
    List<Map<String, Object>> rows = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3L);
    for (int i = 0; i < 200; i++) {
      long created = random.nextLong(1_000_000);
      long paid = created + 1 + random.nextLong(50_000);
      long shipped = paid + 1 + random.nextLong(50_000);
      rows.add(
          row(
              "created", Instant.ofEpochSecond(created),
              "paid", i % 10 == 0 ? null : Instant.ofEpochSecond(paid),
              "shipped", Instant.ofEpochSecond(shipped)));
    }
    // Where paid is null, shipped > paid > created says nothing of shipped and created.
    assertThat(
        ConstraintLearning.learn(
            profileOf(types("created", "paid", "shipped", FieldType.TIMESTAMP), rows)),
        containsInAnyOrder(
            new Constraint.Order("paid", ">", "created"),
            new Constraint.Order("shipped", ">", "created"),
            new Constraint.Order("shipped", ">", "paid")));
  }

  @Test
  public void aChainThroughANeverNullColumnDropsTheImpliedOrder() {
    List<Map<String, Object>> rows = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(4L);
    for (int i = 0; i < 200; i++) {
      double low = random.nextDouble() * 100;
      // Equal now and then, so neither order is strict.
      double mid = i % 4 == 0 ? low : low + random.nextDouble() * 50;
      rows.add(row("low", low, "mid", mid, "high", i % 4 == 0 ? mid : mid + random.nextDouble()));
    }
    assertThat(
        ConstraintLearning.learn(profileOf(types("low", "mid", "high", FieldType.DOUBLE), rows)),
        containsInAnyOrder(
            new Constraint.Order("mid", ">=", "low"), new Constraint.Order("high", ">=", "mid")));
  }

  @Test
  public void ordersThatRangesAloneKeepOrThatNeverDifferOrThatFewRowsShowAreNotStated() {
    List<Map<String, Object>> rows = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(6L);
    for (int i = 0; i < 200; i++) {
      double price = 100 + random.nextDouble() * 900;
      double copy = price;
      rows.add(
          row(
              "price",
              price,
              "quantity",
              (double) (1 + random.nextInt(9)),
              "same",
              copy,
              "rare",
              i < 19 ? price + 1 : null));
    }
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("price", FieldType.DOUBLE);
    columns.put("quantity", FieldType.DOUBLE);
    columns.put("same", FieldType.DOUBLE);
    columns.put("rare", FieldType.DOUBLE);
    List<Constraint> constraints = ConstraintLearning.learn(profileOf(columns, rows));
    assertEquals(List.of(), constraints.stream().filter(c -> c.kind().equals("order")).toList());
  }

  @Test
  public void aColumnThatIsAlwaysZeroOrACopyMakesNoTrivialSum() {
    List<Map<String, Object>> rows = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(8L);
    for (int i = 0; i < 100; i++) {
      long a = random.nextInt(1000);
      long b = 1 + random.nextInt(1000);
      rows.add(row("a", a, "a_copy", a, "zero", 0L, "b", b, "c", a + b));
    }
    Map<String, FieldType> columns = new LinkedHashMap<>();
    for (String name : List.of("a", "a_copy", "zero", "b", "c")) {
      columns.put(name, FieldType.LONG);
    }
    List<Constraint> sums =
        ConstraintLearning.learn(profileOf(columns, rows)).stream()
            .filter(c -> c.kind().equals("sum"))
            .toList();
    // Whole numbers add exactly: no tolerance. a_copy = a + zero holds but says nothing.
    assertEquals(List.of(new Constraint.Sum("c", List.of("a", "b"), 0)), sums);
  }

  @Test
  public void aOneToOnePairIsStatedOnceAndAOneToManyPairNotAtAll() {
    List<String> codes = List.of("FR", "DE", "ES", "IT");
    List<String> names = List.of("France", "Germany", "Spain", "Italy");
    List<Map<String, Object>> rows = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(9L);
    for (int i = 0; i < 300; i++) {
      int k = random.nextInt(codes.size());
      rows.add(
          row(
              "code", codes.get(k),
              "name", names.get(k),
              // Each region spans two countries: a country's region varies, so neither way.
              "region", random.nextBoolean() ? "r" + k : "r" + (k + 1) % 4));
    }
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("code", FieldType.STRING);
    columns.put("name", FieldType.STRING);
    columns.put("region", FieldType.STRING);
    assertEquals(
        List.of(new Constraint.Determines("code", "name")),
        ConstraintLearning.learn(profileOf(columns, rows)));
  }

  @Test
  public void aKeyDeterminesNothing() {
    // Each key is seen once: one value each proves nothing about its pair.
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(row("key", "K" + i, "flag", i % 3 == 0 ? "yes" : "no", "n", (long) i));
    }
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("key", FieldType.STRING);
    columns.put("flag", FieldType.STRING);
    columns.put("n", FieldType.LONG);
    assertEquals(
        List.of(),
        ConstraintLearning.learn(profileOf(columns, rows)).stream()
            .filter(c -> c.kind().equals("determines"))
            .toList());
  }

  static TableProfile profileOf(Map<String, FieldType> columns, List<Map<String, Object>> rows) {
    TableProfile profile = TableProfile.empty(columns);
    rows.forEach(profile::add);
    return profile;
  }

  private static Map<String, FieldType> types(String a, String b, String c, FieldType type) {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put(a, type);
    columns.put(b, type);
    columns.put(c, type);
    return columns;
  }

  private static Map<String, Object> row(Object... namesAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return row;
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
