package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.StructuredOutputLimits;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TextProfile;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.testing.FakeCall;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.FakeWire;
import ai.dataframer.beam.testing.ScriptedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A seed of 60 columns, 40 of them nullable, run through every provider route against the fake,
 * which refuses output schemas over each provider's documented limits as the real services do. The
 * record schema has 40 unions, more than the 16 Anthropic compiles: sent as a constraint it failed
 * every draft and rewrite call of an Anthropic or Databricks Claude route (docs/ARCHITECTURE.md
 * section 7, "Structured outputs"). Every sample must be accepted, with nulls where the model wrote
 * them.
 */
public class ManyNullableFieldsEveryRouteTest {
  static final int COLUMNS = 60;
  static final int NULLABLE = 40;
  static final int SAMPLES = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakeProviderServer fake;
  private Path store;

  /** body carries the tone; n00..n39 are nullable, r40..r58 are not. */
  static Spec wideSpec() {
    List<RecordField> fields = new ArrayList<>();
    fields.add(
        new RecordField(
            "body", FieldType.STRING, null, 0, List.of(), new TextProfile(4, 12, 40), null));
    for (int i = 0; i < COLUMNS - 1; i++) {
      fields.add(
          new RecordField(
              column(i), FieldType.STRING, null, i < NULLABLE ? 25 : 0, List.of(), null, null));
    }
    return new Spec(
        "Wide customer records",
        "Each record describes one customer.",
        List.of(new PropertyVariation("tone", List.of("formal", "casual"), Map.of(), null)),
        fields);
  }

  static String column(int i) {
    return String.format(i < NULLABLE ? "n%02d" : "r%02d", i);
  }

  @Before
  public void storeTheSpec() throws Exception {
    Path seed = tmp.getRoot().toPath().resolve("wide.csv");
    StringBuilder csv = new StringBuilder("body");
    for (int i = 0; i < COLUMNS - 1; i++) {
      csv.append(',').append(column(i));
    }
    csv.append('\n');
    for (int row = 0; row < 10; row++) {
      csv.append("A customer record number ").append(row);
      for (int i = 0; i < COLUMNS - 1; i++) {
        csv.append(',').append(i < NULLABLE && (row + i) % 4 == 0 ? "" : "v" + row);
      }
      csv.append('\n');
    }
    Files.writeString(seed, csv);
    store = tmp.getRoot().toPath().resolve("store");
    SpecStore specs = SpecStore.at(store.toString());
    specs.create("wide", seed.toString(), "wide", Map.of());
    specs.update("wide", wideSpec());
    ScriptedModel model = new ScriptedModel("tone", "body");
    fake =
        new FakeProviderServer()
            .withDatabricksPrincipal("principal-7", "principal-secret")
            .respondWith(call -> withNulls(model.apply(call), call))
            .start();
  }

  /** The model writes null in every other nullable column of a drafted record. */
  private static FakeReply withNulls(FakeReply reply, FakeCall call) {
    if (!call.turns().get(0).text().contains("TASK: draft_record")
        || !(reply instanceof FakeReply.Text text)) {
      return reply;
    }
    try {
      ObjectNode record = (ObjectNode) JSON.readTree(text.text());
      for (int i = 0; i < NULLABLE; i += 2) {
        record.putNull(column(i));
      }
      return FakeReply.text(record.toString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @After
  public void stop() throws Exception {
    fake.close();
  }

  private List<JsonNode> run(String model) throws Exception {
    Path output = tmp.getRoot().toPath().resolve("out-" + model.replaceAll("[^a-z0-9]", "-"));
    CliRunner.succeed(
        "run",
        "--spec",
        "wide",
        "--samples",
        String.valueOf(SAMPLES),
        "--random-seed",
        "11",
        "--generation-model",
        model,
        "--revision-model",
        model,
        "--revision-types",
        "coherence_flow",
        "--filtering-types",
        "structural",
        "--output",
        "jsonl:" + output,
        "--store",
        store.toString(),
        "--anthropic-api-key",
        "k",
        "--anthropic-base-url",
        fake.anthropicBaseUrl(),
        "--openai-api-key",
        "k",
        "--openai-base-url",
        fake.openAiBaseUrl(),
        "--together-api-key",
        "k",
        "--together-base-url",
        fake.openAiBaseUrl(),
        "--gemini-api-key",
        "k",
        "--gemini-base-url",
        fake.geminiBaseUrl(),
        "--openai-compatible-base-url",
        fake.openAiBaseUrl(),
        "--databricks-client-id",
        "principal-7",
        "--databricks-client-secret",
        "principal-secret",
        "--databricks-api-base",
        fake.databricksApiBase());
    assertFalse(
        model + " wrote no failures",
        Files.list(output)
            .anyMatch(
                f -> f.getFileName().toString().startsWith("failures") && f.toFile().length() > 0));
    return LlmRunEndToEndTest.lines(output, "records");
  }

  @Test
  public void everyRouteAcceptsEverySampleWithNullsWhereTheModelWroteThem() throws Exception {
    Map<String, FakeWire> routes =
        Map.of(
            "anthropic/claude-sonnet-4-6", FakeWire.ANTHROPIC,
            "openai/gpt-5.4", FakeWire.OPENAI,
            "gemini/gemini-3.1-pro-preview", FakeWire.GEMINI,
            "deepseek-ai/DeepSeek-V3.1", FakeWire.OPENAI,
            "databricks/databricks-claude-sonnet-4-6", FakeWire.DATABRICKS,
            "openai-compatible/llama-3.1-8b", FakeWire.OPENAI);
    for (Map.Entry<String, FakeWire> route : routes.entrySet()) {
      int callsBefore = fake.calls().size();
      List<JsonNode> records = run(route.getKey());
      assertEquals(route.getKey(), SAMPLES, records.size());
      for (JsonNode record : records) {
        assertTrue(route.getKey(), record.path("n00").isNull());
        assertEquals(route.getKey(), "n01 text", record.path("n01").asText());
        assertEquals(route.getKey(), "r40 text", record.path("r40").asText());
        assertThat(record.path("body").asText(), containsString("(revised)"));
      }
      List<FakeCall> calls = fake.calls().subList(callsBefore, fake.calls().size());
      int drafts = 0;
      for (FakeCall call : calls) {
        assertEquals(route.getKey(), route.getValue(), call.wire());
        if (call.turns().get(0).text().contains("TASK: draft_record")) {
          drafts++;
          assertRecordSchemaSentAsTheProviderTakesIt(route.getKey(), call);
        }
      }
      assertThat(route.getKey(), drafts, greaterThan(0));
    }
  }

  /**
   * Providers whose limits the 40 unions break get the schema in the system prompt and a plain JSON
   * request; the others get it as the constraint, as before.
   */
  private static void assertRecordSchemaSentAsTheProviderTakesIt(String model, FakeCall call) {
    boolean inWords = model.startsWith("anthropic/") || model.startsWith("databricks/");
    if (inWords) {
      assertThat(model, call.system(), containsString(StructuredOutputLimits.SCHEMA_IN_WORDS));
      assertThat(model, call.system(), containsString("{\"type\":\"null\"}"));
      assertFalse(model, call.json().has("output_config"));
      assertThat(
          model, call.json().path("response_format").path("type").asText(), not("json_schema"));
    } else {
      assertThat(model, call.system(), not(containsString(StructuredOutputLimits.SCHEMA_IN_WORDS)));
      assertTrue(
          model,
          call.json().at("/response_format/json_schema/strict").asBoolean()
              || call.json().at("/generationConfig/responseJsonSchema").isObject());
    }
  }
}
