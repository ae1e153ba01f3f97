package ai.dataframer.beam.io.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class StoreFilesTest {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private ResourceId resource(Path file) {
    return FileSystems.matchNewResource(file.toString(), false);
  }

  @Test
  public void createsOnceAndNeverReplaces() throws Exception {
    Path file = folder.getRoot().toPath().resolve("a/b/claim.json");
    assertTrue(StoreFiles.createIfAbsent(resource(file), "first"));
    assertFalse(StoreFiles.createIfAbsent(resource(file), "second"));
    assertEquals("first", Files.readString(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of("claim.json"), files.map(f -> f.getFileName().toString()).toList());
    }
  }

  @Test
  public void ofRacingThreadsExactlyOneWinsAndItsContentIsWhole() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 20; round++) {
        Path file = folder.getRoot().toPath().resolve("round-" + round + "/claim.json");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          String content = ("writer " + t + " ").repeat(2000);
          outcomes.add(
              pool.submit(
                  () -> {
                    start.await();
                    return StoreFiles.createIfAbsent(resource(file), content);
                  }));
        }
        start.countDown();
        List<Integer> winners = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          if (outcomes.get(t).get()) {
            winners.add(t);
          }
        }
        assertEquals("round " + round, 1, winners.size());
        assertEquals(("writer " + winners.get(0) + " ").repeat(2000), Files.readString(file));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void deleteRemovesFilesAndTheEmptyLocalFolder() throws Exception {
    Path dir = folder.newFolder("spec").toPath();
    Files.writeString(dir.resolve("x.json"), "x");
    StoreFiles.delete(
        List.of(
            resource(dir.resolve("x.json")),
            resource(dir.resolve("missing.json")),
            FileSystems.matchNewResource(dir.toString(), true)));
    assertFalse(Files.exists(dir));
  }
}
