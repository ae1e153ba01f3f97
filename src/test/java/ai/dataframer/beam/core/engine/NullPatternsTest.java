package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EmbeddedEngineTest.record;
import static ai.dataframer.beam.core.engine.EngineFixtures.field;
import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static ai.dataframer.beam.core.engine.EngineFixtures.property;
import static ai.dataframer.beam.core.engine.EngineFixtures.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.profile.InferenceSettings;
import ai.dataframer.beam.core.profile.SpecInference;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.record.RecordFingerprint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.Test;

/**
 * Nulls of unbound fields come as the seed rows' null patterns: per-column rates and which columns
 * are null together follow the seed, exact-copy redraws do not push them down, and an edited {@code
 * nullable_percent} wins.
 */
public class NullPatternsTest {
  private static final List<String> ADJECTIVES =
      List.of("Quiet", "Bright", "Rapid", "Gentle", "Bold", "Silver", "Humble", "Lucky");
  private static final List<String> NOUNS =
      List.of("Falcon", "Harbor", "Meadow", "Summit", "Lantern", "Willow", "Canyon", "Ember");

  /**
   * 400 orders, mostly null: the note is null in 110 rows (27.5%), the code in every row without a
   * note and 60 more, the rebate in 85% of rows. Region and size are categories; the amount is a
   * whole number from 1 to 40, often the same as a seed row's, so drafts with many nulls are often
   * copies of a seed row until their values are redrawn.
   */
  static List<Map<String, Object>> sparseOrders() {
    SplittableRandom random = new SplittableRandom(11);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      boolean noNote = i % 40 < 11;
      boolean noCode = noNote || i % 40 >= 34;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("region", List.of("north", "south", "east", "west").get(random.nextInt(4)));
      row.put("size", 1 + random.nextInt(3));
      row.put("amount", (double) (1 + random.nextInt(40)));
      row.put(
          "note",
          noNote
              ? null
              : ADJECTIVES.get(random.nextInt(ADJECTIVES.size()))
                  + " "
                  + NOUNS.get(random.nextInt(NOUNS.size())));
      row.put("code", noCode ? null : String.format("C-%04x", random.nextInt(65536)));
      row.put("rebate", random.nextInt(20) < 17 ? null : random.nextInt(50) / 2.0);
      rows.add(row);
    }
    return rows;
  }

  static Map<String, FieldType> sparseOrderColumns() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("region", FieldType.STRING);
    columns.put("size", FieldType.INT);
    columns.put("amount", FieldType.DOUBLE);
    columns.put("note", FieldType.STRING);
    columns.put("code", FieldType.STRING);
    columns.put("rebate", FieldType.DOUBLE);
    return columns;
  }

  @Test
  public void nullRatesAndTheirCoOccurrenceFollowTheSeedThroughCopyRedrawsAndFilters() {
    List<Map<String, Object>> seeds = sparseOrders();
    Spec spec =
        SpecInference.fromRecords(sparseOrderColumns(), seeds, InferenceSettings.defaults());
    RecordField note = spec.recordField("note").orElseThrow();
    assertNull("note is unbound", note.property());
    assertEquals(27.5, note.nullablePercent(), 0);
    FingerprintSet seedPrints = FingerprintSet.ofRecords(seeds);
    int[] redraws = new int[1];
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, seedPrints, () -> redraws[0]++);
    GenerationLoop loop =
        new GenerationLoop(
            engine,
            List.of(
                new StructuralFilter(spec),
                new ConformanceFilter(spec),
                new ExactCopyFilter(seedPrints)));
    Planner planner = new Planner(spec);
    RunSettings settings = new RunSettings("run-nulls", 3, 0, SeedShufflingLevel.NONE, 0);
    List<Map<String, Object>> accepted = new ArrayList<>();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      SampleOutcome outcome = loop.generate(planner.plan(settings, i));
      if (outcome instanceof SampleOutcome.Accepted ok) {
        accepted.add(ok.record());
      }
    }
    assertThat("copies were redrawn", redraws[0], greaterThan(n / 20));
    assertThat(accepted.size(), greaterThan(n * 99 / 100));
    for (Map<String, Object> record : accepted) {
      assertFalse(record.toString(), seedPrints.test(RecordFingerprint.of(record)));
    }
    for (String column : List.of("note", "code", "rebate")) {
      Predicate<Map<String, Object>> isNull = r -> r.get(column) == null;
      assertEquals(column, share(seeds, isNull), share(accepted, isNull), 0.02);
    }
    Predicate<Map<String, Object>> noteAndCode =
        r -> r.get("note") == null && r.get("code") == null;
    Predicate<Map<String, Object>> allThree = noteAndCode.and(r -> r.get("rebate") == null);
    assertEquals(share(seeds, noteAndCode), share(accepted, noteAndCode), 0.02);
    assertEquals(share(seeds, allThree), share(accepted, allThree), 0.02);
  }

  @Test
  public void nullsFollowTheSeedRowsMatchingThePlan() {
    // Discounts are missing in 40% of the a rows and 20% of the b rows: 30% overall, as the spec.
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String kind = i < 200 ? "a" : "b";
      boolean missing = kind.equals("a") ? i % 10 < 4 : i % 10 < 2;
      seeds.add(record("kind", kind, "discount", missing ? null : (double) (i % 37)));
    }
    EmbeddedEngine engine = new EmbeddedEngine(kindSpec(30), seeds, FingerprintSet.empty());
    assertEquals(0.40, nullShare(engine, "a", 10_000), 0.02);
    assertEquals(0.20, nullShare(engine, "b", 10_000), 0.02);
  }

  @Test
  public void anEditedNullablePercentIsTheRateWhateverTheSeed() {
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      seeds.add(record("kind", i % 2 == 0 ? "a" : "b", "discount", i % 10 < 3 ? null : 1.0 * i));
    }
    for (double percent : new double[] {0, 10, 60, 100}) {
      EmbeddedEngine engine = new EmbeddedEngine(kindSpec(percent), seeds, FingerprintSet.empty());
      double share = (nullShare(engine, "a", 5000) + nullShare(engine, "b", 5000)) / 2;
      assertEquals("nullable_percent " + percent, percent / 100, share, 0.02);
    }
  }

  @Test
  public void withoutSeedRowsEachFieldIsNullAtItsSpecRate() {
    EmbeddedEngine engine = new EmbeddedEngine(kindSpec(30), List.of(), FingerprintSet.empty());
    assertEquals(0.30, nullShare(engine, "a", 10_000), 0.02);
  }

  @Test
  public void aCopyRedrawKeepsTheNullPatternAndRedrawsTheValues() {
    // A seed row with a null discount is a copy unless its amount changes: half the amounts the
    // spec allows are the seed's.
    Spec spec =
        new Spec(
            "d",
            "r",
            List.of(property("kind", "a")),
            List.of(
                field("kind", FieldType.STRING, "kind", 0, List.of(), null, null),
                field("discount", FieldType.DOUBLE, null, 50, List.of(1.0, 2.0), null, null),
                field("amount", FieldType.INT, null, 0, List.of(1.0, 40.0), null, null)));
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      seeds.add(record("kind", "a", "discount", i % 2 == 0 ? null : 1.5, "amount", 1 + i / 2));
    }
    int[] redraws = new int[1];
    FingerprintSet prints = FingerprintSet.ofRecords(seeds);
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, prints, () -> redraws[0]++);
    int nulls = 0;
    int n = 4000;
    for (int i = 0; i < n; i++) {
      Map<String, Object> draft = engine.draft(plan(i, values("kind", "a")), 1);
      assertFalse(draft.toString(), prints.test(RecordFingerprint.of(draft)));
      nulls += draft.get("discount") == null ? 1 : 0;
    }
    assertThat(redraws[0], greaterThan(n / 4));
    assertEquals(0.5, nulls / (double) n, 0.03);
  }

  private static Spec kindSpec(double nullablePercent) {
    return new Spec(
        "d",
        "r",
        List.of(property("kind", "a", "b")),
        List.of(
            field("kind", FieldType.STRING, "kind", 0, List.of(), null, null),
            field(
                "discount",
                FieldType.DOUBLE,
                null,
                nullablePercent,
                List.of(0.0, 10.0, 36.0),
                null,
                null)));
  }

  private static double nullShare(EmbeddedEngine engine, String kind, int n) {
    int nulls = 0;
    for (int i = 0; i < n; i++) {
      SamplePlan plan = plan(i, values("kind", kind));
      if (engine.draft(plan, 1).get("discount") == null) {
        nulls++;
      }
    }
    return nulls / (double) n;
  }

  private static double share(List<Map<String, Object>> rows, Predicate<Map<String, Object>> p) {
    return rows.stream().filter(p).count() / (double) rows.size();
  }
}
