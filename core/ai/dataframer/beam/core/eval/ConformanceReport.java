package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.Spec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The conformance part of the hosted API's evaluation object, with its field names
 * (docs/ARCHITECTURE.md section 9): how far the samples show the property values their plans
 * assigned. The score is the share of analysed (sample, property) pairs that show their assigned
 * value, times 100; a property is conformant when at least {@link #CONFORMANT_SHARE} of its
 * analysed samples do.
 *
 * @param conformanceScore 0-100, or null when no property could be analysed
 * @param distributionAnalysis one entry per property of the spec, in spec order
 */
public record ConformanceReport(
    Double conformanceScore,
    String conformanceExplanation,
    List<String> conformantAreas,
    List<String> nonConformantAreas,
    List<DistributionAnalysis> distributionAnalysis)
    implements Serializable {

  /** Share of a property's analysed samples that must show their assigned value. */
  public static final double CONFORMANT_SHARE = 0.95;

  private static final ObjectWriter JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .writerWithDefaultPrettyPrinter();

  public ConformanceReport {
    conformantAreas = List.copyOf(conformantAreas);
    nonConformantAreas = List.copyOf(nonConformantAreas);
    distributionAnalysis = List.copyOf(distributionAnalysis);
  }

  /**
   * One property: the spec's distribution, the plans' and the samples', each value -> percent.
   *
   * @param totalSamplesAnalyzed samples whose value of this property was read or classified
   */
  public record DistributionAnalysis(
      String propertyName,
      long totalSamples,
      long totalSamplesAnalyzed,
      Map<String, Double> requestedDistributions,
      Map<String, Double> expectedDistributions,
      Map<String, Double> observedDistributions)
      implements Serializable {}

  /**
   * The report of counted samples against their spec.
   *
   * @param notAnalyzedReason why properties without observations were not analysed (e.g. "no
   *     evaluation_model was given"), said in the explanation
   */
  public static ConformanceReport of(
      Spec spec, ConformanceCounts counts, String notAnalyzedReason) {
    List<DistributionAnalysis> analyses = new ArrayList<>();
    List<String> conformant = new ArrayList<>();
    List<String> nonConformant = new ArrayList<>();
    List<String> notAnalyzed = new ArrayList<>();
    long pairs = 0;
    long agreeing = 0;
    for (PropertyVariation property : spec.properties()) {
      String name = property.name();
      long analyzed = counts.analyzed(name);
      analyses.add(
          new DistributionAnalysis(
              name,
              counts.samples(),
              analyzed,
              requested(property),
              percentages(property.values(), counts.expected(name)),
              percentages(property.values(), counts.observed(name))));
      if (analyzed == 0) {
        notAnalyzed.add(name);
        continue;
      }
      pairs += analyzed;
      agreeing += counts.agreeing(name);
      double share = counts.agreeing(name) / (double) analyzed;
      String area =
          String.format(
              Locale.ROOT,
              "%s: %d of %d samples (%.1f%%) show their assigned value",
              name,
              counts.agreeing(name),
              analyzed,
              100 * share);
      (share >= CONFORMANT_SHARE ? conformant : nonConformant).add(area);
    }
    Double score = pairs == 0 ? null : round(100.0 * agreeing / pairs);
    return new ConformanceReport(
        score,
        explanation(
            counts.samples(), pairs, agreeing, analyses.size(), notAnalyzed, notAnalyzedReason),
        conformant,
        nonConformant,
        analyses);
  }

  private static String explanation(
      long samples,
      long pairs,
      long agreeing,
      int properties,
      List<String> notAnalyzed,
      String notAnalyzedReason) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%d samples; %d of %d properties analysed",
                samples,
                properties - notAnalyzed.size(),
                properties));
    if (pairs > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "; %d of %d analysed property values are the ones the plans assigned",
              agreeing,
              pairs));
    }
    if (!notAnalyzed.isEmpty()) {
      out.append("; not analysed: ").append(String.join(", ", notAnalyzed));
      if (notAnalyzedReason != null) {
        out.append(" (").append(notAnalyzedReason).append(")");
      }
    }
    return out.append('.').toString();
  }

  /** The spec's base distribution in percent, every value listed; uniform when it gives none. */
  private static Map<String, Double> requested(PropertyVariation property) {
    Map<String, Double> base = property.baseDistribution();
    Map<String, Double> out = new LinkedHashMap<>();
    double total =
        base == null ? 0 : base.values().stream().mapToDouble(v -> v == null ? 0 : v).sum();
    for (String value : property.values()) {
      double weight =
          total > 0 ? base.getOrDefault(value, 0.0) / total : 1.0 / property.values().size();
      out.put(value, round(100 * weight));
    }
    return out;
  }

  /**
   * Counts as percent of their total, the property's values first (zeros included) in spec order,
   * then any other value seen (a record showing none of them).
   */
  private static Map<String, Double> percentages(List<String> values, Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Double> out = new LinkedHashMap<>();
    if (total == 0) {
      return out;
    }
    for (String value : values) {
      out.put(value, round(100.0 * counts.getOrDefault(value, 0L) / total));
    }
    counts.forEach((value, n) -> out.putIfAbsent(value, round(100.0 * n / total)));
    return out;
  }

  /** Two decimals: percentages to a hundredth are what a reader compares. */
  private static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the conformance report as JSON", e);
    }
  }
}
