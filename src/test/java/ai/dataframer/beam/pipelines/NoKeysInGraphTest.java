package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.testing.FakeCall;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.FakeWire;
import ai.dataframer.beam.testing.ScriptedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every job the command line runs with provider models (a seedless spec, a run with an Anthropic,
 * an OpenAI and a Databricks model, its evaluation by a judge model, and generate from a folder of
 * documents), each given distinctive keys and a Databricks client secret, inspected by {@link
 * GraphInspectingRunner} before it runs: no serialized DoFn, CombineFn, coder, side input or
 * transform, no part of the pipeline proto and no form of the pipeline options holds the bytes of
 * any key or secret (docs/ARCHITECTURE.md section 7, "Keys and secrets").
 */
public class NoKeysInGraphTest {
  private static final String ANTHROPIC_KEY = "fake-anthropic-key-GRAPHTEST-anthropic-4c1e9d2a";
  private static final String OPENAI_KEY = "fake-openai-key-GRAPHTEST-openai-77b0aa13";
  private static final String DATABRICKS_SECRET = "dose-GRAPHTEST-databricks-5f21c8e0";
  private static final String SPEC_MODEL = "anthropic/claude-opus-4-6-thinking";
  private static final String COMPLAINTS =
      """
      {"description": "Complaints to a shop", "requirements": "A short complaint letter.",
       "properties": [{"name": "topic", "values": ["broken", "refund"],
         "base_distribution": [{"value": "broken", "percent": 60}, {"value": "refund", "percent": 40}],
         "conditional": null}]}""";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakeProviderServer fake;
  private Path store;

  @Before
  public void start() throws Exception {
    store = tmp.newFolder("store").toPath();
    Function<FakeCall, FakeReply> model = new ScriptedModel("topic", "text");
    fake =
        new FakeProviderServer()
            .requireKey(FakeWire.ANTHROPIC, ANTHROPIC_KEY)
            .requireKey(FakeWire.OPENAI, OPENAI_KEY)
            .withDatabricksPrincipal("principal-9", DATABRICKS_SECRET)
            .respondWith(
                call ->
                    call.turns().get(0).text().contains("TASK: ")
                        ? model.apply(call)
                        : FakeReply.text(COMPLAINTS))
            .start();
  }

  @After
  public void stop() throws Exception {
    fake.close();
  }

  private String[] cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--store",
            store.toString(),
            "--runner=" + GraphInspectingRunner.class.getName(),
            "--anthropic-api-key",
            ANTHROPIC_KEY,
            "--anthropic-base-url",
            fake.anthropicBaseUrl(),
            "--openai-api-key",
            OPENAI_KEY,
            "--openai-base-url",
            fake.openAiBaseUrl(),
            "--databricks-client-id",
            "principal-9",
            "--databricks-client-secret",
            DATABRICKS_SECRET,
            "--databricks-api-base",
            fake.databricksApiBase()));
    return all.toArray(String[]::new);
  }

  @Test
  public void noJobTheCliRunsCarriesAKeyOrSecret() throws Exception {
    int before = GraphInspectingRunner.jobs().size();
    CliRunner.succeed(
        cli(
            "spec",
            "create",
            "--name",
            "complaints",
            "--objectives",
            "Complaint letters customers send to an electronics shop.",
            "--spec-generation-model-name",
            SPEC_MODEL));
    Path letters = tmp.getRoot().toPath().resolve("letters");
    CliRunner.succeed(
        cli(
            "run",
            "--spec",
            "complaints",
            "--samples",
            "6",
            "--random-seed",
            "3",
            "--generation-model",
            "anthropic/claude-haiku-4-5",
            "--revision-model",
            "databricks/databricks-gpt-5-4",
            "--revision-types",
            "coherence_flow",
            "--filtering-types",
            "structural,conformance",
            "--output",
            "jsonl:" + letters));
    RunManifest run = EndToEndTest.onlyManifest(store);
    assertEquals("SUCCEEDED", run.status().toString());
    CliRunner.succeed(cli("evaluate", "--run", run.id(), "--evaluation-model", "openai/gpt-5.4"));
    Path docs = tmp.newFolder("docs").toPath();
    Files.writeString(docs.resolve("a.txt"), "Dear shop, my laptop screen broke. Please help.");
    Files.writeString(docs.resolve("b.md"), "# Refund\nI want my money back for the phone.");
    CliRunner.succeed(
        cli(
            "generate",
            "--name",
            "letters",
            "--dataset",
            docs.toString(),
            "--spec-generation-model-name",
            SPEC_MODEL,
            "--generation-model",
            "openai/gpt-5.4",
            "--samples",
            "4",
            "--random-seed",
            "4",
            "--output",
            "jsonl:" + tmp.getRoot().toPath().resolve("generated")));

    List<GraphInspectingRunner.Inspected> jobs = GraphInspectingRunner.jobs();
    jobs = jobs.subList(before, jobs.size());
    assertThat(
        "spec, run, evaluation and generate were inspected", jobs.size(), greaterThanOrEqualTo(4));
    assertTrue("the model calls were made with the keys", fake.callCount() > 0);
    int withModelSettings = 0;
    List<String> found = new ArrayList<>();
    for (GraphInspectingRunner.Inspected job : jobs) {
      for (Map.Entry<String, byte[]> part : job.parts().entrySet()) {
        for (String secret : List.of(ANTHROPIC_KEY, OPENAI_KEY, DATABRICKS_SECRET)) {
          if (contains(part.getValue(), secret.getBytes(StandardCharsets.UTF_8))) {
            found.add(secret + " in the " + part.getKey());
          }
        }
        if (part.getKey().startsWith("DoFn of ")
            && contains(part.getValue(), "io.llm.LlmSettings".getBytes(StandardCharsets.UTF_8))) {
          withModelSettings++;
        }
      }
    }
    assertEquals("keys and secrets found", List.of(), found);
    assertThat(
        "DoFns carrying model settings were among those searched",
        withModelSettings,
        greaterThanOrEqualTo(4));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
