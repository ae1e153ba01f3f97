package ai.dataframer.beam.core.profile;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecValidator;
import ai.dataframer.beam.core.spec.SpecYaml;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/** The learned constraints in the inferred spec, and the properties shaped so plans keep them. */
public class ConstraintInferenceTest {
  private static Spec spec;

  @BeforeClass
  public static void infer() {
    spec =
        SpecInference.fromRecords(
            ConstraintSeeds.columns(),
            ConstraintSeeds.records(3000, 7L),
            InferenceSettings.defaults());
  }

  @Test
  public void theSpecCarriesTheConstraintsThroughItsYaml() {
    assertEquals(8, spec.constraints().size());
    Spec read = SpecYaml.parse(SpecYaml.write(spec), "spec.yaml").spec();
    assertEquals(spec.constraints(), read.constraints());
    SpecValidator.validate(read);
    SpecRules.assertValid(spec);
  }

  @Test
  public void theTotalOfASumIsNoPropertyButItsPartsMayBe() {
    assertNull(spec.recordField("total").orElseThrow().property());
    assertNotNull(spec.recordField("subtotal").orElseThrow().property());
  }

  @Test
  public void aCountryFollowsItsCityWithoutSmoothing() {
    PropertyVariation country = spec.property("country").orElseThrow();
    assertEquals("city", country.conditional().parent());
    country
        .conditional()
        .byParentValue()
        .forEach(
            (city, shares) -> {
              String expected = ConstraintSeeds.COUNTRIES.get(ConstraintSeeds.CITIES.indexOf(city));
              shares.forEach(
                  (name, share) ->
                      assertEquals(
                          city + " -> " + name, name.equals(expected) ? 100 : 0, share, 0));
            });
  }

  @Test
  public void plansNeverAskForACityInAnotherCountry() {
    Planner planner = new Planner(spec);
    RunSettings settings = new RunSettings("run-1", 11L, 0, SeedShufflingLevel.NONE, 0);
    for (int i = 0; i < 10_000; i++) {
      Map<String, String> values = planner.plan(settings, i).propertyValues();
      String city = values.get("city");
      assertEquals(
          ConstraintSeeds.COUNTRIES.get(ConstraintSeeds.CITIES.indexOf(city)),
          values.get("country"));
    }
  }

  @Test
  public void bandsThatCannotHoldAnOrderGetNoSmoothedWeight() {
    PropertyVariation closed = spec.property("closed_at_band").orElseThrow();
    assertEquals("opened_at_band", closed.conditional().parent());
    int possibleCells = 0;
    for (Map.Entry<String, Map<String, Double>> row :
        closed.conditional().byParentValue().entrySet()) {
      PropertyValues.Range opened = range(row.getKey());
      for (Map.Entry<String, Double> cell : row.getValue().entrySet()) {
        PropertyValues.Range closedRange = range(cell.getKey());
        if (closedRange.high() <= opened.low()) {
          assertEquals(row.getKey() + " -> " + cell.getKey(), 0, cell.getValue(), 0);
        } else {
          possibleCells++;
        }
      }
    }
    assertThat(possibleCells, greaterThan(closed.values().size()));
  }

  @Test
  public void withoutConditionalsTheCountryIsLeftToTheEngine() {
    Spec uniform =
        SpecInference.fromRecords(
            ConstraintSeeds.columns(),
            ConstraintSeeds.records(3000, 7L),
            InferenceSettings.defaults().withGenerateConditionalDistributions(false));
    assertEquals("city", uniform.recordField("city").orElseThrow().property());
    assertNull(uniform.recordField("country").orElseThrow().property());
    assertEquals(
        List.of(new Constraint.Determines("city", "country")),
        uniform.constraints().stream().filter(c -> c.kind().equals("determines")).toList());
  }

  private static PropertyValues.Range range(String label) {
    return (PropertyValues.Range) PropertyValues.parse(label, FieldType.TIMESTAMP);
  }
}
