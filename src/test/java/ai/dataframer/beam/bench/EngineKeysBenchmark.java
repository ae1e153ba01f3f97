package ai.dataframer.beam.bench;

import ai.dataframer.beam.core.engine.EmbeddedEngine;
import ai.dataframer.beam.core.eval.OrdersExample;
import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.profile.InferenceSettings;
import ai.dataframer.beam.core.profile.SpecInference;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded engine alone on the bundled example spec (examples/orders/orders.csv), on one
 * thread, with the learned keys and with them removed: what key generation costs per record. Usage:
 * EngineKeysBenchmark [SAMPLES]; prints samples/s of each and the difference per record.
 */
public final class EngineKeysBenchmark {
  private EngineKeysBenchmark() {}

  public static void main(String[] args) throws IOException {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
    List<Map<String, Object>> seed = OrdersExample.read();
    Spec withKeys =
        SpecInference.fromRecords(OrdersExample.TYPES, seed, InferenceSettings.defaults());
    List<RecordField> unkeyed = new ArrayList<>();
    withKeys.recordFields().forEach(f -> unkeyed.add(f.withKey(null)));
    Spec withoutKeys =
        new Spec(
            withKeys.description(),
            withKeys.requirements(),
            withKeys.properties(),
            unkeyed,
            withKeys.constraints());
    withKeys.recordFields().stream()
        .filter(RecordField::isKey)
        .forEach(f -> System.out.println("key " + f.name() + ": " + f.key()));
    List<SamplePlan> plans = plans(withKeys, samples);
    FingerprintSet fingerprints = FingerprintSet.ofRecords(seed);
    // A shared machine is noisy: alternate the two and keep each one's best round.
    double keyed = 0;
    double plain = 0;
    for (int round = 0; round < 8; round++) {
      keyed = Math.max(keyed, rate(new EmbeddedEngine(withKeys, seed, fingerprints), plans));
      plain = Math.max(plain, rate(new EmbeddedEngine(withoutKeys, seed, fingerprints), plans));
    }
    System.out.printf(
        Locale.ROOT,
        "best of 8: with keys %,.0f samples/s, without %,.0f samples/s, keys cost %.0f ns a"
            + " record%n",
        keyed,
        plain,
        1e9 / keyed - 1e9 / plain);
  }

  private static List<SamplePlan> plans(Spec spec, int samples) {
    Planner planner = new Planner(spec);
    RunSettings settings = new RunSettings("bench-run", 1L, 0, SeedShufflingLevel.NONE, 0);
    List<SamplePlan> plans = new ArrayList<>(samples);
    for (long i = 0; i < samples; i++) {
      plans.add(planner.plan(settings, i));
    }
    return plans;
  }

  private static double rate(EmbeddedEngine engine, List<SamplePlan> plans) {
    long start = System.nanoTime();
    long fields = 0;
    for (SamplePlan plan : plans) {
      fields += engine.draft(plan, 1).size();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (fields == 0) {
      throw new IllegalStateException("no fields drafted");
    }
    return plans.size() / seconds;
  }
}
