package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.testing.FakeCall;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.ScriptedModel;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * LLM runs through the command line against the fake provider: faults injected on the wire,
 * resuming from the response cache, field-by-field drafting and the calculator tool.
 */
public class LlmRunBehavioursTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final List<FakeProviderServer> servers = new ArrayList<>();

  @After
  public void stop() throws Exception {
    for (FakeProviderServer server : servers) {
      server.close();
    }
  }

  private FakeProviderServer fake() throws Exception {
    FakeProviderServer fake = new FakeProviderServer().start();
    servers.add(fake);
    return fake;
  }

  /** A draft-only run (no outline, revisions or filters) of the stored ticket spec. */
  private static List<String> draftOnlyRun(Path store, Path output, int samples, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--spec",
                "tickets",
                "--samples",
                String.valueOf(samples),
                "--random-seed",
                "9",
                "--generation-model",
                "anthropic/claude-haiku-4-5",
                "--output",
                "jsonl:" + output,
                "--store",
                store.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private static String[] with(List<String> args, FakeProviderServer fake) {
    List<String> all = new ArrayList<>(args);
    all.addAll(LlmRunEndToEndTest.providerOptions(fake));
    return all.toArray(String[]::new);
  }

  @Test
  public void everySampleArrivesOnceThrough429s500sAndTimeouts() throws Exception {
    Path store = LlmRunEndToEndTest.storeTicketSpec(tmp.getRoot().toPath(), "tickets");
    Path output = tmp.getRoot().toPath().resolve("faulty");
    FakeProviderServer fake =
        fake()
            .respondWith(new ScriptedModel("tone", "body"))
            .failingAtRate(429, 0.10)
            .failingAtRate(500, 0.10)
            .hangingAtRate(0.01);

    CliRunner.succeed(
        with(
            draftOnlyRun(
                store, output, 150, "--llm-timeout-seconds", "2", "--llm-max-attempts", "10"),
            fake));

    RunManifest manifest = EndToEndTest.onlyManifest(store);
    assertEquals(150, manifest.samplesCompleted());
    assertEquals(0, manifest.samplesFailed());
    Set<String> ids = new HashSet<>();
    for (JsonNode record : LlmRunEndToEndTest.lines(output, "records")) {
      assertTrue("no sample twice", ids.add(record.path("_df_sample_id").asText()));
    }
    assertEquals(150, ids.size());
    assertThat("faults were injected", fake.faultsServed(), greaterThan(20L));
  }

  @Test
  public void aRunStartedAgainWithTheCacheRepeatsNoCompletedCall() throws Exception {
    Path store = LlmRunEndToEndTest.storeTicketSpec(tmp.getRoot().toPath(), "tickets");
    String cache = tmp.newFolder("cache").getPath();
    ScriptedModel model = new ScriptedModel("tone", "body");
    AtomicInteger answered = new AtomicInteger();
    // The first run's provider breaks down after 40 answers: the rest of its samples fail.
    FakeProviderServer failing =
        fake()
            .respondWith(
                call ->
                    answered.incrementAndGet() <= 40 ? model.apply(call) : FakeReply.Error.of(400));
    CliRunner.succeed(
        with(
            draftOnlyRun(store, tmp.getRoot().toPath().resolve("first"), 100, "--cache-dir", cache),
            failing));
    RunManifest first = EndToEndTest.onlyManifest(store);
    assertEquals(40, first.samplesCompleted());

    FakeProviderServer healthy = fake().respondWith(model);
    Path second = tmp.getRoot().toPath().resolve("second");
    CliRunner.succeed(with(draftOnlyRun(store, second, 100, "--cache-dir", cache), healthy));

    assertEquals(
        "only the 60 calls that had not completed are made again", 60, healthy.callCount());
    assertEquals(100, LlmRunEndToEndTest.lines(second, "records").size());
  }

  @Test
  public void refillReplacesSamplesThatFailEveryAttemptUntilAllAreAccepted() throws Exception {
    Path store = LlmRunEndToEndTest.storeTicketSpec(tmp.getRoot().toPath(), "tickets");
    Path output = tmp.getRoot().toPath().resolve("refilled");
    FakeProviderServer fake =
        fake().respondWith(new ScriptedModel("tone", "body").doomed(LlmRunEndToEndTest::isDoomed));

    CliRunner.succeed(
        with(
            draftOnlyRun(
                store,
                output,
                120,
                "--filtering-types",
                "conformance",
                "--revision-model",
                "openai/gpt-5.4",
                "--max-attempts",
                "2",
                "--refill",
                "3"),
            fake));

    RunManifest manifest = EndToEndTest.onlyManifest(store);
    assertEquals(120, manifest.samplesCompleted());
    assertEquals(0, manifest.samplesFailed());
    List<JsonNode> records = LlmRunEndToEndTest.lines(output, "records");
    assertEquals(120, records.size());
    int replacements = 0;
    for (JsonNode record : records) {
      replacements += record.path("_df_sample_index").asLong() >= 120 ? 1 : 0;
    }
    List<JsonNode> replaced = LlmRunEndToEndTest.lines(output, "failures");
    assertThat("some samples were doomed and replaced", replaced.size(), greaterThan(0));
    for (JsonNode failure : replaced) {
      assertEquals("replaced", failure.path("stage").asText());
      assertThat(failure.path("reason").asText(), containsString("refill"));
    }
    assertEquals(
        "each replaced failure has its accepted replacement", replaced.size(), replacements);
  }

  @Test
  public void withoutUnifiedMultifieldEachFieldIsOneCallSeeingTheFieldsBeforeIt() throws Exception {
    Path store = LlmRunEndToEndTest.storeTicketSpec(tmp.getRoot().toPath(), "tickets");
    Path output = tmp.getRoot().toPath().resolve("fields");
    FakeProviderServer fake = fake().respondWith(new ScriptedModel("tone", "body"));

    CliRunner.succeed(with(draftOnlyRun(store, output, 4, "--unified-multifield", "false"), fake));

    List<String> order = List.of("ticket_id", "product", "priority", "amount", "opened", "body");
    int fieldCalls = 0;
    for (FakeCall call : fake.calls()) {
      String prompt = call.turns().get(0).text();
      int task = prompt.indexOf("TASK: draft_field:");
      assertTrue("only field calls: " + prompt.lines().findFirst().orElse(""), task >= 0);
      String field = prompt.substring(task + 18, prompt.indexOf('\n', task));
      int position = order.indexOf(field);
      for (int i = 0; i < order.size(); i++) {
        boolean shown =
            prompt.contains("<record_so_far>")
                && prompt
                    .substring(
                        prompt.indexOf("<record_so_far>"), prompt.indexOf("</record_so_far>"))
                    .contains("\"" + order.get(i) + "\"");
        assertEquals(field + " sees " + order.get(i), i < position, shown);
      }
      fieldCalls++;
    }
    assertEquals("six fields, four samples", 24, fieldCalls);
    assertEquals(4, LlmRunEndToEndTest.lines(output, "records").size());
  }

  @Test
  public void theCalculatorsResultReachesTheRecord() throws Exception {
    Path store = LlmRunEndToEndTest.storeTicketSpec(tmp.getRoot().toPath(), "tickets");
    Path output = tmp.getRoot().toPath().resolve("calculated");
    FakeProviderServer fake =
        fake().respondWith(new ScriptedModel("tone", "body").usingTheCalculatorFor("amount"));

    CliRunner.succeed(with(draftOnlyRun(store, output, 3, "--tools", "calculator"), fake));

    for (JsonNode record : LlmRunEndToEndTest.lines(output, "records")) {
      assertEquals(59.97, record.path("amount").asDouble(), 0);
    }
    int toolResults = 0;
    for (FakeCall call : fake.calls()) {
      assertThat(call.toolNames().toString(), containsString("calculator"));
      if (!call.lastToolResults().isEmpty()) {
        assertEquals("59.97", call.lastToolResults().get(0));
        toolResults++;
      }
    }
    assertEquals("one round trip per sample", 3, toolResults);
    assertEquals("a tool call and its follow-up per sample", 6, fake.callCount());
  }

  /**
   * The bundled example through a provider model: its nullable discount draws the null pattern,
   * which the prompt asks for and the model answers with. The fake once crashed on that answer and
   * left the call unanswered until the client's 10-minute timeout.
   */
  @Test
  public void theBundledExampleRunsWithAProviderModel() throws Exception {
    Path store = tmp.getRoot().toPath().resolve("store");
    Path output = tmp.getRoot().toPath().resolve("orders");
    FakeProviderServer fake = fake().respondWith(new ScriptedModel(null, null));
    List<String> args =
        new ArrayList<>(
            List.of(
                "generate",
                "--dataset",
                "examples/orders/orders.csv",
                "--spec-generation-model-name",
                "embedded",
                "--generation-model",
                "anthropic/claude-haiku-4-5",
                "--samples",
                "50",
                "--random-seed",
                "4",
                "--llm-timeout-seconds",
                "20",
                "--no-evaluate",
                "--output",
                "jsonl:" + output,
                "--store",
                store.toString()));

    CliRunner.succeed(with(args, fake));

    assertEquals(50, EndToEndTest.onlyManifest(store).samplesCompleted());
    List<JsonNode> records = LlmRunEndToEndTest.lines(output, "records");
    assertEquals(50, records.size());
    assertTrue(
        "a discount drew the null pattern",
        records.stream().anyMatch(r -> r.path("discount_pct").isNull()));
  }
}
