package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.testing.FakeCall;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.ScriptedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A run of documents by a (fake) model, then {@code evaluate --evaluation-model}: the judge reads
 * the unbound property of every document, its calls and cost are counted, and the observed
 * distribution appears beside the expected one.
 */
public class EvaluateJudgeCliTest {
  private static final int SAMPLES = 12;
  private static final String JUDGE = "anthropic/claude-haiku-4-5";
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
    fake = new FakeProviderServer().start();
    Function<FakeCall, FakeReply> model = new ScriptedModel("topic", "text");
    fake.respondWith(
        call ->
            call.turns().get(0).text().contains("TASK: ")
                ? model.apply(call)
                : FakeReply.text(COMPLAINTS));
  }

  @After
  public void stop() throws Exception {
    fake.close();
  }

  private String[] cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--store", store.toString()));
    all.addAll(LlmRunEndToEndTest.providerOptions(fake));
    return all.toArray(String[]::new);
  }

  private long judgeCalls() {
    return fake.calls().stream()
        .filter(call -> call.promptText().contains("TASK: conformance_judge"))
        .count();
  }

  @Test
  public void theJudgeClassifiesEveryDocumentAndItsCallsAreCosted() throws Exception {
    CliRunner.succeed(
        cli(
            "spec",
            "create",
            "--name",
            "complaints",
            "--objectives",
            "Complaint letters customers send to an electronics shop.",
            "--spec-generation-model-name",
            "anthropic/claude-opus-4-6-thinking"));
    Path out = tmp.getRoot().toPath().resolve("letters");
    CliRunner.succeed(
        cli(
            "run",
            "--spec",
            "complaints",
            "--samples",
            String.valueOf(SAMPLES),
            "--random-seed",
            "3",
            "--generation-model",
            JUDGE,
            "--output",
            "jsonl:" + out));
    RunManifest run = EndToEndTest.onlyManifest(store);
    Path runFolder = store.resolve("runs").resolve(run.id());
    assertFalse(
        "a model run is not evaluated unless asked",
        Files.exists(runFolder.resolve("evaluation.json")));

    long before = judgeCalls();
    CliRunner.succeed(cli("evaluate", "--run", run.id(), "--evaluation-model", JUDGE));
    JsonNode evaluation =
        new ObjectMapper().readTree(runFolder.resolve("evaluation.json").toFile());

    assertEquals("SUCCEEDED", evaluation.get("status").asText());
    assertEquals(JUDGE, evaluation.get("evaluation_model").asText());
    assertEquals(SAMPLES, judgeCalls() - before);
    JsonNode topic = evaluation.get("distribution_analysis").get(0);
    assertEquals("topic", topic.get("property_name").asText());
    assertEquals(SAMPLES, topic.get("total_samples_analyzed").asLong());
    assertEquals(topic.get("expected_distributions"), topic.get("observed_distributions"));
    assertEquals(100.0, evaluation.get("conformance_score").asDouble(), 0.0);

    JsonNode classifications = evaluation.get("sample_classifications");
    Set<String> classified = new TreeSet<>();
    for (JsonNode sample : classifications) {
      classified.add(sample.get("sample_identifier").asText());
      assertThat(sample.get("classifications").get("topic").asText(), oneOf("broken", "refund"));
    }
    Set<String> written = new TreeSet<>();
    LlmRunEndToEndTest.lines(out, "records")
        .forEach(record -> written.add(record.get(MetadataColumns.SAMPLE_ID).asText()));
    assertEquals("every written sample, once", written, classified);
    JsonNode usage = evaluation.get("evaluation_model_usage");
    assertEquals(SAMPLES, usage.get("calls").asLong());
    assertEquals(SAMPLES, usage.get("samples_classified").asLong());
    assertEquals(0, usage.get("failures").asLong());
    assertThat(usage.get("cost_usd").asDouble(), greaterThan(0.0));
    assertEquals(
        "documents of a seedless spec have no seed to compare with",
        "no seed records to compare with",
        evaluation.get("fidelity").get("not_computed").asText());
    assertThat(evaluation.get("headline").asText(), containsString("judge " + JUDGE));

    // With a cache, an evaluation done again sends no call: every answer is there.
    String cache = tmp.newFolder("cache").toString();
    CliRunner.succeed(
        cli("evaluate", "--run", run.id(), "--evaluation-model", JUDGE, "--cache-dir", cache));
    long cached = judgeCalls();
    CliRunner.succeed(
        cli("evaluate", "--run", run.id(), "--evaluation-model", JUDGE, "--cache-dir", cache));
    assertEquals(cached, judgeCalls());
    JsonNode again = new ObjectMapper().readTree(runFolder.resolve("evaluation.json").toFile());
    assertEquals(evaluation.get("distribution_analysis"), again.get("distribution_analysis"));
  }
}
