package ai.dataframer.beam.core.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Conformance counted by hand on ten samples, one of them with a band rewritten. */
public class ConformanceReportTest {
  private static ConformanceCounts count(int from, int to) {
    BoundObservations observations = new BoundObservations(ConformanceFixture.SPEC);
    ConformanceCounts counts = ConformanceCounts.empty();
    List<Map<String, String>> assigned = ConformanceFixture.assigned();
    for (int i = from; i < to; i++) {
      counts.add(
          assigned.get(i), observations.observe(ConformanceFixture.record(i, assigned.get(i))));
    }
    return counts;
  }

  @Test
  public void aRewrittenBandLowersTheScoreByItsShareOfAnalysedValues() throws Exception {
    ConformanceReport report =
        ConformanceReport.of(ConformanceFixture.SPEC, count(0, 10), "no evaluation_model");
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
        ConformanceReport.of(ConformanceFixture.SPEC, count(0, 10), null),
        ConformanceReport.of(ConformanceFixture.SPEC, parts, null));
  }

  @Test
  public void withNothingAnalysedThereIsNoScore() {
    ConformanceCounts counts = ConformanceCounts.empty();
    counts.add(Map.of("tone", "formal"), Map.of());
    ConformanceReport report =
        ConformanceReport.of(ConformanceFixture.SPEC, counts, "no evaluation_model");
    assertNull(report.conformanceScore());
    assertThat(report.conformanceExplanation(), containsString("0 of 3 properties analysed"));
  }
}
