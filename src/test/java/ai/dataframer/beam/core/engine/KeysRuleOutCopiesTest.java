package ai.dataframer.beam.core.engine;

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
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** A record holding its plan's generated key needs no fingerprint to be known new. */
public class KeysRuleOutCopiesTest {
  private static final List<Map<String, Object>> SEED = new ArrayList<>();
  private static final Spec SPEC;

  static {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("order_id", FieldType.LONG);
    columns.put("channel", FieldType.STRING);
    for (int i = 0; i < 60; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("order_id", 1000L + i);
      row.put("channel", i % 3 == 0 ? "web" : "store");
      SEED.add(row);
    }
    SPEC = SpecInference.fromRecords(columns, SEED, InferenceSettings.defaults());
  }

  private static EmbeddedEngine engine(boolean keysRuleOutCopies) {
    return new EmbeddedEngine(
        SPEC,
        SEED,
        FingerprintSet.ofRecords(SEED),
        SeedKeyPositions.of(SPEC, SEED),
        keysRuleOutCopies,
        () -> {});
  }

  private static SamplePlan plan(long index) {
    return new Planner(SPEC)
        .plan(new RunSettings("copies-run", 3L, 0, SeedShufflingLevel.NONE, 0), index);
  }

  @Test
  public void onlyTheRecordsOwnGeneratedKeyRulesOutACopy() {
    assertTrue("order_id is a key", SPEC.recordField("order_id").orElseThrow().isKey());
    EmbeddedEngine engine = engine(true);
    SamplePlan plan = plan(7);
    Map<String, Object> record = engine.draft(plan, 0);
    assertTrue(engine.holdsPlanKey(plan, record));
    assertFalse("another plan's key", engine.holdsPlanKey(plan(8), record));

    Map<String, Object> seedKey = new LinkedHashMap<>(record);
    seedKey.put("order_id", 1003L);
    assertFalse("a seed row's key", engine.holdsPlanKey(plan, seedKey));
    Map<String, Object> nullKey = new LinkedHashMap<>(record);
    nullKey.put("order_id", null);
    assertFalse(engine.holdsPlanKey(plan, nullKey));

    assertFalse(
        "not told the keys cover the fingerprints", engine(false).holdsPlanKey(plan, record));
  }

  @Test
  public void theFilterSkipsTheFingerprintOnlyForRecordsKnownNew() {
    FingerprintSet fingerprints = FingerprintSet.ofRecords(SEED);
    EmbeddedEngine engine = engine(true);
    SamplePlan plan = plan(7);
    Map<String, Object> copy = SEED.get(3);
    assertEquals(
        1, new ExactCopyFilter(fingerprints, engine::holdsPlanKey).check(plan, copy).size());
    assertEquals(1, new ExactCopyFilter(fingerprints).check(plan, copy).size());
    Map<String, Object> drafted = engine.draft(plan, 0);
    assertEquals(
        List.of(), new ExactCopyFilter(fingerprints, engine::holdsPlanKey).check(plan, drafted));
  }
}
