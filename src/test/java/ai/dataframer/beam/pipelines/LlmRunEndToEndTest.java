package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TextProfile;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.testing.FakeCall;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeWire;
import ai.dataframer.beam.testing.ScriptedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A full LLM run of 200 record samples through the command line, against the fake provider server
 * played by a scripted model: outline, draft, two revision cycles of all four revision types, both
 * filters. One first draft in ten shows a wrong tone (the conformance judge catches it and the
 * sample is regenerated from the same plan); every sample assigned phone/high/casual is drafted
 * wrong every time and must end in the failure output.
 */
public class LlmRunEndToEndTest {
  static final int SAMPLES = 200;
  static final long SEED = 5;
  static final String GENERATION = "anthropic/claude-sonnet-4-6-thinking";
  static final String OUTLINE = "anthropic/claude-haiku-4-5-thinking";
  static final String REVISION = "openai/gpt-5.4";
  private static final ObjectMapper JSON = new ObjectMapper();

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static FakeProviderServer fake;
  private static Path store;
  private static Path output;
  private static RunManifest manifest;
  private static List<JsonNode> records;
  private static List<JsonNode> failures;

  static Spec ticketSpec() {
    return new Spec(
        "Support tickets of an electronics shop",
        "Each ticket names the product and says what went wrong.",
        List.of(
            new PropertyVariation(
                "product", List.of("laptop", "phone"), Map.of("laptop", 60.0, "phone", 40.0), null),
            new PropertyVariation(
                "priority", List.of("low", "high"), Map.of("low", 70.0, "high", 30.0), null),
            new PropertyVariation(
                "tone", List.of("formal", "casual"), Map.of("formal", 50.0, "casual", 50.0), null)),
        List.of(
            new RecordField("ticket_id", FieldType.STRING, null, 0, List.of(), null, null),
            new RecordField("product", FieldType.STRING, "product", 0, List.of(), null, null),
            new RecordField("priority", FieldType.STRING, "priority", 0, List.of(), null, null),
            new RecordField("amount", FieldType.DOUBLE, null, 0, List.of(), null, null),
            new RecordField("opened", FieldType.DATE, null, 0, List.of(), null, null),
            new RecordField(
                "body", FieldType.STRING, null, 0, List.of(), new TextProfile(4, 12, 40), null)));
  }

  /**
   * A seed CSV with the spec's columns and a spec stored as SUCCEEDED, as spec create leaves it.
   */
  static Path storeTicketSpec(Path root, String name) throws IOException {
    Path seed = root.resolve(name + ".csv");
    StringBuilder csv = new StringBuilder("ticket_id,product,priority,amount,opened,body\n");
    for (int i = 0; i < 30; i++) {
      csv.append("T-")
          .append(100 + i)
          .append(',')
          .append(i % 2 == 0 ? "laptop" : "phone")
          .append(',')
          .append(i % 3 == 0 ? "high" : "low")
          .append(',')
          .append(10 + i)
          .append(".5,")
          .append("2024-03-")
          .append(String.format("%02d", 1 + i % 28))
          .append(",The screen of my device broke after ")
          .append(i)
          .append(" days of use.\n");
    }
    Files.writeString(seed, csv);
    Path specStore = root.resolve("store-" + name);
    SpecStore specs = SpecStore.at(specStore.toString());
    specs.create(name, seed.toString(), "tickets", Map.of());
    specs.update(name, ticketSpec());
    return specStore;
  }

  static boolean isDoomed(Map<String, String> values) {
    return "phone".equals(values.get("product"))
        && "high".equals(values.get("priority"))
        && "casual".equals(values.get("tone"));
  }

  /** Keys and base URLs of both providers, pointed at the fake. */
  static List<String> providerOptions(FakeProviderServer fake) {
    return List.of(
        "--anthropic-api-key",
        "fake-anthropic-key",
        "--anthropic-base-url",
        fake.anthropicBaseUrl(),
        "--openai-api-key",
        "fake-openai-key",
        "--openai-base-url",
        fake.openAiBaseUrl());
  }

  /** The full-semantics run of {@link #SAMPLES} samples into {@code output}, online. */
  static List<String> runArgs(Path store, Path output, FakeProviderServer fake) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--spec",
                "tickets",
                "--samples",
                String.valueOf(SAMPLES),
                "--random-seed",
                String.valueOf(SEED),
                "--generation-model",
                GENERATION,
                "--outline-model",
                OUTLINE,
                "--revision-model",
                REVISION,
                "--generation-thinking-budget",
                "2048",
                "--outline-thinking-budget",
                "3072",
                "--revision-thinking-budget",
                "4096",
                "--revision-types",
                "coherence_flow,consistency,distinguishability,conformance",
                "--filtering-types",
                "structural,conformance",
                "--max-revision-cycles",
                "2",
                "--skip-outline",
                "false",
                "--max-attempts",
                "3",
                "--output",
                "jsonl:" + output,
                "--store",
                store.toString()));
    args.addAll(providerOptions(fake));
    return args;
  }

  @BeforeClass
  public static void runTheFullFlow() throws Exception {
    store = storeTicketSpec(TMP.getRoot().toPath(), "tickets");
    output = TMP.getRoot().toPath().resolve("out");
    fake =
        new FakeProviderServer()
            .requireKey(FakeWire.ANTHROPIC, "fake-anthropic-key")
            .requireKey(FakeWire.OPENAI, "fake-openai-key")
            .respondWith(
                new ScriptedModel("tone", "body")
                    .misdrawing(n -> n % 10 == 0)
                    .doomed(LlmRunEndToEndTest::isDoomed))
            .start();
    List<String> args = runArgs(store, output, fake);
    CliRunner.succeed(args.toArray(String[]::new));
    manifest = EndToEndTest.onlyManifest(store);
    records = lines(output, "records");
    failures = lines(output, "failures");
    System.out.println(
        "LLM run: "
            + records.size()
            + " accepted, "
            + failures.size()
            + " failed, "
            + fake.callCount()
            + " model calls, cost $"
            + manifest.totalCost()
            + ", tokens "
            + manifest.tokenUsage());
  }

  @AfterClass
  public static void stop() throws Exception {
    fake.close();
  }

  static List<JsonNode> lines(Path directory, String prefix) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .filter(f -> f.getFileName().toString().endsWith(".jsonl"))
              .sorted()
              .toList()) {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) {
            rows.add(JSON.readTree(line));
          }
        }
      }
    }
    return rows;
  }

  private static Map<String, String> properties(JsonNode record) throws IOException {
    Map<String, String> values = new HashMap<>();
    JSON.readTree(record.path("_df_properties").asText())
        .fields()
        .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  @Test
  public void everySampleIsAcceptedOrAFailureAndTheDoomedOnesFail() throws IOException {
    assertEquals(SAMPLES, manifest.samplesCompleted() + manifest.samplesFailed());
    assertEquals(manifest.samplesCompleted(), records.size());
    assertEquals(manifest.samplesFailed(), failures.size());
    assertThat("some samples were doomed", failures.size(), greaterThan(0));
    Set<String> ids = new HashSet<>();
    for (JsonNode record : records) {
      assertTrue("each sample once", ids.add(record.path("_df_sample_id").asText()));
      assertTrue("no doomed sample is accepted", !isDoomed(properties(record)));
    }
    for (JsonNode failure : failures) {
      assertTrue(ids.add(failure.path("sample_id").asText()));
      assertEquals("filter", failure.path("stage").asText());
      assertEquals(3, failure.path("attempts").asInt());
      assertThat(failure.path("reason").asText(), containsString("tone"));
    }
  }

  @Test
  public void regenerationKeepsThePlanSoTheAssignedValuesAreThePlanned() throws IOException {
    Planner planner = new Planner(ticketSpec());
    RunSettings settings =
        new RunSettings(manifest.generationKey(), SEED, 30, SeedShufflingLevel.NONE, 50);
    int regenerated = 0;
    for (JsonNode record : records) {
      SamplePlan plan = planner.plan(settings, record.path("_df_sample_index").asLong());
      assertEquals(plan.propertyValues(), properties(record));
      assertEquals(plan.propertyValues().get("product"), record.path("product").asText());
      assertThat(
          record.path("body").asText(),
          containsString("tone=" + plan.propertyValues().get("tone")));
      regenerated += record.path("_df_filter_attempts").asInt() > 1 ? 1 : 0;
    }
    assertThat(
        "one first draft in ten was rejected and regenerated",
        regenerated,
        greaterThan(SAMPLES / 20));
  }

  @Test
  public void revisionsChangedTheOutput() {
    for (JsonNode record : records) {
      assertThat(record.path("body").asText(), containsString("(revised)"));
      assertThat(record.path("_df_revision_cycles").asInt(), greaterThan(0));
      assertEquals(REVISION, record.path("_df_revision_model").asText());
      assertEquals(GENERATION, record.path("_df_generation_model").asText());
      assertThat(record.path("_df_cost_usd").asDouble(), greaterThan(0.0));
    }
  }

  @Test
  public void eachStageCallsItsModelWithItsBudgetAndTheSampleContext() {
    Map<String, Integer> stages = new HashMap<>();
    for (FakeCall call : fake.calls()) {
      String prompt = call.turns().get(0).text();
      String task = prompt.substring(prompt.indexOf("TASK: ") + 6).split("[\\n:]")[0];
      stages.merge(task, 1, Integer::sum);
      switch (task) {
        case "outline":
          assertEquals(FakeWire.ANTHROPIC, call.wire());
          assertEquals("claude-haiku-4-5", call.model());
          assertEquals(Integer.valueOf(3072), call.thinkingBudget());
          break;
        case "draft_record":
          assertEquals("claude-sonnet-4-6", call.model());
          // Sonnet 4.6 thinks adaptively: the budget becomes the effort and still sits on top of
          // the answer's max_tokens (docs/ARCHITECTURE.md section 7).
          assertEquals("adaptive", call.json().path("thinking").path("type").asText());
          assertEquals("low", call.json().path("output_config").path("effort").asText());
          assertEquals(8192 + 2048, call.json().path("max_tokens").asInt());
          assertThat(prompt, containsString("Each ticket names the product"));
          assertThat(prompt, containsString("## Assigned property values"));
          assertThat(call.promptText(), containsString("<seed_examples>"));
          break;
        case "critique":
        case "rewrite":
        case "conformance_judge":
          assertEquals(FakeWire.OPENAI, call.wire());
          assertEquals("gpt-5.4", call.model());
          assertEquals(
              "the non-thinking revision model reasons at the lowest effort",
              "none",
              call.reasoningEffort());
          break;
        default:
      }
    }
    for (String stage :
        List.of("outline", "draft_record", "critique", "rewrite", "conformance_judge")) {
      assertThat(stage + " calls", stages.getOrDefault(stage, 0), greaterThan(0));
    }
  }

  @Test
  public void withoutShufflingEveryPromptOpensWithTheSameExampleBlock() {
    Set<String> blocks = new HashSet<>();
    int prompts = 0;
    for (FakeCall call : fake.calls()) {
      String text = call.turns().get(0).text();
      int open = text.indexOf("<seed_examples>");
      if (open >= 0) {
        blocks.add(text.substring(open, text.indexOf("</seed_examples>", open)));
        prompts++;
      }
    }
    assertThat(prompts, greaterThan(SAMPLES));
    assertEquals("one byte-identical block, so provider prompt caching hits", 1, blocks.size());
  }

  @Test
  public void theManifestAccountsTokensPerStageAndCost() {
    assertThat(manifest.totalCost(), greaterThan(0.0));
    for (String stage : List.of("outline", "draft", "revision", "filter")) {
      assertThat(stage, manifest.tokenUsage().get(stage).get("input_tokens"), greaterThan(0L));
    }
    assertThat(manifest.tokenUsage().keySet(), hasSize(4));
  }
}
