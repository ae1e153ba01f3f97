package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.field;
import static ai.dataframer.beam.core.engine.EngineFixtures.laptopValues;
import static ai.dataframer.beam.core.engine.EngineFixtures.phoneValues;
import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static ai.dataframer.beam.core.engine.EngineFixtures.property;
import static ai.dataframer.beam.core.engine.EngineFixtures.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.record.RecordFingerprint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.Test;

public class EmbeddedEngineTest {
  private final Spec spec = EngineFixtures.spec();
  private final List<Map<String, Object>> seeds = EngineFixtures.seeds();
  private final EmbeddedEngine engine =
      new EmbeddedEngine(spec, seeds, FingerprintSet.ofRecords(seeds));

  private List<Map<String, Object>> drafts(Map<String, String> values, int count) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(engine.draft(plan(i, values), 1));
    }
    return out;
  }

  @Test
  public void boundExactValuesAreTheirPlanValuesWithTheFieldsScale() {
    for (Map<String, Object> record : drafts(laptopValues(), 50)) {
      assertEquals("laptop", record.get("product"));
      assertEquals(4, record.get("stars"));
      assertEquals(new BigDecimal("4.50"), record.get("fee"));
    }
  }

  @Test
  public void boundRangesDrawInsideTheirHalfOpenRangeAndTheLastRangeIsClosed() {
    Set<Object> ratingsLow = new TreeSet<>();
    Set<Object> ratingsHigh = new TreeSet<>();
    for (int i = 0; i < 2000; i++) {
      Map<String, Object> phone = engine.draft(plan(i, phoneValues()), 1);
      double price = (Double) phone.get("price");
      assertTrue("price " + price, price >= 100 && price < 500);
      ratingsHigh.add(phone.get("rating"));
      Map<String, Object> laptop = engine.draft(plan(i, laptopValues()), 1);
      double laptopPrice = (Double) laptop.get("price");
      assertTrue("price " + laptopPrice, laptopPrice >= 500 && laptopPrice <= 2000);
      ratingsLow.add(laptop.get("rating"));
      LocalDate created = (LocalDate) laptop.get("created");
      assertTrue(
          "created " + created,
          !created.isBefore(LocalDate.parse("2024-01-01"))
              && created.isBefore(LocalDate.parse("2024-07-01")));
    }
    assertEquals(new TreeSet<>(List.of(1, 2)), ratingsLow);
    assertEquals(new TreeSet<>(List.of(3, 4, 5)), ratingsHigh);
  }

  @Test
  public void rangeDrawsFollowTheQuantileFunctionInsideTheRange() {
    // price quantiles 0,50,100,200,400,1000,2000 at p = i/6: inside [100, 500) the model puts
    // (1/6) / ((2 + 1/6) / 6) = 6/13 of the mass below 200.
    int below200 = 0;
    int n = 5000;
    for (int i = 0; i < n; i++) {
      if ((Double) engine.draft(plan(i, phoneValues()), 1).get("price") < 200) {
        below200++;
      }
    }
    assertEquals(6.0 / 13, below200 / (double) n, 0.025);
  }

  @Test
  public void boundNullValueGivesNull() {
    for (Map<String, Object> record : drafts(phoneValues(), 50)) {
      assertNull(record.get("created"));
    }
  }

  @Test
  public void recordsHaveTheSpecsFieldsInOrderAndPassTheFilters() {
    List<String> names = spec.recordFields().stream().map(RecordField::name).toList();
    StructuralFilter structural = new StructuralFilter(spec);
    ConformanceFilter conformance = new ConformanceFilter(spec);
    for (Map<String, String> values : List.of(laptopValues(), phoneValues())) {
      for (int i = 0; i < 300; i++) {
        SamplePlan plan = plan(i, values);
        Map<String, Object> record = engine.draft(plan, 1);
        assertEquals(names, new ArrayList<>(record.keySet()));
        assertThat(structural.check(plan, record), empty());
        assertThat(conformance.check(plan, record), empty());
      }
    }
  }

  @Test
  public void unboundOrderedFieldsFollowTheSeedRowsMatchingThePlan() {
    // Laptop seeds order 1-2 items and phone seeds 8-10: laptops hold the lower half of the seed's
    // ranks and phones the upper half. Values are read from the spec's quantiles (1, 1, 2, 5, 8,
    // 10), which put the lower half at 1-3.5 and the upper half at 3.5-10.
    for (Map<String, Object> record : drafts(laptopValues(), 300)) {
      assertThat((Integer) record.get("qty"), lessThanOrEqualTo(3));
    }
    for (Map<String, Object> record : drafts(phoneValues(), 300)) {
      assertThat((Integer) record.get("qty"), greaterThanOrEqualTo(4));
    }
  }

  @Test
  public void fewMatchingRowsFallBackToTheGlobalQuantileFunction() {
    Spec small =
        new Spec(
            "d",
            "r",
            List.of(property("kind", "a", "b")),
            List.of(
                field("kind", FieldType.STRING, "kind", 0, List.of(), null, null),
                field(
                    "v",
                    FieldType.DOUBLE,
                    null,
                    0,
                    List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0),
                    null,
                    null)));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(record("kind", "a", "v", i / 20.0));
    }
    for (int i = 0; i < 3; i++) {
      rows.add(record("kind", "b", "v", 50.0));
    }
    EmbeddedEngine smallEngine = new EmbeddedEngine(small, rows, FingerprintSet.ofRecords(rows));
    double minB = Double.MAX_VALUE;
    double maxB = -Double.MAX_VALUE;
    for (int i = 0; i < 500; i++) {
      double a = (Double) smallEngine.draft(plan(i, values("kind", "a")), 1).get("v");
      assertThat("jitter stays within a quarter of the local quantile spacing", a, lessThan(3.5));
      double b = (Double) smallEngine.draft(plan(i, values("kind", "b")), 1).get("v");
      minB = Math.min(minB, b);
      maxB = Math.max(maxB, b);
    }
    assertThat(minB, lessThan(10.0));
    assertThat(maxB, greaterThan(90.0));
  }

  @Test
  public void freeTextHasAProfileLengthAndTheMatchingSeedRowsVocabulary() {
    Set<String> laptopVocabulary = new HashSet<>(EngineFixtures.LAPTOP_WORDS);
    Set<Integer> lengths = new HashSet<>();
    for (Map<String, Object> record : drafts(laptopValues(), 300)) {
      String body = (String) record.get("body");
      String[] words = body.split(" ");
      lengths.add(words.length);
      assertThat(body, words.length, allOf(greaterThanOrEqualTo(5), lessThanOrEqualTo(30)));
      assertTrue(body, Character.isUpperCase(body.charAt(0)));
      assertTrue(body, body.endsWith("."));
      for (String word : words) {
        String bare = word.replaceAll("[.]$", "").toLowerCase();
        assertTrue("'" + bare + "' in " + body, laptopVocabulary.contains(bare));
      }
    }
    assertThat("lengths come from many matching rows", lengths.size(), greaterThan(8));
  }

  @Test
  public void textLengthsFollowTheProfileWhenNoSeedTextMatches() {
    Spec textOnly =
        new Spec(
            "d",
            "r",
            List.of(),
            List.of(
                field(
                    "body",
                    FieldType.STRING,
                    null,
                    0,
                    List.of(),
                    new ai.dataframer.beam.core.spec.TextProfile(3, 6, 40),
                    null)));
    List<Map<String, Object>> rows = List.of(record("body", "One two three. Four five six seven."));
    EmbeddedEngine textEngine = new EmbeddedEngine(textOnly, rows, FingerprintSet.ofRecords(rows));
    int atMostMedian = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      int words = ((String) textEngine.draft(plan(i, Map.of()), 1).get("body")).split(" ").length;
      assertThat(words, allOf(greaterThanOrEqualTo(3), lessThanOrEqualTo(40)));
      atMostMedian += words <= 6 ? 1 : 0;
    }
    // Half the draws at or below the median, plus the median's own share of the upper half.
    assertEquals(0.5 + 0.5 / 35, atMostMedian / (double) n, 0.04);
  }

  @Test
  public void idsMimicTheSeedShapeAndAreNew() {
    Set<Object> seedIds = new HashSet<>();
    seeds.forEach(row -> seedIds.add(row.get("order_id")));
    Pattern shape = Pattern.compile("ORD-\\d{5}");
    int fresh = 0;
    List<Map<String, Object>> records = drafts(laptopValues(), 500);
    for (Map<String, Object> record : records) {
      String id = (String) record.get("order_id");
      assertTrue(id, shape.matcher(id).matches());
      fresh += seedIds.contains(id) ? 0 : 1;
    }
    assertThat(fresh, greaterThan(490));
  }

  @Test
  public void categoricalStringsAndBooleansComeFromTheSeedValues() {
    Set<Object> channels = new HashSet<>();
    Set<Object> gifts = new HashSet<>();
    for (Map<String, Object> record : drafts(phoneValues(), 200)) {
      channels.add(record.get("channel"));
      gifts.add(record.get("gift"));
    }
    assertEquals(Set.of("web", "store"), channels);
    assertEquals(Set.of(true, false), gifts);
  }

  @Test
  public void sameplanAndAttemptGiveTheSameRecordAndANewAttemptAnother() {
    EmbeddedEngine other =
        new EmbeddedEngine(spec, reversed(seeds), FingerprintSet.ofRecords(seeds));
    for (int i = 0; i < 50; i++) {
      SamplePlan plan = plan(i, laptopValues());
      assertEquals(engine.draft(plan, 1), other.draft(plan, 1));
      assertEquals(engine.draft(plan, 2), engine.draft(plan, 2));
      assertNotEquals(engine.draft(plan, 1), engine.draft(plan, 2));
    }
  }

  @Test
  public void exactCopiesOfSeedRecordsAreRedrawn() {
    Spec copyProne =
        new Spec(
            "d",
            "r",
            List.of(property("color", "red", "blue")),
            List.of(
                field("color", FieldType.STRING, "color", 0, List.of(), null, null),
                field("size", FieldType.INT, null, 0, List.of(1.0, 10.0), null, null)));
    // Half of all drafts (size 1..5 of 1..10) would copy one of these seed records.
    List<Map<String, Object>> copies = new ArrayList<>();
    for (int size = 1; size <= 5; size++) {
      copies.add(record("color", "red", "size", size));
    }
    AtomicInteger redraws = new AtomicInteger();
    EmbeddedEngine copyEngine =
        new EmbeddedEngine(
            copyProne, List.of(), FingerprintSet.ofRecords(copies), redraws::incrementAndGet);
    FingerprintSet seedPrints = FingerprintSet.ofRecords(copies);
    int n = 300;
    for (int i = 0; i < n; i++) {
      Map<String, Object> record = copyEngine.draft(plan(i, values("color", "red")), 1);
      assertFalse(record.toString(), seedPrints.test(RecordFingerprint.of(record)));
      assertThat((Integer) record.get("size"), greaterThan(5));
    }
    assertThat(redraws.get(), allOf(greaterThan(n / 2), lessThan(2 * n)));
  }

  @Test
  public void aPlanValueThatDoesNotParseNamesThePropertyAndField() {
    Map<String, String> values = laptopValues();
    values.put("stars", "four");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> engine.draft(plan(0, values), 1));
    assertThat(e.getMessage(), allOf(containsString("'stars'"), containsString("'four'")));
  }

  @Test
  public void aPlanWithoutABoundPropertyIsAnError() {
    Map<String, String> values = laptopValues();
    values.remove("fee");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> engine.draft(plan(0, values), 1));
    assertThat(e.getMessage(), containsString("no value for property 'fee'"));
  }

  @Test
  public void aDocumentSpecIsRejected() {
    Spec document = new Spec("d", "r", List.of(), List.of());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EmbeddedEngine(document, List.of(), FingerprintSet.empty()));
    assertThat(e.getMessage(), containsString("no record_fields"));
  }

  static Map<String, Object> record(Object... pairs) {
    Map<String, Object> record = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      record.put((String) pairs[i], pairs[i + 1]);
    }
    return record;
  }

  private static List<Map<String, Object>> reversed(List<Map<String, Object>> rows) {
    Map<String, Object>[] array = rows.toArray(Map[]::new);
    List<Map<String, Object>> out = new ArrayList<>(Arrays.asList(array));
    java.util.Collections.reverse(out);
    return out;
  }
}
