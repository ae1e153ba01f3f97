package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecStatus;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.testing.FakeCall;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.ScriptedModel;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Specs created by a model through the command line (from records, from a folder of documents, and
 * seedless from objectives), then run, against the fake provider on loopback.
 */
public class LlmSpecCliTest {
  private static final String SPEC_MODEL = "anthropic/claude-opus-4-6-thinking";
  private static final String COMPLAINTS =
      """
      {"description": "Complaints to a shop", "requirements": "A short complaint letter.",
       "properties": [{"name": "topic", "values": ["broken", "refund"],
         "base_distribution": [{"value": "broken", "percent": 60}, {"value": "refund", "percent": 40}],
         "conditional": null}]}""";
  private static final String ORDERS =
      """
      {"description": "Orders of an online shop", "requirements": "One order per record.",
       "properties": [
         {"name": "channel", "values": ["web", "mobile", "store"],
          "base_distribution": [{"value": "web", "percent": 50}, {"value": "mobile", "percent": 30},
                                {"value": "store", "percent": 20}], "conditional": null},
         {"name": "region", "values": ["North", "South", "East", "West", "Central"],
          "base_distribution": [], "conditional": null}]}""";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakeProviderServer fake;
  private Path store;

  @Before
  public void start() throws Exception {
    store = tmp.newFolder("store").toPath();
    fake = new FakeProviderServer().start();
  }

  @After
  public void stop() throws Exception {
    fake.close();
  }

  /**
   * The spec analyst's prompts carry no task marker; the run's are played by the scripted model.
   */
  private void answerSpecsWith(String spec) {
    Function<FakeCall, FakeReply> run = new ScriptedModel("topic", "text");
    fake.respondWith(
        call ->
            call.turns().get(0).text().contains("TASK: ") ? run.apply(call) : FakeReply.text(spec));
  }

  private String[] cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--store", store.toString()));
    all.addAll(LlmRunEndToEndTest.providerOptions(fake));
    return all.toArray(String[]::new);
  }

  private Spec latest(String name) {
    SpecStore specs = SpecStore.at(store.toString());
    SpecRecord record = specs.find(name);
    assertEquals(SpecStatus.SUCCEEDED, record.status());
    return specs.readVersion(record.id(), record.latestVersion());
  }

  @Test
  public void aSeedlessSpecFromObjectivesThenARunOfDocuments() throws Exception {
    answerSpecsWith(COMPLAINTS);
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
    Spec spec = latest("complaints");
    assertFalse(spec.isRecordSpec());
    assertThat(
        fake.calls().get(0).promptText(), containsString("Complaint letters customers send"));

    Path out = tmp.getRoot().toPath().resolve("letters");
    CliRunner.succeed(
        cli(
            "run",
            "--spec",
            "complaints",
            "--samples",
            "6",
            "--random-seed",
            "1",
            "--generation-model",
            "anthropic/claude-haiku-4-5",
            "--output",
            "jsonl:" + out));
    List<JsonNode> letters = LlmRunEndToEndTest.lines(out, "records");
    assertEquals(6, letters.size());
    for (JsonNode letter : letters) {
      assertThat(letter.path("text").asText(), containsString("Dear shop"));
    }
  }

  @Test
  public void aSpecFromAFolderOfDocuments() throws Exception {
    Path docs = tmp.newFolder("docs").toPath();
    Files.writeString(docs.resolve("a.txt"), "Dear shop, my laptop screen broke. Please help.");
    Files.writeString(docs.resolve("b.md"), "# Refund\nI want my money back for the phone.");
    answerSpecsWith(COMPLAINTS);

    CliRunner.succeed(
        cli(
            "spec",
            "create",
            "--name",
            "letters",
            "--dataset",
            docs.toString(),
            "--spec-generation-model-name",
            SPEC_MODEL));

    assertFalse(latest("letters").isRecordSpec());
    assertThat(fake.calls().get(0).promptText(), containsString("I want my money back"));
  }

  @Test
  public void aSpecFromRecordsKeepsTheProfilesFieldsAndBindsTheModelsProperties() throws Exception {
    answerSpecsWith(ORDERS);

    CliRunner.succeed(
        cli(
            "spec",
            "create",
            "--name",
            "orders",
            "--dataset",
            EndToEndTest.EXAMPLE,
            "--spec-generation-model-name",
            SPEC_MODEL));

    Spec spec = latest("orders");
    assertTrue(spec.isRecordSpec());
    RecordField channel =
        spec.recordFields().stream()
            .filter(f -> f.name().equals("channel"))
            .findFirst()
            .orElseThrow();
    assertEquals("channel", channel.property());
    assertEquals(
        "an empty distribution is repaired to uniform",
        20.0,
        spec.property("region").orElseThrow().baseDistribution().get("North"),
        1e-9);
    assertEquals("Orders of an online shop", spec.description());
  }
}
