package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.testing.FakeBatchApis;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * The 200-sample full-semantics LLM run of {@link LlmRunEndToEndTest}, online and with {@code
 * --batch} against the fake provider's batch APIs (same spec, seed and request, so the same
 * generation key and plans), for each batch route: the Anthropic and OpenAI models of {@link
 * LlmRunEndToEndTest}, and Gemini for every stage. The batch run accepts as many samples with the
 * same property distributions at no more than 0.55 of the online cost, sends every call in batches,
 * resubmits the requests that expired once, and records its batches in the manifest. A batch run
 * killed (kill -9) while its first batch is pending and started again submits none of that batch's
 * requests again.
 */
@RunWith(Parameterized.class)
public class LlmRunBatchModeEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FAST_BATCHES =
      List.of(
          "--batch",
          "--batch-quiet-ms",
          "300",
          "--batch-max-wait-ms",
          "5000",
          "--batch-poll-ms",
          "20",
          "--batch-max-poll-ms",
          "100");
  private static final String GEMINI = "gemini/gemini-3.1-pro-preview";

  @Parameterized.Parameters(name = "{0}")
  public static List<Object[]> routes() {
    return List.of(
        new Object[] {"anthropic+openai", Map.of()},
        new Object[] {
          "gemini",
          Map.of(
              "--generation-model", GEMINI + "-thinking",
              "--outline-model", GEMINI + "-thinking",
              "--revision-model", GEMINI)
        });
  }

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static FakeProviderServer fake;

  /** The online and batch runs of a route, made by its first test. */
  private static final Map<String, Runs> RUNS = new HashMap<>();

  private record Runs(
      RunManifest online,
      RunManifest batched,
      List<JsonNode> onlineRecords,
      List<JsonNode> batchedRecords,
      int batchCalls,
      int batchRequests,
      List<FakeBatchApis.Batch> batches,
      List<String> expired) {}

  private final String route;
  private final Map<String, String> models;
  private RunManifest online;
  private RunManifest batched;
  private List<JsonNode> onlineRecords;
  private List<JsonNode> batchedRecords;
  private int batchCalls;
  private int batchRequests;
  private List<FakeBatchApis.Batch> batches;
  private List<String> expired;

  public LlmRunBatchModeEndToEndTest(String route, Map<String, String> models) throws Exception {
    this.route = route;
    this.models = models;
    Runs runs;
    synchronized (RUNS) {
      runs = RUNS.get(route);
      if (runs == null) {
        runs = runOnlineThenInBatches();
        RUNS.put(route, runs);
      }
    }
    online = runs.online();
    batched = runs.batched();
    onlineRecords = runs.onlineRecords();
    batchedRecords = runs.batchedRecords();
    batchCalls = runs.batchCalls();
    batchRequests = runs.batchRequests();
    batches = runs.batches();
    expired = runs.expired();
  }

  @BeforeClass
  public static void start() throws Exception {
    fake =
        new FakeProviderServer()
            .requireKey(FakeWire.ANTHROPIC, "fake-anthropic-key")
            .requireKey(FakeWire.OPENAI, "fake-openai-key")
            .requireKey(FakeWire.GEMINI, "fake-gemini-key")
            .start();
  }

  /** The run of {@link LlmRunEndToEndTest} on this route's models, with Gemini's key too. */
  private List<String> runArgs(Path store, Path output) {
    List<String> args = new ArrayList<>(LlmRunEndToEndTest.runArgs(store, output, fake));
    models.forEach((option, model) -> args.set(args.indexOf(option) + 1, model));
    args.addAll(
        List.of("--gemini-api-key", "fake-gemini-key", "--gemini-base-url", fake.geminiBaseUrl()));
    return args;
  }

  private Runs runOnlineThenInBatches() throws Exception {
    fake.batches().completingAfterPolls(1).expiringAtRate(0);
    int batchesBefore = fake.batches().created().size();
    int expiredBefore = fake.batches().expiredBodies().size();
    Path onlineStore =
        LlmRunEndToEndTest.storeTicketSpec(TMP.newFolder(route + "-online").toPath(), "tickets");
    Path onlineOut = TMP.getRoot().toPath().resolve(route + "-online-out");
    fake.respondWith(scripted());
    CliRunner.succeed(runArgs(onlineStore, onlineOut).toArray(String[]::new));
    RunManifest online = EndToEndTest.onlyManifest(onlineStore);
    List<JsonNode> onlineRecords = LlmRunEndToEndTest.lines(onlineOut, "records");
    assertEquals("online calls go out online", batchesBefore, fake.batches().created().size());

    Path batchStore =
        LlmRunEndToEndTest.storeTicketSpec(TMP.newFolder(route + "-batch").toPath(), "tickets");
    Path batchOut = TMP.getRoot().toPath().resolve(route + "-batch-out");
    fake.respondWith(scripted());
    fake.batches().expiringAtRate(0.02);
    int callsBefore = fake.callCount();
    List<String> args = runArgs(batchStore, batchOut);
    args.addAll(FAST_BATCHES);
    CliRunner.succeed(args.toArray(String[]::new));
    fake.batches().expiringAtRate(0);
    List<FakeBatchApis.Batch> all = fake.batches().created();
    List<FakeBatchApis.Batch> batches = List.copyOf(all.subList(batchesBefore, all.size()));
    List<String> allExpired = fake.batches().expiredBodies();
    Runs runs =
        new Runs(
            online,
            EndToEndTest.onlyManifest(batchStore),
            onlineRecords,
            LlmRunEndToEndTest.lines(batchOut, "records"),
            fake.callCount() - callsBefore,
            batches.stream().mapToInt(b -> b.bodies().size()).sum(),
            batches,
            List.copyOf(allExpired.subList(expiredBefore, allExpired.size())));
    System.out.println(
        "LLM run ("
            + route
            + ") online: "
            + runs.onlineRecords().size()
            + " accepted, $"
            + online.totalCost()
            + "; in batches: "
            + runs.batchedRecords().size()
            + " accepted, $"
            + runs.batched().totalCost()
            + " ("
            + String.format("%.3f", runs.batched().totalCost() / online.totalCost())
            + " of online), "
            + batches.size()
            + " batches of "
            + runs.batchRequests()
            + " requests, "
            + runs.expired().size()
            + " expired and resubmitted");
    return runs;
  }

  private static ScriptedModel scripted() {
    return new ScriptedModel("tone", "body")
        .misdrawing(n -> n % 10 == 0)
        .doomed(LlmRunEndToEndTest::isDoomed);
  }

  @AfterClass
  public static void stop() throws Exception {
    fake.close();
  }

  @Test
  public void batchModeAcceptsAsManyWithTheSameDistributionsAtHalfTheCost() throws IOException {
    assertEquals(online.samplesCompleted(), batched.samplesCompleted());
    assertEquals(online.samplesFailed(), batched.samplesFailed());
    assertEquals(onlineRecords.size(), batchedRecords.size());
    assertEquals(distributions(onlineRecords), distributions(batchedRecords));
    assertThat(batched.totalCost(), greaterThan(0.0));
    assertThat(batched.totalCost(), lessThanOrEqualTo(0.55 * online.totalCost()));
  }

  @Test
  public void everyCallWentOutInABatchAndTheManifestCountsTheBatches() {
    assertEquals(
        "every call was a batch request (an expired one is not answered)",
        batchRequests - expired.size(),
        batchCalls);
    assertThat(batches.size(), greaterThan(1));
    assertNull(online.batch());
    assertNotNull(batched.batch());
    assertEquals(batches.size(), batched.batch().batches());
  }

  @Test
  public void expiredRequestsWereResubmittedOnceAndNeverAgain() {
    assertThat("some requests expired", expired.size(), greaterThan(0));
    assertEquals("none expired twice", expired.size(), new HashSet<>(expired).size());
    for (String body : expired) {
      // A regenerated sample can ask the very same question again, so a body may be in more
      // batches than its own two; the fake expires a body only on its first submission.
      long submissions =
          batches.stream().filter(batch -> batch.bodies().containsValue(body)).count();
      assertThat("resubmitted after it expired", submissions, greaterThanOrEqualTo(2L));
    }
  }

  @Test
  public void aRunKilledWhilePollingResumesItsBatchInsteadOfSubmittingAgain() throws Exception {
    Path store =
        LlmRunEndToEndTest.storeTicketSpec(TMP.newFolder(route + "-killed").toPath(), "tickets");
    Path out = TMP.getRoot().toPath().resolve(route + "-killed-out");
    fake.respondWith(scripted());
    fake.batches().completingAfterPolls(Integer.MAX_VALUE);
    int batchesBefore = fake.batches().created().size();
    List<String> args = runArgs(store, out);
    args.addAll(FAST_BATCHES);

    Process killed = CliRunner.startInNewJvm(args.toArray(String[]::new));
    Path records = store.resolve("batches");
    long deadline = System.currentTimeMillis() + 120_000;
    while (recordFiles(records) == 0 && System.currentTimeMillis() < deadline) {
      assertTrue("the first run is still running", killed.isAlive());
      Thread.sleep(50);
    }
    Thread.sleep(500); // polls go on: the kill lands while the batch is pending
    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    List<FakeBatchApis.Batch> submittedBeforeKill =
        fake.batches().created().subList(batchesBefore, fake.batches().created().size());
    assertEquals("the killed run submitted one batch", 1, submittedBeforeKill.size());
    assertEquals(1, recordFiles(records));

    fake.batches().completingAfterPolls(1);
    fake.respondWith(scripted());
    CliRunner.succeed(args.toArray(String[]::new));

    Set<String> pending = new HashSet<>(submittedBeforeKill.get(0).bodies().values());
    List<FakeBatchApis.Batch> afterRestart =
        fake.batches().created().subList(batchesBefore + 1, fake.batches().created().size());
    assertThat(afterRestart.size(), greaterThan(0));
    for (FakeBatchApis.Batch batch : afterRestart) {
      for (String body : batch.bodies().values()) {
        assertTrue("a request of the pending batch was submitted again", !pending.contains(body));
      }
    }
    RunManifest restarted = null;
    for (RunManifest run : RunStore.at(store.toString()).list(null).items()) {
      if (run.status() == RunStatus.SUCCEEDED) {
        restarted = run;
      }
    }
    assertNotNull("the restarted run succeeded", restarted);
    assertEquals(online.samplesCompleted(), restarted.samplesCompleted());
    assertEquals(afterRestart.size() + 1, restarted.batch().batches());
  }

  private static long recordFiles(Path batchesRoot) throws IOException {
    if (!Files.isDirectory(batchesRoot)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(batchesRoot)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
    }
  }

  /** Accepted records per value of each planned property. */
  private static Map<String, Integer> distributions(List<JsonNode> records) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (JsonNode record : records) {
      JSON.readTree(record.path("_df_properties").asText())
          .fields()
          .forEachRemaining(
              e -> counts.merge(e.getKey() + "=" + e.getValue().asText(), 1, Integer::sum));
    }
    return counts;
  }
}
