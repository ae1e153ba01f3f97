package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.core.request.SpecFacts;
import ai.dataframer.beam.core.spec.ConditionalDistribution;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small valid specs for store tests, and the run gate a stored spec meets. */
public final class TestSpecs {
  private TestSpecs() {}

  /** A support-ticket spec with a conditional distribution; {@code description} tells it apart. */
  public static Spec tickets(String description) {
    Map<String, Double> base = new LinkedHashMap<>();
    base.put("low", 70.0);
    base.put("high", 30.0);
    Map<String, Map<String, Double>> byTier = new LinkedHashMap<>();
    byTier.put("a", Map.of("low", 50.0, "high", 50.0));
    byTier.put("b", Map.of("low", 90.0, "high", 10.0));
    return new Spec(
        description,
        "Tickets.",
        List.of(
            new PropertyVariation("tier", List.of("a", "b"), Map.of(), null),
            new PropertyVariation(
                "priority",
                List.of("low", "high"),
                base,
                new ConditionalDistribution("tier", byTier))),
        List.of(
            new RecordField("priority", FieldType.STRING, "priority", 0, List.of(), null, null)));
  }

  /**
   * Why a run of the spec's latest version would be refused, checked against the record as {@code
   * RunJob} checks it; empty when a run may use the spec.
   */
  public static List<String> runRefusals(SpecRecord record) {
    return RunCreate.defaults(record.id(), 1)
        .violationsAgainstSpec(
            new SpecFacts(
                record.name(),
                record.status(),
                record.latestVersion(),
                record.dataset() != null,
                record.errorMessage()));
  }
}
