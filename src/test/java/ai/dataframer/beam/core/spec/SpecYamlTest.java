package ai.dataframer.beam.core.spec;

import static ai.dataframer.beam.core.spec.RichSpecs.dist;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SpecYamlTest {
  private static String resource(String name) throws IOException {
    try (InputStream in = SpecYamlTest.class.getResourceAsStream("/spec/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> problems(String yaml) {
    return assertThrows(SpecValidationException.class, () -> SpecYaml.parse(yaml, "t.yaml"))
        .problems();
  }

  @Test
  public void richSpecRoundTrips() {
    Spec spec = SpecValidator.validate(RichSpecs.rich());
    SpecDocument document = new SpecDocument(spec, RichSpecs.metadata());
    String yaml = SpecYaml.write(document);

    SpecDocument back = SpecYaml.parse(yaml, "rich.yaml");

    assertEquals(document, back);
    // Record equality ignores map order; equal bytes show order survives too.
    assertEquals(yaml, SpecYaml.write(back));
  }

  @Test
  public void writingIsByteStable() {
    Spec spec = SpecValidator.validate(RichSpecs.rich());
    String first = SpecYaml.write(spec);
    assertEquals(first, SpecYaml.write(SpecValidator.validate(RichSpecs.rich())));
    assertThat(first, startsWith("spec:\n  description: "));
    assertThat(
        first,
        containsString(
            "\n  data_property_variations:\n    - property_name: product\n"
                + "      property_values:\n        - laptop\n        - phone\n        - headphones\n"
                + "      base_distributions:\n        laptop: 50.0\n"));
    assertThat(
        first, containsString("      quantiles:\n        - 2024-01-01\n        - 2024-02-01\n"));
    assertThat(first, containsString("        - 2024-01-02T08:30:00.123Z\n"));
  }

  @Test
  public void specWithoutMetadataReadsBackWithNullMetadata() {
    Spec spec = SpecValidator.validate(RichSpecs.rich());
    SpecDocument back = SpecYaml.parse(SpecYaml.write(spec), "plain.yaml");
    assertNull(back.metadata());
    assertEquals(spec, back.spec());
  }

  @Test
  public void readsTheHostedSpellingsAndFlowStyle() throws IOException {
    Spec spec = SpecYaml.parse(resource("tickets-hosted.yaml"), "tickets-hosted.yaml").spec();

    assertEquals("Customer support tickets for a consumer electronics shop", spec.description());
    assertEquals(
        List.of("product", "priority", "units"),
        spec.properties().stream().map(PropertyVariation::name).toList());
    PropertyVariation priority = spec.property("priority").orElseThrow();
    assertEquals(dist("low", 70, "high", 30), priority.baseDistribution());
    assertEquals("product", priority.conditional().parent());
    assertEquals(dist("low", 80, "high", 20), priority.conditional().byParentValue().get("phone"));
    assertEquals(4, spec.recordFields().size());
    assertEquals(
        List.of(
            (double) LocalDate.parse("2024-01-01").toEpochDay(),
            (double) LocalDate.parse("2024-05-01").toEpochDay()),
        spec.recordFields().get(2).quantiles());
    assertEquals(new TextProfile(12, 61, 210), spec.recordFields().get(3).text());
  }

  @Test
  public void aliasesMeanTheSameAsTheCurrentSpellings() throws IOException {
    String hosted = resource("tickets-hosted.yaml");
    String current =
        hosted
            .replace("specification:", "spec:")
            .replace("axis_name:", "property_name:")
            .replace("possible_values:", "property_values:");
    assertEquals(SpecYaml.parse(current, "current.yaml"), SpecYaml.parse(hosted, "hosted.yaml"));
  }

  @Test
  public void scalarValuesBecomeTheirTextAndEmptyDistributionsUniform() throws IOException {
    PropertyVariation units =
        SpecYaml.parse(resource("tickets-hosted.yaml"), "tickets-hosted.yaml")
            .spec()
            .property("units")
            .orElseThrow();
    assertEquals(List.of("1", "2", "2.5", "true", "null"), units.values());
    assertEquals(
        List.of("1", "2", "2.5", "true", "null"),
        new ArrayList<>(units.baseDistribution().keySet()));
    units.baseDistribution().values().forEach(p -> assertEquals(20.0, p, 1e-12));
  }

  @Test
  public void scalarKeysOfDistributionsMatchTheTextOfScalarValues() {
    Spec spec =
        SpecYaml.parse(
                "spec:\n  data_property_variations:\n"
                    + "    - {property_name: flag, property_values: [true, false, null],"
                    + " base_distributions: {true: 30, false: 60, null: 10}}\n",
                "flags.yaml")
            .spec();
    assertEquals(
        dist("true", 30, "false", 60, "null", 10), spec.properties().get(0).baseDistribution());
  }

  @Test
  public void unknownKeysAreNamedWithTheirPath() {
    List<String> problems =
        problems(
            "spec:\n"
                + "  data_property_variations:\n"
                + "    - property_name: color\n"
                + "      property_values: [red]\n"
                + "      weights: {red: 100}\n"
                + "  record_fields:\n"
                + "    - {name: c, type: string, format: hex}\n"
                + "extras: 1\n");
    assertEquals(
        List.of(
            "the document: unknown key 'extras', expected one of metadata, spec, specification",
            "spec.data_property_variations[0] (color): unknown key 'weights', expected one of axis_name,"
                + " base_distributions, conditional_distributions, possible_values, property_name, property_values",
            "spec.record_fields[0] (c): unknown key 'format', expected one of decimals, key, name,"
                + " nullable_percent, precision, property, quantiles, scale, text, type, unit"),
        problems);
  }

  @Test
  public void wrongKindsOfValuesAreNamedWithTheirPath() {
    List<String> problems =
        problems(
            "spec:\n"
                + "  data_property_variations:\n"
                + "    - property_name: color\n"
                + "      property_values: red\n"
                + "      base_distributions: {red: lots}\n"
                + "  record_fields:\n"
                + "    - {name: d, type: date, quantiles: [20240101]}\n"
                + "    - {name: t, type: timestamp, quantiles: ['2024-01-01']}\n"
                + "    - {name: p, type: money}\n"
                + "    - {name: s, type: decimal, scale: 1.5, text: {min_words: 1}}\n");
    assertEquals(
        List.of(
            "spec.data_property_variations[0] (color).property_values: expected a list, but was 'red'",
            "spec.data_property_variations[0] (color).base_distributions.red: expected a number, but was 'lots'",
            "spec.record_fields[0] (d).quantiles[0]: expected an ISO date like 2024-05-01, but was '20240101'",
            "spec.record_fields[1] (t).quantiles[0]: expected an ISO instant like 2024-05-01T10:15:30Z,"
                + " but was '2024-01-01'",
            "spec.record_fields[2] (p).type: unknown field type 'money', expected one of boolean, int, long,"
                + " float, double, decimal, string, date, timestamp",
            "spec.record_fields[3] (s).text.median_words is missing",
            "spec.record_fields[3] (s).text.max_words is missing",
            "spec.record_fields[3] (s).scale: expected a whole number, but was '1.5'"),
        problems);
  }

  @Test
  public void aPropertyHasExactlyOneParent() {
    List<String> problems =
        problems(
            "spec:\n"
                + "  data_property_variations:\n"
                + "    - {property_name: a, property_values: [x]}\n"
                + "    - {property_name: b, property_values: [x]}\n"
                + "    - property_name: c\n"
                + "      property_values: [x]\n"
                + "      conditional_distributions:\n"
                + "        a: {x: {x: 100}}\n"
                + "        b: {x: {x: 100}}\n");
    assertEquals(
        List.of(
            "spec.data_property_variations[2] (c).conditional_distributions names parents"
                + " 'a', 'b'; a property has exactly one parent"),
        problems);
  }

  @Test
  public void aliasAndCurrentSpellingTogetherIsAnError() {
    List<String> problems =
        problems(
            "spec:\n  data_property_variations:\n    - {property_name: a, axis_name: a, property_values: [x]}\n");
    assertEquals(
        List.of(
            "spec.data_property_variations[0].property_name: both 'property_name' and its alias"
                + " 'axis_name' are given"),
        problems);
  }

  @Test
  public void missingSpecKeyAndEmptyDocumentAreErrors() {
    assertEquals(
        List.of("the document has no 'spec' key (or its alias 'specification')"),
        problems("metadata: {id: x, name: n, version: 1, status: SUCCEEDED}\n"));
    assertEquals(
        List.of("the document is empty; expected a mapping with a 'spec' key"), problems(""));
  }

  @Test
  public void malformedYamlNamesTheSourceAndLine() {
    SpecValidationException e =
        assertThrows(
            SpecValidationException.class,
            () -> SpecYaml.parse("spec:\n  description: [unclosed\n", "broken.yaml"));
    assertThat(
        e.getMessage(),
        startsWith("broken.yaml is invalid (1 problem):\n  - not valid YAML at line "));
  }

  @Test
  public void duplicateKeysAreErrors() {
    List<String> problems = problems("spec:\n  description: a\n  description: b\n");
    assertThat(problems.get(0), containsString("Duplicate field 'description'"));
  }

  @Test
  public void semanticProblemsAreReportedWithTheSourceName() {
    SpecValidationException e =
        assertThrows(
            SpecValidationException.class,
            () ->
                SpecYaml.parse(
                    "spec:\n  data_property_variations:\n    - {property_name: a, property_values: [x, y],"
                        + " base_distributions: {x: 10, y: 10}}\n",
                    "small.yaml"));
    assertEquals(
        "small.yaml is invalid (1 problem):\n"
            + "  - property 'a': base_distributions sums to 20.0, expected 100 (within 0.5)",
        e.getMessage());
  }

  @Test
  public void metadataIsReadAndCheckedForUnknownKeys() {
    String yaml =
        "spec: {description: d}\n"
            + "metadata:\n  id: abc\n  name: n\n  version: 3\n  status: FAILED\n  error_message: boom\n"
            + "  runtime_params: {generate_distributions: false, spec_generation_model_name: embedded}\n";
    SpecMetadata metadata = SpecYaml.parse(yaml, "m.yaml").metadata();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("generate_distributions", false);
    params.put("spec_generation_model_name", "embedded");
    assertEquals(
        new SpecMetadata("abc", "n", 3, SpecStatus.FAILED, null, null, "boom", params), metadata);

    assertEquals(
        List.of(
            "metadata: unknown key 'owner', expected one of created_at, dataset, error_message, id,"
                + " name, runtime_params, status, version",
            "metadata.status: unknown status 'DONE', expected one of"
                + " [PROCESSING, SUCCEEDED, FAILED]"),
        problems("spec: {}\nmetadata: {id: a, name: n, version: 1, status: DONE, owner: me}\n"));
  }

  @Test
  public void timesOfDayStayStrings() throws Exception {
    String yaml = SpecYaml.MAPPER.writeValueAsString(java.util.Map.of("at", "12:34:56.789"));
    assertEquals("12:34:56.789", SpecYaml.MAPPER.readTree(yaml).get("at").textValue());
    String plain = SpecYaml.MAPPER.writeValueAsString(java.util.Map.of("at", "noon"));
    assertEquals("at: noon\n", plain);
  }
}
