package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.plan.Seeds;
import ai.dataframer.beam.core.request.FilteringType;
import ai.dataframer.beam.core.request.RevisionType;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TextProfile;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A support-ticket record spec, a letter document spec, their seeds, plans and settings. */
final class GenerateFixtures {
  static final String GENERATION_MODEL = "anthropic/claude-sonnet-4-6-thinking";
  static final String OUTLINE_MODEL = "anthropic/claude-haiku-4-5-thinking";
  static final String REVISION_MODEL = "openai/gpt-5.4";
  static final int GENERATION_BUDGET = 2048;
  static final int OUTLINE_BUDGET = 3072;
  static final int REVISION_BUDGET = 4096;
  static final String REQUIREMENTS = "Each ticket names the product and gives an amount in USD.";
  static final String LETTER_REQUIREMENTS = "Each letter has a greeting, a body and a sign-off.";

  private GenerateFixtures() {}

  /** product and priority are bound to fields; tone is read by the conformance judge. */
  static Spec ticketSpec() {
    return new Spec(
        "Support tickets of an electronics shop",
        REQUIREMENTS,
        List.of(
            property("product", "laptop", "phone"),
            property("priority", "low", "high"),
            property("tone", "formal", "casual")),
        List.of(
            new RecordField("ticket_id", FieldType.STRING, null, 0, List.of(), null, null),
            new RecordField("product", FieldType.STRING, "product", 0, List.of(), null, null),
            new RecordField("priority", FieldType.STRING, "priority", 0, List.of(), null, null),
            new RecordField("amount", FieldType.DECIMAL, null, 0, List.of(), null, 2),
            new RecordField("opened", FieldType.DATE, null, 0, List.of(), null, null),
            new RecordField("escalated", FieldType.BOOLEAN, null, 20, List.of(), null, null),
            new RecordField(
                "body", FieldType.STRING, null, 0, List.of(), new TextProfile(3, 12, 40), null)));
  }

  static Spec letterSpec() {
    return new Spec(
        "Customer letters to a bank",
        LETTER_REQUIREMENTS,
        List.of(property("tone", "formal", "casual")),
        List.of());
  }

  static PropertyVariation property(String name, String... values) {
    return new PropertyVariation(name, List.of(values), Map.of(), null);
  }

  static List<Map<String, Object>> ticketSeeds(int count) {
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> seed = new LinkedHashMap<>();
      seed.put("ticket_id", "SEED-" + i);
      seed.put("product", i % 2 == 0 ? "laptop" : "phone");
      seed.put("priority", i % 3 == 0 ? "high" : "low");
      seed.put("amount", new BigDecimal("10.50").add(BigDecimal.valueOf(i)));
      seed.put("opened", LocalDate.parse("2024-03-01").plusDays(i));
      seed.put("escalated", i % 4 == 0 ? null : Boolean.FALSE);
      seed.put("body", "Seed ticket number " + i + " about a broken screen.");
      seeds.add(seed);
    }
    return seeds;
  }

  static List<Map<String, Object>> letterSeeds(int count) {
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      seeds.add(
          Map.of(
              "text",
              "Dear Sir or Madam,\n\nSeed letter "
                  + i
                  + " about my account.\n\nYours faithfully,\nA. Customer"));
    }
    return seeds;
  }

  static Map<String, String> values(String... pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return values;
  }

  static Map<String, String> ticketValues() {
    return values("product", "laptop", "priority", "high", "tone", "formal");
  }

  static SamplePlan plan(long index, Map<String, String> values, List<Integer> exampleIndices) {
    return new SamplePlan(
        "run-1",
        index,
        "sample-" + index,
        values,
        exampleIndices,
        Seeds.derive(42, index, "sample"));
  }

  /** A valid ticket for {@link #ticketValues()} with this body. */
  static String ticketJson(String body) {
    return "{\"ticket_id\":\"T-1\",\"product\":\"laptop\",\"priority\":\"high\",\"amount\":19.99,"
        + "\"opened\":\"2024-05-01\",\"escalated\":null,\"body\":\""
        + body
        + "\"}";
  }

  static String noChanges() {
    return "{\"needs_changes\":false,\"issues\":[]}";
  }

  static String changes(String issue) {
    return "{\"needs_changes\":true,\"issues\":[\"" + issue + "\"]}";
  }

  static String outline(String... titles) {
    StringBuilder parts = new StringBuilder("{\"parts\":[");
    for (int i = 0; i < titles.length; i++) {
      parts
          .append(i == 0 ? "" : ",")
          .append("{\"title\":\"")
          .append(titles[i])
          .append("\",\"notes\":\"notes on ")
          .append(titles[i])
          .append("\"}");
    }
    return parts.append("]}").toString();
  }

  /** Settings builder starting from the simplest run: no outline, no revisions, no filters. */
  static final class Settings {
    List<RevisionType> revisionTypes = List.of();
    List<FilteringType> filteringTypes = List.of();
    int maxRevisionCycles = 1;
    boolean skipOutline = true;
    boolean unifiedMultifield = true;
    boolean calculator;
    SeedShufflingLevel level = SeedShufflingLevel.NONE;
    Integer maxExamplesInPrompt;
    int maxAttempts = 3;

    GenerationSettings build() {
      return new GenerationSettings(
          new StageModel(GENERATION_MODEL, GENERATION_BUDGET),
          new StageModel(OUTLINE_MODEL, OUTLINE_BUDGET),
          new StageModel(REVISION_MODEL, REVISION_BUDGET),
          revisionTypes,
          filteringTypes,
          maxRevisionCycles,
          skipOutline,
          unifiedMultifield,
          calculator,
          level,
          maxExamplesInPrompt,
          maxAttempts);
    }
  }
}
