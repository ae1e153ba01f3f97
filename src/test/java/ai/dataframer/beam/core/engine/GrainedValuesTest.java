package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static ai.dataframer.beam.core.engine.EngineFixtures.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.profile.InferenceSettings;
import ai.dataframer.beam.core.profile.SpecInference;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TimestampUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every generated value is on its field's grain, bound or not, and still inside its bound range:
 * prices in cents, integer-valued measures whole, timestamps in whole seconds or days, decimals at
 * their scale and within their precision.
 */
public class GrainedValuesTest {
  private static List<Map<String, Object>> seeds;
  private static Spec spec;

  @BeforeClass
  public static void learn() {
    SplittableRandom random = new SplittableRandom(21);
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    seeds = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      boolean big = i % 2 == 0;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("size", big ? "big" : "small");
      row.put(
          "unit_price",
          (big ? 20_000 + random.nextInt(30_000) : 100 + random.nextInt(900)) / 100.0);
      row.put("weight_kg", (double) (big ? 20 + random.nextInt(40) : 1 + random.nextInt(10)));
      row.put("litres", random.nextInt(5) == 0 ? null : random.nextInt(300) / 10.0);
      row.put("total", BigDecimal.valueOf(random.nextInt(big ? 99_999 : 9_999), 2));
      long day = random.nextInt(big ? 100 : 300);
      row.put("placed_at", start.plusSeconds(day * 86_400 + random.nextInt(86_400)));
      row.put("booked_on", start.plusSeconds(86_400L * random.nextInt(200)));
      seeds.add(row);
    }
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("size", FieldType.STRING);
    columns.put("unit_price", FieldType.DOUBLE);
    columns.put("weight_kg", FieldType.DOUBLE);
    columns.put("litres", FieldType.DOUBLE);
    columns.put("total", FieldType.DECIMAL);
    columns.put("placed_at", FieldType.TIMESTAMP);
    columns.put("booked_on", FieldType.TIMESTAMP);
    spec = SpecInference.fromRecords(columns, seeds, InferenceSettings.defaults());
  }

  @Test
  public void everyValueIsOnItsGrainAndTheRecordsPassTheFilters() {
    assertEquals(Integer.valueOf(2), field("unit_price").decimals());
    assertEquals(Integer.valueOf(0), field("weight_kg").decimals());
    assertEquals(Integer.valueOf(1), field("litres").decimals());
    assertEquals(Integer.valueOf(5), field("total").precision());
    assertEquals(TimestampUnit.SECOND, field("placed_at").unit());
    assertEquals(TimestampUnit.DAY, field("booked_on").unit());
    assertNotNull("a bound range is drawn on the grain", field("unit_price").property());
    assertNotNull(field("placed_at").property());

    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, FingerprintSet.ofRecords(seeds));
    StructuralFilter structural = new StructuralFilter(spec);
    ConformanceFilter conformance = new ConformanceFilter(spec);
    Planner planner = new Planner(spec);
    RunSettings settings = new RunSettings("run-grain", 5, 0, SeedShufflingLevel.NONE, 0);
    Set<Double> weights = new HashSet<>();
    for (int i = 0; i < 5000; i++) {
      SamplePlan plan = planner.plan(settings, i);
      Map<String, Object> record = engine.draft(plan, 1);
      assertThat(record.toString(), structural.check(plan, record), empty());
      assertThat(record.toString(), conformance.check(plan, record), empty());
      assertThat(places(record.get("unit_price")), lessThanOrEqualTo(2));
      assertThat(places(record.get("weight_kg")), lessThanOrEqualTo(0));
      if (record.get("litres") != null) {
        assertThat(places(record.get("litres")), lessThanOrEqualTo(1));
      }
      BigDecimal total = (BigDecimal) record.get("total");
      assertEquals(2, total.scale());
      assertThat(total.precision(), lessThanOrEqualTo(5));
      assertEquals(0, ((Instant) record.get("placed_at")).toEpochMilli() % 1000);
      assertEquals(0, ((Instant) record.get("booked_on")).toEpochMilli() % 86_400_000);
      weights.add((Double) record.get("weight_kg"));
    }
    assertThat("whole weights, but not only the seed's", weights.size(), greaterThan(40));
  }

  @Test
  public void theStructuralFilterRejectsAValueFinerThanItsGrain() {
    Spec priced =
        new Spec(
            "d",
            "r",
            List.of(),
            List.of(
                new RecordField("unit_price", FieldType.DOUBLE, null, 0, List.of(), null, null)
                    .withDecimals(2),
                new RecordField("at", FieldType.TIMESTAMP, null, 0, List.of(), null, null)
                    .withUnit(TimestampUnit.SECOND),
                new RecordField("total", FieldType.DECIMAL, null, 0, List.of(), null, 2)
                    .withPrecision(4)));
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("unit_price", 223.5363612019771);
    record.put("at", Instant.parse("2024-01-01T10:00:00.250Z"));
    record.put("total", new BigDecimal("123.45"));
    assertThat(
        new StructuralFilter(priced).check(plan(0, values()), record),
        contains(
            "field 'unit_price' value 223.5363612019771 is finer than its grain (2 decimal"
                + " places)",
            "field 'at' value 2024-01-01T10:00:00.250Z is finer than its grain (whole seconds)",
            "field 'total' value 123.45 has more digits than its precision (scale 2, at most 4"
                + " digits)"));
  }

  private static int places(Object value) {
    return Math.max(0, new BigDecimal(value.toString()).stripTrailingZeros().scale());
  }

  private static RecordField field(String name) {
    return spec.recordField(name).orElseThrow();
  }
}
