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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * The 200-sample full-semantics LLM run of {@link LlmRunEndToEndTest}, online and with {@code
 * --batch} against the fake provider's batch APIs (same spec, seed and request, so the same
 * generation key and plans), on each route with a batch API: Anthropic and OpenAI (the run's own
 * models), Gemini for every stage, and Together ({@code openai/gpt-oss-120b} for every stage). The
 * batch run accepts as many samples with the same property distributions at no more than 0.55 of
 * the online cost, sends every call in batches, resubmits the requests that expired once, and
 * records its batches in the manifest. A batch run killed (kill -9) while its first batch is
 * pending and started again submits none of that batch's requests again.
 *
 * <p>Together bills gpt-oss-120b's batches at its standard rate (the bundled catalog says so), so
 * the Together route runs with a {@code --model-catalog} giving it a 50% batch price, as Together
 * gives the models it discounts: what the route checks is that batch answers are billed at the
 * catalog's batch price, whatever it is.
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
  private static final String TOGETHER_MODEL = "openai/gpt-oss-120b";
  private static final String GEMINI_MODEL = "gemini/gemini-3.1-pro-preview";

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  /** One route's fake provider and its online and batch runs, made by the route's first test. */
  private static final class Runs {
    FakeProviderServer fake;
    RunManifest online;
    RunManifest batched;
    List<JsonNode> onlineRecords;
    List<JsonNode> batchedRecords;
    int batchCalls;
    int batchRequests;
    List<FakeBatchApis.Batch> batches;
  }

  private static final Map<String, Runs> RUNS = new ConcurrentHashMap<>();

  @Parameterized.Parameters(name = "{0}")
  public static List<Object[]> routes() {
    return List.of(
        new Object[] {"anthropic+openai"}, new Object[] {"gemini"}, new Object[] {"together"});
  }

  private final String route;
  private final Runs runs;
  private final FakeProviderServer fake;
  private final RunManifest online;
  private final RunManifest batched;
  private final List<JsonNode> onlineRecords;
  private final List<JsonNode> batchedRecords;
  private final int batchCalls;
  private final int batchRequests;
  private final List<FakeBatchApis.Batch> batches;

  public LlmRunBatchModeEndToEndTest(String route) throws Exception {
    this.route = route;
    this.runs = runsOf(route);
    this.fake = runs.fake;
    this.online = runs.online;
    this.batched = runs.batched;
    this.onlineRecords = runs.onlineRecords;
    this.batchedRecords = runs.batchedRecords;
    this.batchCalls = runs.batchCalls;
    this.batchRequests = runs.batchRequests;
    this.batches = runs.batches;
  }

  /** The run's arguments on {@code route}: its models, keys and base URLs, and catalog. */
  private static List<String> runArgs(
      String route, Path store, Path output, FakeProviderServer fake) throws IOException {
    List<String> args = new ArrayList<>(LlmRunEndToEndTest.runArgs(store, output, fake));
    if (route.equals("gemini")) {
      args.set(args.indexOf("--generation-model") + 1, GEMINI_MODEL + "-thinking");
      args.set(args.indexOf("--outline-model") + 1, GEMINI_MODEL + "-thinking");
      args.set(args.indexOf("--revision-model") + 1, GEMINI_MODEL);
      args.addAll(
          List.of(
              "--gemini-api-key", "fake-gemini-key", "--gemini-base-url", fake.geminiBaseUrl()));
    }
    if (route.equals("together")) {
      for (String stage : List.of("--generation-model", "--outline-model", "--revision-model")) {
        args.set(args.indexOf(stage) + 1, TOGETHER_MODEL);
      }
      Path catalog = TMP.getRoot().toPath().resolve("together-batch-discount.json");
      Files.writeString(
          catalog,
          "{\"models\": {\""
              + TOGETHER_MODEL
              + "\": {\"batch_price\": {\"input\": 0.075, \"output\": 0.3,"
              + " \"cache_read\": 0.075, \"cache_write\": 0.075}}}}");
      args.addAll(
          List.of(
              "--together-api-key",
              "fake-openai-key",
              "--together-base-url",
              fake.openAiBaseUrl(),
              "--model-catalog",
              catalog.toString()));
    }
    return args;
  }

  private static synchronized Runs runsOf(String route) throws Exception {
    Runs runs = RUNS.get(route);
    if (runs == null) {
      runs = runOnlineThenInBatches(route);
      RUNS.put(route, runs);
    }
    return runs;
  }

  private static Runs runOnlineThenInBatches(String route) throws Exception {
    Runs runs = new Runs();
    FakeProviderServer fake =
        new FakeProviderServer()
            .requireKey(FakeWire.ANTHROPIC, "fake-anthropic-key")
            .requireKey(FakeWire.OPENAI, "fake-openai-key")
            .requireKey(FakeWire.GEMINI, "fake-gemini-key")
            .start();
    runs.fake = fake;

    Path onlineStore =
        LlmRunEndToEndTest.storeTicketSpec(TMP.newFolder(route + "-online").toPath(), "tickets");
    Path onlineOut = TMP.getRoot().toPath().resolve(route + "-online-out");
    fake.respondWith(scripted());
    CliRunner.succeed(runArgs(route, onlineStore, onlineOut, fake).toArray(String[]::new));
    runs.online = EndToEndTest.onlyManifest(onlineStore);
    runs.onlineRecords = LlmRunEndToEndTest.lines(onlineOut, "records");
    assertEquals("online calls go out online", 0, fake.batches().created().size());

    Path batchStore =
        LlmRunEndToEndTest.storeTicketSpec(TMP.newFolder(route + "-batch").toPath(), "tickets");
    Path batchOut = TMP.getRoot().toPath().resolve(route + "-batch-out");
    fake.respondWith(scripted());
    fake.batches().expiringAtRate(0.02);
    int callsBefore = fake.callCount();
    List<String> args = runArgs(route, batchStore, batchOut, fake);
    args.addAll(FAST_BATCHES);
    CliRunner.succeed(args.toArray(String[]::new));
    fake.batches().expiringAtRate(0);
    runs.batched = EndToEndTest.onlyManifest(batchStore);
    runs.batchedRecords = LlmRunEndToEndTest.lines(batchOut, "records");
    runs.batchCalls = fake.callCount() - callsBefore;
    runs.batches = fake.batches().created();
    runs.batchRequests = fake.batches().requestsSubmitted();
    System.out.println(
        "LLM run ("
            + route
            + ") online: "
            + runs.onlineRecords.size()
            + " accepted, $"
            + runs.online.totalCost()
            + "; in batches: "
            + runs.batchedRecords.size()
            + " accepted, $"
            + runs.batched.totalCost()
            + " ("
            + String.format("%.3f", runs.batched.totalCost() / runs.online.totalCost())
            + " of online), "
            + runs.batches.size()
            + " batches of "
            + runs.batchRequests
            + " requests, "
            + fake.batches().expiredBodies().size()
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
    for (Runs runs : RUNS.values()) {
      runs.fake.close();
    }
    RUNS.clear();
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
        batchRequests - fake.batches().expiredBodies().size(),
        batchCalls);
    assertThat(batches.size(), greaterThan(1));
    assertNull(online.batch());
    assertNotNull(batched.batch());
    assertEquals(batches.size(), batched.batch().batches());
  }

  @Test
  public void expiredRequestsWereResubmittedOnceAndNeverAgain() {
    List<String> expired = fake.batches().expiredBodies();
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
    List<String> args = runArgs(route, store, out, fake);
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
        List.copyOf(
            fake.batches().created().subList(batchesBefore, fake.batches().created().size()));
    // A loaded machine can split the first round across the quiet window into more than one
    // batch; every batch the killed run recorded is pending, none may be submitted again.
    Set<String> recorded = recordNames(records);
    Set<String> pending = new HashSet<>();
    int pendingBatches = 0;
    for (FakeBatchApis.Batch batch : submittedBeforeKill) {
      if (recorded.stream().anyMatch(name -> name.endsWith("-" + batch.id() + ".json"))) {
        pending.addAll(batch.bodies().values());
        pendingBatches++;
      }
    }
    assertThat("the killed run recorded a pending batch", pendingBatches, greaterThan(0));

    fake.batches().completingAfterPolls(1);
    fake.respondWith(scripted());
    CliRunner.succeed(args.toArray(String[]::new));

    List<FakeBatchApis.Batch> afterRestart =
        fake.batches()
            .created()
            .subList(batchesBefore + submittedBeforeKill.size(), fake.batches().created().size());
    assertThat(afterRestart.size(), greaterThan(0));
    for (FakeBatchApis.Batch batch : afterRestart) {
      for (String body : batch.bodies().values()) {
        assertTrue("a request of a pending batch was submitted again", !pending.contains(body));
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
    assertEquals(afterRestart.size() + pendingBatches, restarted.batch().batches());
  }

  private static Set<String> recordNames(Path batchesRoot) throws IOException {
    try (Stream<Path> files = Files.walk(batchesRoot)) {
      Set<String> names = new HashSet<>();
      files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .forEach(names::add);
      return names;
    }
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
