package ai.dataframer.beam.core.spec;

import static ai.dataframer.beam.core.spec.RichSpecs.bound;
import static ai.dataframer.beam.core.spec.RichSpecs.dist;
import static ai.dataframer.beam.core.spec.RichSpecs.field;
import static ai.dataframer.beam.core.spec.RichSpecs.property;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * One test per rule of docs/ARCHITECTURE.md section 4, each asserting the exact problem reported.
 */
public class SpecValidatorTest {
  private static final PropertyVariation COLOR =
      property("color", List.of("red", "green", "blue"), dist("red", 50, "green", 30, "blue", 20));

  private static Spec spec(PropertyVariation... properties) {
    return new Spec("d", "r", List.of(properties), List.of());
  }

  private static Spec spec(List<PropertyVariation> properties, RecordField... fields) {
    return new Spec("d", "r", properties, List.of(fields));
  }

  private static List<String> problems(Spec spec) {
    return assertThrows(SpecValidationException.class, () -> SpecValidator.validate(spec))
        .problems();
  }

  private static void assertOnlyProblem(Spec spec, String expected) {
    assertEquals(List.of(expected), problems(spec));
  }

  @Test
  public void acceptsTheRichSpecAndIsIdempotent() {
    Spec once = SpecValidator.validate(RichSpecs.rich());
    assertEquals(once, SpecValidator.validate(once));
    assertEquals(SpecYaml.write(once), SpecYaml.write(SpecValidator.validate(once)));
  }

  @Test
  public void propertyNameMustNotBeEmpty() {
    assertOnlyProblem(
        spec(property(" ", List.of("a"), Map.of())), "property #1: property_name is empty");
  }

  @Test
  public void propertyNamesMustBeUnique() {
    assertOnlyProblem(
        spec(COLOR, COLOR), "property 'color': property_name is used by more than one property");
  }

  @Test
  public void valuesMustNotBeEmpty() {
    assertOnlyProblem(
        spec(property("size", List.of(), Map.of())), "property 'size': property_values is empty");
  }

  @Test
  public void eachValueMustBeNonEmpty() {
    assertOnlyProblem(
        spec(property("size", List.of("s", ""), Map.of())),
        "property 'size': property_values has an empty value at position 2");
  }

  @Test
  public void valuesMustBeUnique() {
    assertOnlyProblem(
        spec(property("size", List.of("s", "m", "s"), Map.of())),
        "property 'size': value 's' is listed more than once in property_values");
  }

  @Test
  public void baseDistributionMustCoverEveryValue() {
    assertOnlyProblem(
        spec(property("color", List.of("red", "green"), dist("red", 100))),
        "property 'color': base_distributions has no percentage for value 'green'");
  }

  @Test
  public void baseDistributionMustNameOnlyListedValues() {
    assertOnlyProblem(
        spec(property("color", List.of("red"), dist("red", 90, "pink", 10))),
        "property 'color': base_distributions names 'pink', which is not one of the property_values");
  }

  @Test
  public void percentagesMustBeNonNegative() {
    assertOnlyProblem(
        spec(property("color", List.of("red", "green"), dist("red", 110, "green", -10))),
        "property 'color': base_distributions: 'green' is -10.0, expected a percentage >= 0");
  }

  @Test
  public void baseDistributionMustSumTo100WithinHalfAPercent() {
    assertOnlyProblem(
        spec(property("color", List.of("red", "green"), dist("red", 50, "green", 49))),
        "property 'color': base_distributions sums to 99.0, expected 100 (within 0.5)");
  }

  @Test
  public void nearlyHundredIsScaledToExactlyHundredInValueOrder() {
    Spec valid =
        SpecValidator.validate(
            spec(
                property(
                    "color",
                    List.of("red", "green", "blue"),
                    dist("blue", 20, "green", 30, "red", 50.3))));
    Map<String, Double> base = valid.properties().get(0).baseDistribution();
    assertEquals(List.of("red", "green", "blue"), new ArrayList<>(base.keySet()));
    assertEquals(100.0, base.values().stream().mapToDouble(Double::doubleValue).sum(), 0.0);
    assertEquals(30 * 100 / 100.3, base.get("green"), 1e-12);
  }

  @Test
  public void emptyBaseDistributionBecomesUniform() {
    Spec valid = SpecValidator.validate(spec(property("tier", List.of("a", "b", "c"), Map.of())));
    Map<String, Double> base = valid.properties().get(0).baseDistribution();
    assertEquals(List.of("a", "b", "c"), new ArrayList<>(base.keySet()));
    assertEquals(100.0, base.values().stream().mapToDouble(Double::doubleValue).sum(), 0.0);
    base.values().forEach(p -> assertEquals(100.0 / 3, p, 1e-12));
  }

  @Test
  public void conditionalParentMustExist() {
    assertOnlyProblem(
        spec(property("size", List.of("s"), Map.of(), "shape", Map.of("x", dist("s", 100)))),
        "property 'size': conditional_distributions names parent 'shape', which is not a property of the spec");
  }

  @Test
  public void conditionalParentMustBeAnotherProperty() {
    assertOnlyProblem(
        spec(property("size", List.of("s"), Map.of(), "size", Map.of("s", dist("s", 100)))),
        "property 'size': conditional_distributions names the property itself as parent 'size'");
  }

  @Test
  public void conditionalMustNameOnlyParentValues() {
    Map<String, Map<String, Double>> byColor = new LinkedHashMap<>();
    for (String color : List.of("red", "green", "blue", "pink")) {
      byColor.put(color, dist("s", 100));
    }
    assertOnlyProblem(
        spec(COLOR, property("size", List.of("s"), Map.of(), "color", byColor)),
        "property 'size': conditional_distributions.color names 'pink', which is not a value of parent 'color'");
  }

  @Test
  public void conditionalMustCoverEveryParentValue() {
    Map<String, Map<String, Double>> byColor = new LinkedHashMap<>();
    byColor.put("red", dist("s", 100));
    byColor.put("blue", dist("s", 100));
    assertOnlyProblem(
        spec(COLOR, property("size", List.of("s"), Map.of(), "color", byColor)),
        "property 'size': conditional_distributions.color has no distribution for parent value 'green'");
  }

  @Test
  public void conditionalDistributionsFollowTheBaseRules() {
    Map<String, Map<String, Double>> byColor = new LinkedHashMap<>();
    byColor.put("red", dist("s", 40, "m", 60));
    byColor.put("green", dist("s", 40, "m", 50));
    byColor.put("blue", dist("m", 99.8, "s", 0));
    assertOnlyProblem(
        spec(COLOR, property("size", List.of("s", "m"), Map.of(), "color", byColor)),
        "property 'size': conditional_distributions.color.green sums to 90.0, expected 100 (within 0.5)");
    byColor.put("green", Map.of());
    Spec valid =
        SpecValidator.validate(
            spec(COLOR, property("size", List.of("s", "m"), Map.of(), "color", byColor)));
    ConditionalDistribution conditional = valid.properties().get(1).conditional();
    assertEquals(dist("s", 50, "m", 50), conditional.byParentValue().get("green"));
    assertEquals(
        List.of("s", "m"), new ArrayList<>(conditional.byParentValue().get("blue").keySet()));
    assertEquals(100.0, conditional.byParentValue().get("blue").get("m"), 0.0);
  }

  @Test
  public void conditionalsMustNotFormACycle() {
    Map<String, Double> half = dist("x", 50, "y", 50);
    List<String> values = List.of("x", "y");
    List<String> problems =
        problems(
            spec(
                property("a", values, Map.of(), "c", Map.of("x", half, "y", half)),
                property("b", values, Map.of(), "a", Map.of("x", half, "y", half)),
                property("c", values, Map.of(), "b", Map.of("x", half, "y", half)),
                property("d", values, Map.of(), "a", Map.of("x", half, "y", half))));
    assertEquals(
        List.of(
            "properties 'a' -> 'c' -> 'b' -> 'a' form a cycle of conditional_distributions"
                + " parents (each arrow points to the parent)"),
        problems);
  }

  @Test
  public void recordFieldNamesMustBeUnique() {
    assertOnlyProblem(
        spec(List.of(), field("id", FieldType.LONG), field("id", FieldType.STRING)),
        "record field 'id': name is used by more than one record field");
  }

  @Test
  public void recordFieldNeedsAType() {
    assertOnlyProblem(spec(List.of(), field("id", null)), "record field 'id': type is missing");
  }

  @Test
  public void boundPropertyMustExist() {
    assertOnlyProblem(
        spec(List.of(COLOR), bound("colour", FieldType.STRING, "colour")),
        "record field 'colour': property 'colour' is not a property of the spec");
  }

  @Test
  public void nullablePercentMustBeAPercentage() {
    assertOnlyProblem(
        spec(
            List.of(), new RecordField("note", FieldType.STRING, null, 120, List.of(), null, null)),
        "record field 'note': nullable_percent must be in 0..100, but was 120.0");
  }

  @Test
  public void quantilesMustBeNonDecreasing() {
    assertOnlyProblem(
        spec(
            List.of(),
            new RecordField(
                "price", FieldType.DOUBLE, null, 0, List.of(1.0, 5.0, 4.0), null, null)),
        "record field 'price': quantiles must be non-decreasing, but quantiles[2] = 4.0 follows 5.0");
  }

  @Test
  public void quantilesOnlyOnOrderedTypes() {
    assertOnlyProblem(
        spec(
            List.of(),
            new RecordField("name", FieldType.STRING, null, 0, List.of(1.0, 2.0), null, null)),
        "record field 'name': quantiles apply only to ordered types, not string");
  }

  @Test
  public void temporalQuantilesAreRoundedToTheirUnit() {
    Spec valid =
        SpecValidator.validate(
            spec(
                List.of(),
                new RecordField(
                    "day", FieldType.DATE, null, 0, List.of(19723.4, 19723.6), null, null)));
    assertEquals(List.of(19723.0, 19724.0), valid.recordFields().get(0).quantiles());
  }

  @Test
  public void scaleOnlyOnDecimals() {
    assertOnlyProblem(
        spec(List.of(), new RecordField("price", FieldType.DOUBLE, null, 0, List.of(), null, 2)),
        "record field 'price': scale applies only to decimal fields, not double");
  }

  @Test
  public void textProfileOnlyOnStringsAndInOrder() {
    assertOnlyProblem(
        spec(
            List.of(),
            new RecordField(
                "n", FieldType.INT, null, 0, List.of(), new TextProfile(1, 2, 3), null)),
        "record field 'n': text applies only to string fields, not int");
    assertOnlyProblem(
        spec(
            List.of(),
            new RecordField(
                "body", FieldType.STRING, null, 0, List.of(), new TextProfile(10, 5, 30), null)),
        "record field 'body': text needs 0 <= min_words <= median_words <= max_words, but was 10, 5, 30");
  }

  @Test
  public void boundOrderedFieldAcceptsExactValuesRangesAndNull() {
    PropertyVariation opened =
        property(
            "opened",
            List.of("2024-01-01", "2024-01-02..2024-03-01", RecordField.NULL_VALUE),
            Map.of());
    Spec valid =
        SpecValidator.validate(spec(List.of(opened), bound("opened_on", FieldType.DATE, "opened")));
    assertEquals(3, valid.properties().get(0).values().size());
  }

  @Test
  public void boundOrderedFieldRejectsValuesNotOfItsType() {
    PropertyVariation opened = property("opened", List.of("2024-01-01", "last spring"), Map.of());
    assertOnlyProblem(
        spec(List.of(opened), bound("opened_on", FieldType.DATE, "opened")),
        "record field 'opened_on' is bound to property 'opened', whose value 'last spring' is not an exact date"
            + " value, a range 'lo..hi' or 'null': 'last spring' is not a valid date value");
  }

  @Test
  public void boundRangeMustNotBeReversed() {
    PropertyVariation units = property("units", List.of("10..3"), Map.of());
    assertOnlyProblem(
        spec(List.of(units), bound("units", FieldType.INT, "units")),
        "record field 'units' is bound to property 'units', whose value '10..3' is not an exact int value,"
            + " a range 'lo..hi' or 'null': range '10..3' has its low end above its high end");
  }

  @Test
  public void boundStringFieldAcceptsAnyValue() {
    PropertyVariation tone = property("tone", List.of("calm..angry", "2024"), Map.of());
    SpecValidator.validate(spec(List.of(tone), bound("tone", FieldType.STRING, "tone")));
  }

  @Test
  public void reportsEveryProblemAtOnceInTheMessage() {
    Spec bad =
        spec(
            List.of(property("size", List.of("s", "s"), dist("s", 10))),
            new RecordField("when", FieldType.DATE, "size", -1, List.of(), null, null));
    SpecValidationException e =
        assertThrows(
            SpecValidationException.class, () -> SpecValidator.validate(bad, "tickets.yaml"));
    assertEquals(4, e.problems().size());
    assertThat(e.getMessage(), containsString("tickets.yaml is invalid (4 problems):"));
    assertThat(
        e.getMessage(),
        containsString("\n  - property 'size': value 's' is listed more than once"));
    assertThat(e.getMessage(), containsString("sums to 10.0"));
    assertThat(e.getMessage(), containsString("nullable_percent must be in 0..100, but was -1.0"));
    assertThat(e.getMessage(), containsString("whose value 's' is not an exact date value"));
  }

  @Test
  public void dateQuantilesSurviveAsWholeDays() {
    double day = LocalDate.parse("2024-02-29").toEpochDay();
    Spec valid =
        SpecValidator.validate(
            spec(
                List.of(),
                new RecordField("d", FieldType.DATE, null, 0, List.of(day), null, null)));
    assertEquals(List.of(day), valid.recordFields().get(0).quantiles());
  }
}
