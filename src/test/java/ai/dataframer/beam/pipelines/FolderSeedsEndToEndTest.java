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
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * MULTI_FOLDER seeds through the command line against the fake provider on loopback: a spec whose
 * prompt shows the folder structure, runs whose samples are folders with the seed's file names
 * (committed and cleaned up through the ledger), and the embedded engine refused before anything is
 * created.
 */
public class FolderSeedsEndToEndTest {
  private static final String SPEC_MODEL = "anthropic/claude-opus-4-6-thinking";
  private static final String RUN_MODEL = "anthropic/claude-haiku-4-5";
  private static final List<String> FILES = List.of("email.md", "invoice.txt", "notes.json");
  private static final String INVOICES =
      """
      {"description": "Invoices with their cover email and notes",
       "requirements": "invoice.txt is the invoice, email.md the email sending it, notes.json notes.",
       "properties": [{"name": "tone", "values": ["friendly", "stern"],
         "base_distribution": [{"value": "friendly", "percent": 50}, {"value": "stern", "percent": 50}],
         "conditional": null}]}""";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakeProviderServer fake;
  private Path store;
  private Path seed;

  @Before
  public void start() throws Exception {
    store = tmp.newFolder("store").toPath();
    seed = Paths.get(getClass().getResource("/seed-corpus/folder-good").toURI());
    fake = new FakeProviderServer().start();
    Function<FakeCall, FakeReply> run = new ScriptedModel("tone", "email_md");
    fake.respondWith(
        call ->
            call.turns().get(0).text().contains("TASK: ")
                ? run.apply(call)
                : FakeReply.text(INVOICES));
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

  private void createSpec() {
    CliRunner.succeed(
        cli(
            "spec",
            "create",
            "--name",
            "invoices",
            "--dataset",
            seed.toString(),
            "--spec-generation-model-name",
            SPEC_MODEL));
  }

  private void run(Path out, int samples) {
    CliRunner.succeed(
        cli(
            "run",
            "--spec",
            "invoices",
            "--samples",
            String.valueOf(samples),
            "--random-seed",
            "7",
            "--generation-model",
            RUN_MODEL,
            "--output",
            "jsonl:" + out));
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  public void aSpecSeesTheFolderStructureAndARunWritesOneFolderPerSample() throws Exception {
    createSpec();

    SpecStore specs = SpecStore.at(store.toString());
    SpecRecord record = specs.find("invoices");
    assertEquals(SpecStatus.SUCCEEDED, record.status());
    Spec spec = specs.readVersion(record.id(), record.latestVersion());
    assertTrue(spec.isRecordSpec());
    assertEquals(
        List.of("email_md", "invoice_txt", "notes_json"),
        spec.recordFields().stream().map(RecordField::name).toList());
    assertTrue(
        "a property about a file's content is kept without extrapolate_axes",
        spec.property("tone").isPresent());
    String prompt = fake.calls().get(0).promptText();
    assertThat(prompt, containsString("folders of files"));
    assertThat(prompt, containsString("1. email.md (field email_md)"));
    assertThat(prompt, containsString("3. notes.json (field notes_json)"));
    assertThat(prompt, containsString("<file name=\"invoice.txt\" field=\"invoice_txt\">"));
    assertThat(prompt, containsString("INVOICE 1002"));

    Path out = tmp.getRoot().toPath().resolve("out");
    run(out, 5);
    List<JsonNode> records = LlmRunEndToEndTest.lines(out, "records");
    assertEquals(5, records.size());
    assertEquals(
        List.of("00000", "00001", "00002", "00003", "00004"), names(out.resolve("samples")));
    for (JsonNode sample : records) {
      Path folder =
          out.resolve(String.format("samples/%05d", sample.get("_df_sample_index").asInt()));
      assertEquals(FILES, names(folder));
      assertEquals(sample.get("email_md").asText(), Files.readString(folder.resolve("email.md")));
      assertThat(Files.readString(folder.resolve("email.md")), containsString("tone="));
    }
    String ledger = Files.readString(out.resolve("_dataframer_ledger.json"));
    assertThat(ledger, containsString("samples/00004/notes.json"));
    assertFalse(Files.exists(out.resolve(".dataframer-staging")));

    // A smaller refresh replaces the folders; the ones it no longer writes are removed.
    run(out, 3);
    assertEquals(List.of("00000", "00001", "00002"), names(out.resolve("samples")));
    assertFalse(Files.readString(out.resolve("_dataframer_ledger.json")).contains("00004"));
  }

  @Test
  public void theEmbeddedEngineRefusesSampleFoldersBeforeAnythingIsCreated() throws Exception {
    Path out = tmp.getRoot().toPath().resolve("embedded-out");
    CliRunner.Outcome generate =
        CliRunner.run(
            cli(
                "generate",
                "--dataset",
                seed.toString(),
                "--name",
                "invoices",
                "--spec-generation-model-name",
                SPEC_MODEL,
                "--generation-model",
                "embedded",
                "--samples",
                "3",
                "--output",
                "jsonl:" + out));

    assertEquals(generate.errors(), 2, generate.exitCode());
    assertThat(
        generate.errors(), containsString("MULTI_FOLDER: email.md, invoice.txt, notes.json"));
    assertThat(generate.errors(), containsString("anthropic/claude-sonnet-4-6"));
    assertEquals(List.of(), names(store));
    assertFalse(Files.exists(out));
    assertEquals("no model call was made", 0, fake.callCount());

    createSpec();
    List<String> before = names(store);
    CliRunner.Outcome run =
        CliRunner.run(
            cli(
                "run",
                "--spec",
                "invoices",
                "--samples",
                "3",
                "--generation-model",
                "embedded",
                "--output",
                "jsonl:" + out));
    assertEquals(run.errors(), 2, run.exitCode());
    assertThat(run.errors(), containsString("the embedded engine generates records"));
    assertEquals(before, names(store));
    assertFalse("no run record", Files.exists(store.resolve("runs")) && hasRunRecord());
    assertFalse(Files.exists(out));
  }

  private boolean hasRunRecord() throws Exception {
    try (Stream<Path> runs = Files.list(store.resolve("runs"))) {
      return runs.anyMatch(p -> p.getFileName().toString().startsWith("run-"));
    }
  }
}
