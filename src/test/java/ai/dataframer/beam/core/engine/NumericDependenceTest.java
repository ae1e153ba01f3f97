package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.field;
import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static ai.dataframer.beam.core.engine.EngineFixtures.property;
import static ai.dataframer.beam.core.engine.EngineFixtures.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.eval.Fidelity;
import ai.dataframer.beam.core.eval.FidelityReport;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * Ordered fields drawn jointly keep their correlations inside the plan's bands and still follow the
 * plan's categories.
 */
public class NumericDependenceTest {
  private static final Map<String, FieldType> BOX_COLUMNS = boxColumns();
  private static final List<String> DIMENSIONS = List.of("length", "width", "height");

  @Test
  public void threeNearlyDeterministicDimensionsKeepTheirPairTrendsInsideTheirBands() {
    // Drawn one at a time inside their bands, these came out with pair trends 0.77-0.79.
    List<Map<String, Object>> seeds = boxes(2000);
    Spec spec = SpecInference.fromRecords(BOX_COLUMNS, seeds, InferenceSettings.defaults());
    for (String dimension : DIMENSIONS) {
      assertTrue(
          dimension + " is bound to its bands",
          spec.recordField(dimension).orElseThrow().isBound());
    }
    FingerprintSet fingerprints = FingerprintSet.ofRecords(seeds);
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, fingerprints);
    ConformanceFilter conformance = new ConformanceFilter(spec);
    GenerationLoop loop =
        new GenerationLoop(
            engine,
            List.of(new StructuralFilter(spec), conformance, new ExactCopyFilter(fingerprints)));
    Planner planner = new Planner(spec);
    RunSettings settings = new RunSettings("run-1", 42, seeds.size(), SeedShufflingLevel.NONE, 0);
    List<Map<String, Object>> synthetic = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      SamplePlan plan = planner.plan(settings, i);
      assertThat(
          "first draft of sample " + i, conformance.check(plan, engine.draft(plan, 1)), empty());
      SampleOutcome outcome = loop.generate(plan);
      assertTrue("sample " + i + ": " + outcome, outcome instanceof SampleOutcome.Accepted);
      synthetic.add(((SampleOutcome.Accepted) outcome).record());
    }

    FidelityReport report = Fidelity.defaults().evaluate(BOX_COLUMNS, seeds, synthetic);
    for (FidelityReport.PairTrend pair : report.pairTrends()) {
      if (DIMENSIONS.contains(pair.left()) && DIMENSIONS.contains(pair.right())) {
        assertThat(pair.left() + " ~ " + pair.right(), pair.score(), greaterThanOrEqualTo(0.95));
      }
    }
    for (FidelityReport.ColumnShape shape : report.columnShapes()) {
      assertThat(shape.column(), shape.score(), greaterThanOrEqualTo(0.95));
    }
    assertEquals(0, report.exactCopies());
  }

  @Test
  public void anUnboundNumberFollowsTheBoundOneInsideItsBandAndTheCategory() {
    SplittableRandom random = new SplittableRandom(3);
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      boolean large = i % 2 == 0;
      double length = large ? 10 + 90 * random.nextDouble() : 1 + 49 * random.nextDouble();
      // Large boxes are half as wide as long, small ones a fifth.
      double width = (large ? 0.5 : 0.2) * length * (1 + 0.02 * random.nextGaussian());
      seeds.add(box(large ? "large" : "small", length, width));
    }
    // Quantiles as the spec learns them: a spec whose shapes differ from the seed's is honoured
    // (aDrawnValueFollowsTheSpecsQuantilesAndTheSeedsRanks), which would change the ratios.
    Spec spec =
        new Spec(
            "boxes",
            "one box per record",
            List.of(property("kind", "small", "large"), property("length_band", "10..50")),
            List.of(
                field("kind", FieldType.STRING, "kind", 0, List.of(), null, null),
                field(
                    "length",
                    FieldType.DOUBLE,
                    "length_band",
                    0,
                    quantiles(seeds, "length"),
                    null,
                    null),
                field("width", FieldType.DOUBLE, null, 0, quantiles(seeds, "width"), null, null)));
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, FingerprintSet.ofRecords(seeds));
    for (String kind : List.of("large", "small")) {
      double share = kind.equals("large") ? 0.5 : 0.2;
      double[] lengths = new double[1000];
      double[] widths = new double[lengths.length];
      double[] deviations = new double[lengths.length];
      double ratios = 0;
      for (int i = 0; i < lengths.length; i++) {
        Map<String, Object> record =
            engine.draft(plan(i, values("kind", kind, "length_band", "10..50")), 1);
        lengths[i] = (Double) record.get("length");
        widths[i] = (Double) record.get("width");
        assertTrue(lengths[i] >= 10 && lengths[i] < 50);
        deviations[i] = Math.abs(widths[i] / lengths[i] - share);
        ratios += widths[i] / lengths[i];
      }
      // The other kind's share is 0.3 away. A Gaussian copula's residual is even in normal scores,
      // not proportional like the seed's 2% noise, so a rare record strays further; none may
      // come nearer the other kind's share than its own.
      Arrays.sort(deviations);
      assertThat(kind + " p99", deviations[deviations.length * 99 / 100], lessThan(0.1));
      assertThat(kind + " max", deviations[deviations.length - 1], lessThan(0.15));
      assertEquals(kind, share, ratios / lengths.length, 0.01);
      assertThat(
          kind + ": width follows length inside the band",
          GaussianCopula.pairwiseCorrelation(lengths, widths),
          greaterThan(0.9));
    }
  }

  @Test
  public void aDrawnValueFollowsTheSpecsQuantilesAndTheSeedsRanks() {
    // The user widened both fields tenfold: the values must fill the new range, in the seed's
    // order (a long box stays wide), never replaying the seed's own numbers.
    List<Map<String, Object>> seeds = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 300; i++) {
      double length = 1 + 9 * random.nextDouble();
      seeds.add(box("crate", length, 0.5 * length * (1 + 0.01 * random.nextGaussian())));
    }
    Spec spec =
        new Spec(
            "boxes",
            "one box per record",
            List.of(property("kind", "crate")),
            List.of(
                field("kind", FieldType.STRING, "kind", 0, List.of(), null, null),
                field("length", FieldType.DOUBLE, null, 0, List.of(10.0, 100.0), null, null),
                field("width", FieldType.DOUBLE, null, 0, List.of(5.0, 50.0), null, null)));
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, FingerprintSet.ofRecords(seeds));
    double[] lengths = new double[2000];
    double[] widths = new double[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      Map<String, Object> record = engine.draft(plan(i, values("kind", "crate")), 1);
      lengths[i] = (Double) record.get("length");
      widths[i] = (Double) record.get("width");
    }
    double[] sorted = lengths.clone();
    Arrays.sort(sorted);
    assertThat("lowest length", sorted[0], greaterThanOrEqualTo(10.0));
    assertEquals("median length", 55, sorted[sorted.length / 2], 4);
    assertEquals("90th percentile", 91, sorted[sorted.length * 9 / 10], 4);
    assertThat(GaussianCopula.pairwiseCorrelation(lengths, widths), greaterThan(0.99));
  }

  @Test
  public void recordsDoNotDependOnTheOrderTheSeedRowsArriveIn() {
    List<Map<String, Object>> seeds = boxes(300);
    Spec spec = SpecInference.fromRecords(BOX_COLUMNS, seeds, InferenceSettings.defaults());
    List<Map<String, Object>> reversed = new ArrayList<>(seeds);
    Collections.reverse(reversed);
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, FingerprintSet.ofRecords(seeds));
    EmbeddedEngine other = new EmbeddedEngine(spec, reversed, FingerprintSet.ofRecords(seeds));
    Planner planner = new Planner(spec);
    RunSettings settings = new RunSettings("run-1", 7, seeds.size(), SeedShufflingLevel.NONE, 0);
    for (int i = 0; i < 200; i++) {
      SamplePlan plan = planner.plan(settings, i);
      assertEquals(engine.draft(plan, 1), other.draft(plan, 1));
    }
  }

  @Test
  public void keysAndFieldsWithFewSeedValuesAreLeftToTheirOwnSamplers() {
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", 1000L + i);
      row.put("a", (double) i);
      row.put("b", i * 2.0);
      row.put("rare", i < NumericDependence.MIN_FIELD_VALUES - 1 ? (double) i : null);
      row.put("infinite", i == 0 ? Double.POSITIVE_INFINITY : i * 3.0);
      row.put("unbounded", Double.NEGATIVE_INFINITY);
      seeds.add(row);
    }
    RecordField id =
        field("id", FieldType.LONG, null, 0, List.of(), null, null)
            .withKey(new FieldKey("{seq:6}", 1L));
    RecordField a = field("a", FieldType.DOUBLE, null, 0, List.of(), null, null);
    RecordField b = field("b", FieldType.DOUBLE, null, 0, List.of(), null, null);
    RecordField rare = field("rare", FieldType.DOUBLE, null, 0, List.of(), null, null);

    assertFalse("a and b are drawn jointly", dependence(seeds, a, b).isEmpty());
    assertTrue("a key is not a second field", dependence(seeds, a, id).isEmpty());
    assertTrue("nor is a field with too few values", dependence(seeds, a, rare).isEmpty());
    RecordField infinite = field("infinite", FieldType.DOUBLE, null, 0, List.of(), null, null);
    RecordField unbounded = field("unbounded", FieldType.DOUBLE, null, 0, List.of(), null, null);
    assertFalse("an infinity is left out of the ranks", dependence(seeds, a, infinite).isEmpty());
    assertTrue("only infinities teach nothing", dependence(seeds, a, unbounded).isEmpty());
    assertFalse(
        "without a key, id would be one",
        dependence(seeds, a, field("id", FieldType.LONG, null, 0, List.of(), null, null))
            .isEmpty());
  }

  private static NumericDependence dependence(
      List<Map<String, Object>> seeds, RecordField... fields) {
    Spec spec = new Spec("d", "r", List.of(), List.of(fields));
    return new NumericDependence(spec, seeds, new FieldBindings(spec), new SeedModels(spec, seeds));
  }

  /** 33 evenly spaced quantiles of a field's seed values, as the spec learns them. */
  private static List<Double> quantiles(List<Map<String, Object>> seeds, String name) {
    double[] sorted = seeds.stream().mapToDouble(row -> (Double) row.get(name)).sorted().toArray();
    List<Double> out = new ArrayList<>();
    for (int i = 0; i <= 32; i++) {
      out.add(sorted[(int) Math.round(i / 32.0 * (sorted.length - 1))]);
    }
    return out;
  }

  /**
   * Boxes of three kinds whose length is log-normal and whose width and height are half and three
   * tenths of it, to within 5%: pairwise r above 0.95, and a long upper tail that one band spans.
   */
  static List<Map<String, Object>> boxes(int count) {
    SplittableRandom random = new SplittableRandom(11);
    String[] kinds = {"crate", "carton", "tube"};
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double length = Math.exp(3 + 0.8 * random.nextGaussian());
      Map<String, Object> row =
          box(
              kinds[random.nextInt(kinds.length)],
              length,
              0.5 * length * (1 + 0.05 * random.nextGaussian()));
      row.put("height", 0.3 * length * (1 + 0.05 * random.nextGaussian()));
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, Object> box(String kind, double length, double width) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("kind", kind);
    row.put("length", length);
    row.put("width", width);
    return row;
  }

  private static Map<String, FieldType> boxColumns() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("kind", FieldType.STRING);
    columns.put("length", FieldType.DOUBLE);
    columns.put("width", FieldType.DOUBLE);
    columns.put("height", FieldType.DOUBLE);
    return columns;
  }
}
