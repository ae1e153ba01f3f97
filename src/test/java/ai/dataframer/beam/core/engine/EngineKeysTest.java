package ai.dataframer.beam.core.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.profile.InferenceSettings;
import ai.dataframer.beam.core.profile.SpecInference;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.FieldKey;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecValidator;
import ai.dataframer.beam.core.spec.SpecYaml;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.BeforeClass;
import org.junit.Test;

/** Keys learned from a seed, written to YAML and drafted by the engine. */
public class EngineKeysTest {
  private static final int ROWS = 2_000;
  private static final Map<String, FieldType> COLUMNS = new LinkedHashMap<>();
  private static final List<Map<String, Object>> SEED = new ArrayList<>();
  private static Spec spec;

  @BeforeClass
  public static void learn() {
    COLUMNS.put("order_id", FieldType.STRING);
    COLUMNS.put("customer", FieldType.INT);
    COLUMNS.put("token", FieldType.STRING);
    COLUMNS.put("coupon", FieldType.STRING);
    COLUMNS.put("channel", FieldType.STRING);
    COLUMNS.put("amount", FieldType.DOUBLE);
    SplittableRandom random = new SplittableRandom(31);
    Set<Integer> customers = new HashSet<>();
    while (customers.size() < ROWS) {
      customers.add(random.nextInt(100_000, 1_000_000));
    }
    List<Integer> customerIds = new ArrayList<>(customers);
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("order_id", String.format(Locale.ROOT, "ORD-%06d", 500 + i));
      row.put("customer", customerIds.get(i));
      row.put("token", String.format(Locale.ROOT, "%016x", random.nextLong()));
      // A quarter of the coupons are missing: a key's nulls follow the seed's.
      row.put(
          "coupon",
          i % 4 == 0 ? null : String.format(Locale.ROOT, "CPN-%08X", random.nextInt() >>> 1));
      row.put("channel", i % 3 == 0 ? "web" : "store");
      // Order amounts grow with the order number, so the order id correlates with them.
      row.put("amount", 10 + i * 0.05 + random.nextDouble());
      SEED.add(row);
    }
    spec = SpecInference.fromRecords(COLUMNS, SEED, InferenceSettings.defaults());
  }

  @Test
  public void keysAreLearnedAndAreNeitherPropertiesNorBands() {
    assertEquals(new FieldKey("ORD-{seq:6}", 2_500L), field("order_id").key());
    assertEquals("{number:", field("customer").key().format().substring(0, 8));
    assertEquals(new FieldKey("{hex:16}", null), field("token").key());
    assertEquals(new FieldKey("CPN-{HEX:8}", null), field("coupon").key());
    for (String key : List.of("order_id", "customer", "token", "coupon")) {
      assertEquals(key + " is unbound", null, field(key).property());
      assertTrue(spec.properties().stream().noneMatch(p -> p.name().startsWith(key)));
    }
    assertEquals(25.0, field("coupon").nullablePercent(), 0.0);
  }

  @Test
  public void theLearnedKeysSurviveTheSpecYamlAndItsValidator() {
    Spec read = SpecYaml.parse(SpecYaml.write(spec), "keys.yaml").spec();
    SpecValidator.validate(read);
    for (RecordField field : spec.recordFields()) {
      assertEquals(field.name(), field.key(), read.recordField(field.name()).orElseThrow().key());
    }
    assertThat(SpecYaml.write(spec), containsString("format: \"ORD-{seq:6}\""));
  }

  @Test
  public void draftsCarryUniqueKeysThatAreNoSeedValueAndStayAcrossAttempts() {
    EmbeddedEngine engine = new EmbeddedEngine(spec, SEED, FingerprintSet.ofRecords(SEED));
    Map<String, Set<Object>> seedValues = new LinkedHashMap<>();
    for (String key : List.of("order_id", "customer", "token", "coupon")) {
      Set<Object> values = new HashSet<>();
      SEED.forEach(row -> values.add(row.get(key)));
      values.remove(null);
      seedValues.put(key, values);
    }
    Map<String, Set<Object>> drawn = new LinkedHashMap<>();
    seedValues.keySet().forEach(key -> drawn.put(key, new HashSet<>()));
    int samples = 5_000;
    int nullCoupons = 0;
    for (SamplePlan plan : plans(samples)) {
      Map<String, Object> first = engine.draft(plan, 1);
      Map<String, Object> third = engine.draft(plan, 3);
      for (String key : seedValues.keySet()) {
        Object value = first.get(key);
        if (value == null) {
          assertEquals("only coupons have nulls", "coupon", key);
          nullCoupons++;
          continue;
        }
        if (third.get(key) != null) {
          assertEquals(key + " is the plan's on every attempt", value, third.get(key));
        }
        assertFalse(key + " " + value + " is a seed value", seedValues.get(key).contains(value));
        assertTrue(key + " " + value + " repeated", drawn.get(key).add(value));
      }
      assertTrue(first.get("customer") instanceof Integer);
    }
    assertThat((double) nullCoupons / samples, closeTo(0.25, 0.03));
    assertTrue("the sequence starts after the seed", drawn.get("order_id").contains("ORD-002500"));
  }

  private static List<SamplePlan> plans(int samples) {
    Planner planner = new Planner(spec);
    RunSettings settings = new RunSettings("keys-run", 9L, 0, SeedShufflingLevel.NONE, 0);
    List<SamplePlan> plans = new ArrayList<>();
    for (long i = 0; i < samples; i++) {
      plans.add(planner.plan(settings, i));
    }
    return plans;
  }

  private static RecordField field(String name) {
    return spec.recordField(name).orElseThrow();
  }
}
