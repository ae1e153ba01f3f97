package ai.dataframer.beam.core.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import ai.dataframer.beam.core.request.ModelProvider;
import java.util.Set;
import org.junit.Test;

/** The documented limits of each provider's structured outputs, checked on small schemas. */
public class StructuredOutputLimitsTest {
  /** A closed object of {@code count} properties, the first {@code nullable} of them anyOf null. */
  static String record(int count, int nullable) {
    StringBuilder properties = new StringBuilder();
    StringBuilder required = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String sep = i == 0 ? "" : ",";
      properties
          .append(sep)
          .append("\"c")
          .append(i)
          .append("\":")
          .append(
              i < nullable
                  ? "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}"
                  : "{\"type\":\"string\"}");
      required.append(sep).append("\"c").append(i).append('"');
    }
    return "{\"type\":\"object\",\"properties\":{"
        + properties
        + "},\"required\":["
        + required
        + "],\"additionalProperties\":false}";
  }

  @Test
  public void anthropicTakesSixteenUnionsAndNoMore() {
    assertThat(StructuredOutputLimits.ANTHROPIC.violations(record(60, 16)), empty());
    assertThat(
        StructuredOutputLimits.ANTHROPIC.violations(record(60, 17)),
        contains("17 schemas with a union type (anyOf or a type list), more than the 16 allowed"));
    assertThat(
        "a type list is a union too",
        StructuredOutputLimits.ANTHROPIC.violations(
            record(60, 16)
                .replace(
                    "\"c20\":{\"type\":\"string\"}", "\"c20\":{\"type\":[\"string\",\"null\"]}")),
        hasItem(containsString("17 schemas with a union type")));
  }

  @Test
  public void anthropicRefusesBoundsOpenObjectsAndTooManyOptionalProperties() {
    String bounded =
        "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1},"
            + "\"a\":{\"type\":\"array\",\"minItems\":2,\"items\":{\"type\":\"object\","
            + "\"properties\":{}}}},\"required\":[\"n\",\"a\"],\"additionalProperties\":false}";
    assertEquals(
        java.util.List.of(
            "minItems 2, more than the 1 allowed",
            "1 objects without additionalProperties: false",
            "the keyword minimum"),
        StructuredOutputLimits.ANTHROPIC.violations(bounded));
    String optional = record(30, 0).replaceFirst("\"required\":\\[[^]]*]", "\"required\":[]");
    assertThat(
        StructuredOutputLimits.ANTHROPIC.violations(optional),
        contains("30 optional properties, more than the 24 allowed"));
  }

  @Test
  public void openAiStrictModeWantsEveryPropertyRequiredAndCountsPropertiesAndDepth() {
    assertThat(StructuredOutputLimits.OPENAI.violations(record(60, 40)), empty());
    String optional = record(3, 0).replace("\"required\":[\"c0\",", "\"required\":[");
    assertThat(
        StructuredOutputLimits.OPENAI.violations(optional),
        contains("1 optional properties, more than the 0 allowed"));
    assertThat(
        StructuredOutputLimits.OPENAI.violations(record(5001, 0)),
        contains("5001 properties, more than the 5000 allowed"));
    String deep = "{\"type\":\"string\"}";
    for (int level = 0; level < 11; level++) {
      deep =
          "{\"type\":\"object\",\"properties\":{\"x\":"
              + deep
              + "},\"required\":[\"x\"],\"additionalProperties\":false}";
    }
    assertThat(
        StructuredOutputLimits.OPENAI.violations(deep),
        contains("11 levels of nested objects, more than the 10 allowed"));
    assertThat(
        StructuredOutputLimits.OPENAI.violations(
            record(2, 0).replace("\"c1\":{\"type\":\"string\"}", "\"c1\":{\"allOf\":[]}")),
        contains("the keyword allOf"));
  }

  @Test
  public void geminiTakesItsDocumentedSubsetOnly() {
    assertThat(StructuredOutputLimits.GEMINI.violations(record(60, 40)), empty());
    assertThat(
        StructuredOutputLimits.GEMINI.violations(
            record(2, 0)
                .replace("{\"type\":\"string\"}", "{\"type\":\"string\",\"pattern\":\"x\"}")),
        contains("the keyword pattern"));
  }

  @Test
  public void databricksAndOpenAiCompatibleServersGetTheLimitsOfWhatTheyServe() {
    assertThat(
        "a Databricks endpoint may serve Claude",
        StructuredOutputLimits.of(ModelProvider.DATABRICKS).violations(record(60, 40)),
        hasItem(containsString("40 schemas with a union type")));
    for (ModelProvider provider :
        new ModelProvider[] {ModelProvider.TOGETHER, ModelProvider.OPENAI_COMPATIBLE}) {
      StructuredOutputLimits limits = StructuredOutputLimits.of(provider);
      assertEquals(provider, limits.provider());
      assertThat(limits.violations(record(60, 40)), empty());
      assertThat(limits.violations(record(5001, 0)), hasItem(containsString("5001 properties")));
    }
  }

  @Test
  public void aSchemaOverTheLimitsGoesInWordsAndOneWithinThemDoesNot() {
    JsonOutput fits = JsonOutput.withSchema("record", record(60, 16));
    JsonOutput over = JsonOutput.withSchema("record", record(60, 40));
    assertNull(StructuredOutputLimits.ANTHROPIC.instructionInstead(fits));
    assertNull(StructuredOutputLimits.ANTHROPIC.instructionInstead(JsonOutput.anyObject()));
    assertNull(StructuredOutputLimits.ANTHROPIC.instructionInstead(null));
    assertEquals(
        StructuredOutputLimits.SCHEMA_IN_WORDS + record(60, 40),
        StructuredOutputLimits.ANTHROPIC.instructionInstead(over));
    assertNull(StructuredOutputLimits.OPENAI.instructionInstead(over));
  }

  @Test
  public void aDecisionRememberedForTheDocumentedLimitsIsNotTakenForOtherLimits() {
    JsonOutput twoUnions = JsonOutput.withSchema("record", record(5, 2));
    assertNull(StructuredOutputLimits.ANTHROPIC.instructionInstead(twoUnions));
    assertNull(StructuredOutputLimits.ANTHROPIC.instructionInstead(twoUnions)); // remembered
    StructuredOutputLimits stricter =
        new StructuredOutputLimits(
            ModelProvider.ANTHROPIC,
            1,
            StructuredOutputLimits.ANTHROPIC.maxOptionalProperties(),
            StructuredOutputLimits.ANTHROPIC.maxProperties(),
            StructuredOutputLimits.ANTHROPIC.maxObjectDepth(),
            StructuredOutputLimits.ANTHROPIC.maxEnumValues(),
            StructuredOutputLimits.ANTHROPIC.maxMinItems(),
            true,
            Set.of(),
            StructuredOutputLimits.ANTHROPIC.refusedKeywords());
    assertNotNull(stricter.instructionInstead(twoUnions));
    assertSame(StructuredOutputLimits.OPENAI, StructuredOutputLimits.of(ModelProvider.OPENAI));
  }
}
