package ai.dataframer.beam.core.profile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec validator's rules, asserted on an inferred spec (the validator lives on another branch).
 */
public final class SpecRules {
  private SpecRules() {}

  public static void assertValid(Spec spec) {
    for (PropertyVariation property : spec.properties()) {
      String name = property.name();
      assertFalse(name + " has no values", property.values().isEmpty());
      assertEquals(
          name + " values unique",
          property.values().size(),
          new HashSet<>(property.values()).size());
      property.values().forEach(v -> assertFalse(name + " has an empty value", v.isEmpty()));
      assertDistribution(name + " base", property.values(), property.baseDistribution());
      if (property.conditional() != null) {
        PropertyVariation parent = spec.property(property.conditional().parent()).orElseThrow();
        assertEquals(
            name + " conditional covers every parent value",
            parent.values(),
            List.copyOf(property.conditional().byParentValue().keySet()));
        property
            .conditional()
            .byParentValue()
            .forEach(
                (parentValue, distribution) ->
                    assertDistribution(
                        name + " | " + parentValue, property.values(), distribution));
      }
    }
    assertNoCycles(spec);
    for (RecordField field : spec.recordFields()) {
      if (field.isBound()) {
        PropertyVariation property = spec.property(field.property()).orElseThrow();
        property.values().forEach(v -> assertNotNull(PropertyValues.parse(v, field.type())));
      }
      assertTrue(
          field.name() + " nullable percent",
          field.nullablePercent() >= 0 && field.nullablePercent() <= 100);
      for (int i = 1; i < field.quantiles().size(); i++) {
        assertTrue(
            field.name() + " quantiles ascending",
            field.quantiles().get(i - 1) <= field.quantiles().get(i));
      }
    }
  }

  private static void assertDistribution(
      String what, List<String> values, Map<String, Double> distribution) {
    assertEquals(what + " keys", values, List.copyOf(distribution.keySet()));
    double total = 0;
    for (double percent : distribution.values()) {
      assertTrue(what + " non-negative", percent >= 0);
      total += percent;
    }
    assertEquals(what + " sums to 100", 100, total, 0.5);
  }

  private static void assertNoCycles(Spec spec) {
    for (PropertyVariation start : spec.properties()) {
      Set<String> seen = new HashSet<>();
      PropertyVariation node = start;
      while (node.conditional() != null) {
        assertTrue("cycle through " + start.name(), seen.add(node.name()));
        node = spec.property(node.conditional().parent()).orElseThrow();
      }
    }
  }
}
