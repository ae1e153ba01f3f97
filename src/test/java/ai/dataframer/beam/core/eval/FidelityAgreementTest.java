package ai.dataframer.beam.core.eval;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toList;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.eval.FidelityReport.ColumnShape;
import ai.dataframer.beam.core.eval.FidelityReport.ExcludedColumn;
import ai.dataframer.beam.core.eval.FidelityReport.PairTrend;
import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * The streaming fidelity ({@link FidelityProfile} counting into mergeable {@link FidelityCounts})
 * against {@link ReferenceFidelity}, the direct computation over all values, on mixed columns with
 * nulls, values the seed never has, and a numeric column with more distinct values than the KS
 * grid.
 */
public class FidelityAgreementTest {
  /** Three decimals, the precision the report is read at. */
  private static final double DECIMALS_3 = 5e-4;

  private static final Map<String, FieldType> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("order_id", FieldType.STRING);
    TYPES.put("amount", FieldType.DOUBLE);
    TYPES.put("price", FieldType.DECIMAL);
    TYPES.put("quantity", FieldType.INT);
    TYPES.put("placed_on", FieldType.DATE);
    TYPES.put("shipped_at", FieldType.TIMESTAMP);
    TYPES.put("status", FieldType.STRING);
    TYPES.put("gift", FieldType.BOOLEAN);
    TYPES.put("city", FieldType.STRING);
    TYPES.put("note", FieldType.STRING);
    TYPES.put("sensor", FieldType.DOUBLE);
  }

  @Test
  public void streamingScoresEqualTheDirectComputationOnASyntheticSet() {
    // More seed readings than the KS grid holds, so "sensor" is scored on quantile bins.
    List<Map<String, Object>> seed = records(6_000, 1L, false);
    List<Map<String, Object>> synthetic = records(5_000, 2L, true);
    FidelityReport report = assertAgree(seed, synthetic);
    // The fixture covers every kind of column and both reasons to leave one out.
    assertEquals(
        List.of("order_id", "note"),
        report.excludedColumns().stream().map(ExcludedColumn::column).collect(toList()));
    assertEquals(
        Map.of(ColumnKind.NUMERIC, 6L, ColumnKind.CATEGORICAL, 2L, ColumnKind.NAMES, 1L),
        report.columnShapes().stream().collect(groupingBy(ColumnShape::kind, counting())));
  }

  @Test
  public void streamingScoresEqualTheDirectComputationOnTheColumnShuffledBaseline() {
    List<Map<String, Object>> seed = records(3_000, 1L, false);
    assertAgree(seed, Fidelity.columnShuffledBaseline(seed, 7L));
  }

  @Test
  public void countsMergedInAnyOrderGiveTheSameReport() {
    List<Map<String, Object>> seed = records(2_000, 1L, false);
    List<Map<String, Object>> synthetic = records(3_000, 2L, true);
    FidelityProfile profile = Fidelity.defaults().profile(TYPES, seed);
    FidelityCounts whole = profile.newCounts();
    List<FidelityCounts> parts = new ArrayList<>();
    for (int part = 0; part < 7; part++) {
      parts.add(profile.newCounts());
    }
    for (int i = 0; i < synthetic.size(); i++) {
      profile.add(whole, synthetic.get(i), i);
      profile.add(parts.get((i * 31) % 7), synthetic.get(i), i);
    }
    Collections.shuffle(parts, new java.util.Random(3));
    FidelityCounts merged = profile.newCounts();
    parts.forEach(merged::merge);
    List<Map<String, Object>> sample = synthetic.subList(0, 500);
    FidelityReport expected = profile.report(whole, sample);
    FidelityReport actual = profile.report(merged, sample);
    assertEquals(expected.columnShapes(), actual.columnShapes());
    assertEquals(expected.histograms(), actual.histograms());
    for (int p = 0; p < expected.pairTrends().size(); p++) {
      assertEquals(expected.pairTrends().get(p).score(), actual.pairTrends().get(p).score(), 1e-12);
    }
    assertEquals(expected.exactCopies(), actual.exactCopies());
  }

  @Test
  public void aSetThatCopiesTenPercentOfSeedRowsReportsTenPercent() {
    List<Map<String, Object>> seed = records(2_000, 1L, false);
    List<Map<String, Object>> synthetic = records(1_800, 2L, true);
    for (int i = 0; i < 200; i++) {
      synthetic.add(seed.get(i * 10));
    }
    FidelityReport report = Fidelity.defaults().evaluate(TYPES, seed, synthetic);
    assertEquals(200, report.exactCopies());
    assertEquals(0.100, report.exactCopyRate(), 1e-12);
    // The copied rows bring their ids; the others have ids of their own ("O-2-...").
    assertEquals(
        List.of(new FidelityReport.CopiedKeys("order_id", 2_000, 200, 0.1)), report.copiedKeys());
  }

  @Test
  public void countsOfAnotherProfileAreRefused() {
    List<Map<String, Object>> seed = records(100, 1L, false);
    FidelityCounts counts = Fidelity.defaults().profile(TYPES, seed).newCounts();
    Map<String, FieldType> fewer = new LinkedHashMap<>(TYPES);
    fewer.remove("status");
    FidelityCounts other = Fidelity.defaults().profile(fewer, seed).newCounts();
    assertThrows(IllegalArgumentException.class, () -> counts.merge(other));
  }

  private static FidelityReport assertAgree(
      List<Map<String, Object>> seed, List<Map<String, Object>> synthetic) {
    FidelityReport expected = ReferenceFidelity.defaults().evaluate(TYPES, seed, synthetic);
    FidelityReport actual = Fidelity.defaults().evaluate(TYPES, seed, synthetic);
    assertEquals(expected.excludedColumns(), actual.excludedColumns());
    assertEquals(expected.columnShapes().size(), actual.columnShapes().size());
    for (int c = 0; c < expected.columnShapes().size(); c++) {
      ColumnShape want = expected.columnShapes().get(c);
      ColumnShape got = actual.columnShapes().get(c);
      assertEquals(want.column(), got.column());
      assertEquals(want.kind(), got.kind());
      assertEquals(want.metric(), got.metric());
      // Under the KS grid's size the binned statistic is the exact one.
      double tolerance = want.column().equals("sensor") ? DECIMALS_3 : 1e-9;
      assertEquals(want.column(), want.score(), got.score(), tolerance);
    }
    assertEquals(expected.pairTrends().size(), actual.pairTrends().size());
    for (int p = 0; p < expected.pairTrends().size(); p++) {
      PairTrend want = expected.pairTrends().get(p);
      PairTrend got = actual.pairTrends().get(p);
      String pair = want.left() + " ~ " + want.right();
      assertEquals(pair, want.left(), got.left());
      assertEquals(pair, want.right(), got.right());
      assertEquals(pair, want.metric(), got.metric());
      assertEquals(pair, want.score(), got.score(), 1e-9);
    }
    assertEquals(expected.meanColumnShape(), actual.meanColumnShape(), DECIMALS_3);
    assertEquals(expected.meanPairTrend(), actual.meanPairTrend(), 1e-9);
    assertEquals(expected.exactCopies(), actual.exactCopies());
    assertEquals(expected.distanceToClosestRecord(), actual.distanceToClosestRecord());
    assertEquals(expected.seedHalfToHalfDistance(), actual.seedHalfToHalfDistance());
    assertEquals(expected.copiedKeys(), actual.copiedKeys());
    return actual;
  }

  /**
   * Orders-like records: a unique id, correlated amount and price, a few quantities, dates and
   * times, a status with nulls, a flag, Zipf-like cities (names), free-text notes and a sensor of
   * nearly all-distinct readings. {@code drift} shifts shares and adds values the seed never has.
   */
  private static List<Map<String, Object>> records(int count, long stream, boolean drift) {
    SplittableRandom random = new SplittableRandom(stream);
    String[] statuses = {"placed", "paid", "shipped", "returned"};
    String[] words = {"please", "leave", "at", "door", "gift", "wrap", "call", "first"};
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      double amount = Math.round(random.nextDouble(5, drift ? 520 : 500) * 100) / 100.0;
      record.put("order_id", "O-" + stream + "-" + i);
      record.put("amount", random.nextInt(20) == 0 ? null : amount);
      record.put(
          "price",
          BigDecimal.valueOf(
              Math.round(amount * (drift ? 0.7 : 0.8) * 100 + random.nextInt(300)), 2));
      record.put("quantity", 1 + random.nextInt(drift ? 6 : 5));
      record.put("placed_on", LocalDate.of(2025, 1, 1).plusDays(random.nextInt(drift ? 400 : 365)));
      record.put(
          "shipped_at",
          random.nextInt(10) == 0
              ? null
              : Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextLong(30_000_000L)));
      int status = random.nextInt(drift ? 5 : 4);
      record.put(
          "status", random.nextInt(15) == 0 ? null : status == 4 ? "lost" : statuses[status]);
      record.put("gift", random.nextBoolean());
      int city = (int) Math.floor(Math.pow(random.nextDouble(), 3) * (drift ? 140 : 120));
      record.put("city", "City " + city);
      StringBuilder note = new StringBuilder();
      for (int w = 0; w < 4 + random.nextInt(5); w++) {
        note.append(words[random.nextInt(words.length)]).append(' ');
      }
      record.put("note", note.toString().trim() + " " + i);
      record.put("sensor", random.nextGaussian() * (drift ? 1.1 : 1.0));
      records.add(record);
    }
    return records;
  }
}
