package ai.dataframer.beam.io.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.spec.SpecStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Jobs racing on one spec name: exactly one creates it, each claim gets its own version, the cap
 * holds, and the store is readable afterwards with nothing to repair.
 */
public class SpecStoreRaceTest {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  /** What one racing thread saw. */
  private record Outcome(boolean created, List<Integer> versions, List<String> refusals) {}

  @Test
  public void racingThreadsGetDistinctVersionsAndTheCapHolds() throws Exception {
    SpecStore store = SpecStore.at(folder.getRoot().getAbsolutePath());
    int threads = 8;
    int claimsEach = 5; // 40 claims for 30 places
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Outcome>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                boolean created;
                try {
                  store.create("tickets", null, null, Map.of());
                  created = true;
                } catch (StoreConflictException taken) {
                  created = false;
                }
                List<Integer> versions = new ArrayList<>();
                List<String> refusals = new ArrayList<>();
                for (int i = 0; i < claimsEach; i++) {
                  try {
                    int version = store.claimVersion("tickets", JobOwner.current());
                    store.completeVersion(
                        SpecStore.idForName("tickets"), version, TestSpecs.tickets("v" + version));
                    versions.add(version);
                  } catch (StoreConflictException full) {
                    refusals.add(full.getMessage());
                  }
                }
                return new Outcome(created, versions, refusals);
              }));
    }
    start.countDown();
    int creators = 0;
    List<Integer> all = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (Future<Outcome> future : futures) {
      Outcome outcome = future.get(2, TimeUnit.MINUTES);
      creators += outcome.created() ? 1 : 0;
      all.addAll(outcome.versions());
      refusals.addAll(outcome.refusals());
    }
    pool.shutdownNow();

    assertEquals(1, creators);
    assertEquals("no version twice: " + all, all.size(), new TreeSet<>(all).size());
    assertEquals(SpecStore.MAX_VERSIONS, all.size());
    assertEquals(threads * claimsEach - SpecStore.MAX_VERSIONS, refusals.size());
    for (String refusal : refusals) {
      // At least 30: a claim over the cap is PROCESSING for a moment before it is failed.
      assertThat(
          refusal,
          matchesPattern(
              "spec 'tickets' has 3[0-9] versions that are SUCCEEDED or PROCESSING, the most .*"));
    }
    SpecRecord record = store.find("tickets");
    assertEquals(SpecStatus.SUCCEEDED, record.status());
    assertEquals(Collections.max(all).intValue(), record.latestVersion());
    long succeeded =
        store.versions("tickets").stream().filter(v -> v.status() == SpecStatus.SUCCEEDED).count();
    assertEquals(SpecStore.MAX_VERSIONS, succeeded);
    assertEquals(List.of(), store.list().problems());
  }

  @Test
  public void twoProcessesGetDistinctVersionsAndOneCreatesTheName() throws Exception {
    Path root = folder.newFolder("store").toPath();
    Path start = root.resolve("start");
    int each = 10;
    List<Process> processes = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  StoreRaceMain.class.getName(),
                  root.toString(),
                  "tickets",
                  String.valueOf(each),
                  start.toString())
              .redirectErrorStream(true)
              .start();
      processes.add(process);
      outputs.add(
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
    }
    for (BufferedReader output : outputs) {
      String line;
      while ((line = output.readLine()) != null && !line.equals("ready")) {
        // Start-up noise, if any.
      }
    }
    Files.writeString(start, "go");

    int creators = 0;
    List<Integer> all = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      List<String> lines = outputs.get(p).lines().toList();
      assertTrue(processes.get(p).waitFor(2, TimeUnit.MINUTES));
      assertEquals(
          "process " + p + " said:\n" + String.join("\n", lines), 0, processes.get(p).exitValue());
      creators += lines.contains("created") ? 1 : 0;
      lines.stream()
          .filter(l -> l.startsWith("version "))
          .forEach(l -> all.add(Integer.parseInt(l.substring("version ".length()))));
    }

    assertEquals(1, creators);
    assertEquals(
        IntStream.rangeClosed(1, 2 * each).boxed().toList(), all.stream().sorted().toList());
    SpecStore store = SpecStore.at(root.toString());
    assertEquals(List.of(), store.list().problems());
    assertEquals(
        Set.of(SpecStatus.SUCCEEDED),
        Set.copyOf(store.versions("tickets").stream().map(SpecVersion::status).toList()));
    assertEquals(2 * each, store.find("tickets").latestVersion());
  }
}
