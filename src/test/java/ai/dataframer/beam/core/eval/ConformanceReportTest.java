package ai.dataframer.beam.core.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Conformance counted by hand on ten samples, one of them with a band rewritten. */
public class ConformanceReportTest {
  private static final Spec SPEC =
      new Spec(
          "orders",
          "one order",
          List.of(
              new PropertyVariation(
                  "region", List.of("North", "South"), Map.of("North", 60.0, "South", 40.0), null),
              new PropertyVariation("size_band", List.of("0..10", "10..20"), Map.of(), null),
              new PropertyVariation("tone", List.of("formal", "casual"), Map.of(), null)),
          List.of(
              new RecordField("region", FieldType.STRING, "region", 0, List.of(), null, null),
              new RecordField("size", FieldType.DOUBLE, "size_band", 0, List.of(), null, null),
              new RecordField("note", FieldType.STRING, null, 0, List.of(), null, null)));

  /** Sample i: North for i < 6, size band 0..10 for even i; sample 3's size rewritten to 25. */
  private static List<Map<String, String>> assigned() {
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("region", i < 6 ? "North" : "South");
      values.put("size_band", i % 2 == 0 ? "0..10" : "10..20");
      values.put("tone", i < 5 ? "formal" : "casual");
      out.add(values);
    }
    return out;
  }

  private static Map<String, Object> record(int i, Map<String, String> values) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("region", values.get("region"));
    record.put("size", i == 3 ? 25.0 : values.get("size_band").equals("0..10") ? 4.5 : 10.0);
    record.put("note", "n");
    return record;
  }

  private static ConformanceCounts count(int from, int to) {
    BoundObservations observations = new BoundObservations(SPEC);
    ConformanceCounts counts = ConformanceCounts.empty();
    List<Map<String, String>> assigned = assigned();
    for (int i = from; i < to; i++) {
      counts.add(assigned.get(i), observations.observe(record(i, assigned.get(i))));
    }
    return counts;
  }

  @Test
  public void aRewrittenBandLowersTheScoreByItsShareOfAnalysedValues() throws Exception {
    ConformanceReport report = ConformanceReport.of(SPEC, count(0, 10), "no evaluation_model");
    // region 10 of 10, size_band 9 of 10 (sample 3 shows 25, in no band): 19 of 20 pairs.
    assertEquals(95.0, report.conformanceScore(), 1e-9);
    assertThat(
        report.conformantAreas(),
        contains("region: 10 of 10 samples (100.0%) show their assigned value"));
    assertThat(
        report.nonConformantAreas(),
        contains("size_band: 9 of 10 samples (90.0%) show their assigned value"));
    assertThat(report.conformanceExplanation(), containsString("2 of 3 properties analysed"));
    assertThat(
        report.conformanceExplanation(),
        containsString("not analysed: tone (no evaluation_model)"));

    ConformanceReport.DistributionAnalysis region = report.distributionAnalysis().get(0);
    assertEquals(Map.of("North", 60.0, "South", 40.0), region.requestedDistributions());
    assertEquals(Map.of("North", 60.0, "South", 40.0), region.expectedDistributions());
    assertEquals(region.expectedDistributions(), region.observedDistributions());
    ConformanceReport.DistributionAnalysis size = report.distributionAnalysis().get(1);
    assertEquals(Map.of("0..10", 50.0, "10..20", 50.0), size.requestedDistributions());
    assertEquals(
        Map.of("0..10", 50.0, "10..20", 40.0, BoundObservations.NO_VALUE, 10.0),
        size.observedDistributions());
    ConformanceReport.DistributionAnalysis tone = report.distributionAnalysis().get(2);
    assertEquals(10, tone.totalSamples());
    assertEquals(0, tone.totalSamplesAnalyzed());
    assertEquals(Map.of("formal", 50.0, "casual", 50.0), tone.expectedDistributions());
    assertEquals(Map.of(), tone.observedDistributions());

    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertEquals(95.0, json.get("conformance_score").asDouble(), 1e-9);
    assertEquals(
        "size_band", json.get("distribution_analysis").get(1).get("property_name").asText());
    assertEquals(
        9, json.get("distribution_analysis").get(1).get("total_samples_analyzed").asInt() - 1);
  }

  @Test
  public void countsMergedFromPartsGiveTheSameReport() {
    ConformanceCounts parts = count(7, 10).merge(count(0, 3)).merge(count(3, 7));
    assertEquals(
        ConformanceReport.of(SPEC, count(0, 10), null), ConformanceReport.of(SPEC, parts, null));
  }

  @Test
  public void withNothingAnalysedThereIsNoScore() {
    ConformanceCounts counts = ConformanceCounts.empty();
    counts.add(Map.of("tone", "formal"), Map.of());
    ConformanceReport report = ConformanceReport.of(SPEC, counts, "no evaluation_model");
    assertNull(report.conformanceScore());
    assertThat(report.conformanceExplanation(), containsString("0 of 3 properties analysed"));
  }
}
