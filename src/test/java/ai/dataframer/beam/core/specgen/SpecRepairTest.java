package ai.dataframer.beam.core.specgen;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.profile.InferenceSettings;
import ai.dataframer.beam.core.profile.SpecInference;
import ai.dataframer.beam.core.profile.SpecRules;
import ai.dataframer.beam.core.profile.TableProfile;
import ai.dataframer.beam.core.profile.TicketSeeds;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** One test per class of repair, on answers written as the model might write them. */
public class SpecRepairTest {
  private static final List<Map<String, Object>> RECORDS = TicketSeeds.records(400, 3L);
  private static final AnalystSettings DEFAULTS =
      AnalystSettings.defaults("openai/gpt-5.4-thinking");
  private static final SeedMaterial SEEDLESS = new SeedMaterial.Seedless("support tickets");

  private static SeedMaterial.Records tickets() {
    TableProfile profile = TableProfile.empty(TicketSeeds.columns());
    RECORDS.forEach(profile::add);
    return new SeedMaterial.Records(
        profile,
        SpecInference.fromRecords(TicketSeeds.columns(), RECORDS, InferenceSettings.defaults()),
        List.of());
  }

  private static String answer(String properties) {
    return "{\"description\": \"d\", \"requirements\": \"r\", \"properties\": ["
        + properties
        + "]}";
  }

  private static String property(String name, String values, String base, String conditional) {
    return "{\"name\": \""
        + name
        + "\", \"values\": "
        + values
        + ", \"base_distribution\": "
        + base
        + ", \"conditional\": "
        + conditional
        + "}";
  }

  private static SpecRepair.Result repair(
      String answer, SeedMaterial material, AnalystSettings settings) {
    SpecRepair.Result result =
        SpecRepair.repair(SpecDraft.parse(answer), material, settings, "the spec");
    SpecRules.assertValid(result.spec());
    return result;
  }

  private static RecordField field(Spec spec, String name) {
    return spec.recordFields().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  public void distributionsMayBeObjectsAndPercentagesText() {
    SpecRepair.Result result =
        repair(
            answer(
                property(
                    "size",
                    "[\"s\", \"m\", \"l\"]",
                    "{\"s\": \"20%\", \"m\": 30, \"l\": \"50\"}",
                    "null")),
            SEEDLESS,
            DEFAULTS);

    assertEquals(
        Map.of("s", 20.0, "m", 30.0, "l", 50.0),
        result.spec().properties().get(0).baseDistribution());
    assertEquals(List.of(), result.repairs());
  }

  @Test
  public void missingPercentagesShareTheRestAndInvalidOnesCountAsZero() {
    SpecRepair.Result result =
        repair(
            answer(
                property(
                    "size",
                    "[\"s\", \"m\", \"l\", \"xl\"]",
                    "{\"s\": 40, \"m\": -5, \"l\": \"many\"}",
                    "null")),
            SEEDLESS,
            DEFAULTS);

    assertEquals(
        Map.of("s", 40.0, "m", 0.0, "l", 0.0, "xl", 60.0),
        result.spec().properties().get(0).baseDistribution());
    assertThat(
        result.repairs(),
        hasItem(
            "property 'size': base distribution has invalid percentages"
                + " (m = -5.0, l = NaN): counted as 0"));
    assertThat(
        result.repairs(),
        hasItem(
            "property 'size': base distribution has no percentage for 'xl':"
                + " they share the remaining 60%"));
  }

  @Test
  public void valuesAreCleanedAndRepeatedNamesKeepTheFirst() {
    SpecRepair.Result result =
        repair(
            answer(
                property("size", "[\" s\", \"m\", \"m\", \"\"]", "{\"s\": 50, \"m\": 50}", "null")
                    + ","
                    + property("size", "[\"x\"]", "[]", "null")
                    + ","
                    + property(" ", "[\"y\"]", "[]", "null")),
            SEEDLESS,
            DEFAULTS);

    assertEquals(1, result.spec().properties().size());
    assertEquals(List.of("s", "m"), result.spec().properties().get(0).values());
    assertEquals(
        Map.of("s", 50.0, "m", 50.0), result.spec().properties().get(0).baseDistribution());
    assertThat(
        result.repairs(), hasItem("property 'size' is given more than once: the first is kept"));
    assertThat(result.repairs(), hasItem("property #3 has no name: dropped"));
  }

  @Test
  public void aConditionalOnAnUnknownParentIsDropped() {
    SpecRepair.Result result =
        repair(
            answer(
                property(
                    "size",
                    "[\"s\", \"m\"]",
                    "[]",
                    "{\"parent\": \"colour\", \"distributions\": []}")),
            SEEDLESS,
            DEFAULTS);

    assertNull(result.spec().properties().get(0).conditional());
    assertThat(
        result.repairs(),
        hasItem(
            "property 'size': conditional distribution names parent 'colour',"
                + " which is not a property of the spec: dropped"));
  }

  @Test
  public void rowsForUnknownParentValuesAreDroppedAndMissingRowsTakeTheBase() {
    SpecRepair.Result result =
        repair(
            answer(
                property("colour", "[\"red\", \"blue\"]", "{\"red\": 50, \"blue\": 50}", "null")
                    + ","
                    + property(
                        "size",
                        "[\"s\", \"m\"]",
                        "{\"s\": 30, \"m\": 70}",
                        "{\"parent\": \"colour\", \"distributions\":"
                            + " {\"Red\": {\"s\": 90, \"m\": 10}, \"green\": {\"s\": 1, \"m\": 99}}}")),
            SEEDLESS,
            DEFAULTS);

    PropertyVariation size = result.spec().property("size").orElseThrow();
    assertEquals(Map.of("s", 90.0, "m", 10.0), size.conditional().byParentValue().get("red"));
    assertEquals(Map.of("s", 30.0, "m", 70.0), size.conditional().byParentValue().get("blue"));
    assertThat(
        result.repairs(),
        hasItem(
            "property 'size': conditional distribution has rows for 'green',"
                + " not values of parent 'colour': dropped"));
    assertThat(
        result.repairs(),
        hasItem(
            "property 'size': conditional distribution has no row for 'blue'"
                + " of parent 'colour': the base distribution is used"));
  }

  @Test
  public void aCycleOfParentsLosesTheConditionalListedLast() {
    String aGivenB =
        "{\"parent\": \"b\", \"distributions\": {\"1\": {\"x\": 50, \"y\": 50}, \"2\": {\"x\": 10, \"y\": 90}}}";
    String bGivenA =
        "{\"parent\": \"a\", \"distributions\": {\"x\": {\"1\": 50, \"2\": 50}, \"y\": {\"1\": 10, \"2\": 90}}}";
    SpecRepair.Result result =
        repair(
            answer(
                property("a", "[\"x\", \"y\"]", "[]", aGivenB)
                    + ","
                    + property("b", "[\"1\", \"2\"]", "[]", bGivenA)),
            SEEDLESS,
            DEFAULTS);

    assertEquals("b", result.spec().property("a").orElseThrow().conditional().parent());
    assertNull(result.spec().property("b").orElseThrow().conditional());
    assertThat(
        result.repairs(),
        hasItem(
            "properties 'a', 'b' form a cycle of conditional parents:"
                + " the conditional distribution of 'b' is dropped"));
  }

  @Test
  public void aNearNameIsRenamedToItsColumnAndParentsFollow() {
    SpecRepair.Result result =
        repair(
            answer(
                property("Product", "[\"laptop\", \"phone\", \"headphones\"]", "[]", "null")
                    + ","
                    + property(
                        "priority",
                        "[\"low\", \"high\"]",
                        "[]",
                        "{\"parent\": \"Product\", \"distributions\": {"
                            + "\"laptop\": {\"low\": 60, \"high\": 40}, \"phone\": {\"low\": 80, \"high\": 20},"
                            + " \"headphones\": {\"low\": 90, \"high\": 10}}}")),
            tickets(),
            DEFAULTS);

    assertEquals("product", field(result.spec(), "product").property());
    assertEquals(
        "product", result.spec().property("priority").orElseThrow().conditional().parent());
    assertThat(
        result.repairs(), hasItem("property 'Product' is named 'product' after its seed column"));
  }

  @Test
  public void orderedColumnsBindToRangesWithinTheirProfiledRange() {
    SpecRepair.Result result =
        repair(
            answer(
                property(
                    "price",
                    "[\"0..500\", \"500..1500\", \"1500..9000\"]",
                    "{\"0..500\": 40, \"500..1500\": 50, \"1500..9000\": 10}",
                    "null")),
            tickets(),
            DEFAULTS);

    assertEquals("price", field(result.spec(), "price").property());
    assertEquals(
        Map.of("0..500", 44.44, "500..1500", 55.56),
        result.spec().property("price").orElseThrow().baseDistribution());
    assertThat(
        result.repairs(),
        hasItem("property 'price': '1500..9000' lie outside the range of field 'price': dropped"));
  }

  @Test
  public void propertiesOfFreeTextOrWithoutColumnValuesStayUnbound() {
    SpecRepair.Result result =
        repair(
            answer(
                property("body", "[\"short\", \"long\"]", "[]", "null")
                    + ","
                    + property("score", "[\"low\", \"high\"]", "[]", "null")),
            tickets(),
            DEFAULTS);

    assertNull(field(result.spec(), "body").property());
    assertNull(field(result.spec(), "score").property());
    assertEquals(List.of("short", "long"), result.spec().property("body").orElseThrow().values());
    assertThat(
        result.repairs(),
        hasItem(
            "property 'body' describes field 'body', which is free text or"
                + " identifiers: kept unbound"));
    assertThat(
        result.repairs(),
        hasItem(
            "property 'score' has no int values or ranges for field 'score':"
                + " kept unbound, the field is drawn from its profile"));
  }

  @Test
  public void nullIsAValueOnlyOfColumnsWithNulls() {
    SpecRepair.Result result =
        repair(
            answer(
                property("vip", "[\"true\", \"false\", \"null\"]", "[]", "null")
                    + ","
                    + property("channel", "[\"chat\", \"email\", \"null\"]", "[]", "null")),
            tickets(),
            DEFAULTS);

    assertEquals(
        List.of("true", "false", "null"), result.spec().property("vip").orElseThrow().values());
    assertEquals(
        List.of("chat", "email"), result.spec().property("channel").orElseThrow().values());
  }

  @Test
  public void anAnswerWithNoUsablePropertyCannotBeRepaired() {
    UnusableAnswerException e =
        assertThrows(
            UnusableAnswerException.class,
            () ->
                repair(answer(property("tone", "[\"calm\"]", "[]", "null")), tickets(), DEFAULTS));

    assertEquals(
        "no usable property is left after repair: property 'tone' is not a seed column, and"
            + " extrapolate_axes is false: dropped",
        e.getMessage());
  }

  @Test
  public void anAnswerWithoutRequirementsCannotBeRepaired() {
    UnusableAnswerException e =
        assertThrows(
            UnusableAnswerException.class,
            () -> SpecDraft.parse("```json\n{\"description\": \"d\", \"properties\": []}\n```"));

    assertEquals("the answer has no \"requirements\" text", e.getMessage());
  }

  @Test
  public void theRequestDescriptionWinsAndAMissingOneIsWrittenFromTheSeeds() {
    String noDescription =
        "{\"requirements\": \"r\", \"properties\": ["
            + property("product", "[\"laptop\"]", "[]", "null")
            + "]}";

    assertEquals(
        "Support tickets",
        repair(noDescription, tickets(), DEFAULTS.withDescription("Support tickets"))
            .spec()
            .description());
    SpecRepair.Result fromSeeds = repair(noDescription, tickets(), DEFAULTS);
    assertThat(fromSeeds.spec().description(), containsString("Records like the 400 seed rows"));
    assertThat(
        fromSeeds.repairs(),
        hasItem("the answer has no description: one is written from the seeds"));
  }
}
