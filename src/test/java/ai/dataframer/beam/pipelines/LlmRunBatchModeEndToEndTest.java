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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The 200-sample full-semantics LLM run of {@link LlmRunEndToEndTest}, online and with {@code
 * --batch} against the fake provider's batch APIs (same spec, seed and request, so the same
 * generation key and plans): the batch run accepts as many samples with the same property
 * distributions at no more than 0.55 of the online cost, sends every call in batches, resubmits the
 * requests that expired once, and records its batches in the manifest. A batch run killed (kill -9)
 * while its first batch is pending and started again submits none of that batch's requests again.
 */
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

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static FakeProviderServer fake;
  private static RunManifest online;
  private static RunManifest batched;
  private static List<JsonNode> onlineRecords;
  private static List<JsonNode> batchedRecords;
  private static int batchCalls;
  private static int batchRequests;
  private static List<FakeBatchApis.Batch> batches;

  @BeforeClass
  public static void runOnlineThenInBatches() throws Exception {
    fake =
        new FakeProviderServer()
            .requireKey(FakeWire.ANTHROPIC, "fake-anthropic-key")
            .requireKey(FakeWire.OPENAI, "fake-openai-key")
            .start();

    Path onlineStore =
        LlmRunEndToEndTest.storeTicketSpec(TMP.newFolder("online").toPath(), "tickets");
    Path onlineOut = TMP.getRoot().toPath().resolve("online-out");
    fake.respondWith(scripted());
    CliRunner.succeed(
        LlmRunEndToEndTest.runArgs(onlineStore, onlineOut, fake).toArray(String[]::new));
    online = EndToEndTest.onlyManifest(onlineStore);
    onlineRecords = LlmRunEndToEndTest.lines(onlineOut, "records");
    assertEquals("online calls go out online", 0, fake.batches().created().size());

    Path batchStore =
        LlmRunEndToEndTest.storeTicketSpec(TMP.newFolder("batch").toPath(), "tickets");
    Path batchOut = TMP.getRoot().toPath().resolve("batch-out");
    fake.respondWith(scripted());
    fake.batches().expiringAtRate(0.02);
    int callsBefore = fake.callCount();
    List<String> args = new ArrayList<>(LlmRunEndToEndTest.runArgs(batchStore, batchOut, fake));
    args.addAll(FAST_BATCHES);
    CliRunner.succeed(args.toArray(String[]::new));
    fake.batches().expiringAtRate(0);
    batched = EndToEndTest.onlyManifest(batchStore);
    batchedRecords = LlmRunEndToEndTest.lines(batchOut, "records");
    batchCalls = fake.callCount() - callsBefore;
    batches = fake.batches().created();
    batchRequests = fake.batches().requestsSubmitted();
    System.out.println(
        "LLM run online: "
            + onlineRecords.size()
            + " accepted, $"
            + online.totalCost()
            + "; in batches: "
            + batchedRecords.size()
            + " accepted, $"
            + batched.totalCost()
            + " ("
            + String.format("%.3f", batched.totalCost() / online.totalCost())
            + " of online), "
            + batches.size()
            + " batches of "
            + batchRequests
            + " requests, "
            + fake.batches().expiredBodies().size()
            + " expired and resubmitted");
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
    Path store = LlmRunEndToEndTest.storeTicketSpec(TMP.newFolder("killed").toPath(), "tickets");
    Path out = TMP.getRoot().toPath().resolve("killed-out");
    fake.respondWith(scripted());
    fake.batches().completingAfterPolls(Integer.MAX_VALUE);
    int batchesBefore = fake.batches().created().size();
    List<String> args = new ArrayList<>(LlmRunEndToEndTest.runArgs(store, out, fake));
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
