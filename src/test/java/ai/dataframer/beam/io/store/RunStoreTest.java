package ai.dataframer.beam.io.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RunStoreTest {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private String root;
  private RunStore store;

  @Before
  public void setUp() {
    root = folder.getRoot().getAbsolutePath();
    store = RunStore.at(root);
  }

  private static RunManifest manifest(
      RunStatus status, long completed, long failed, String completedAt) {
    return new RunManifest(
        "run-7",
        "spec-1",
        1,
        status,
        100,
        completed,
        failed,
        1.5,
        Map.of(),
        Map.of("number_of_samples", 100),
        List.of("out/part-0.parquet"),
        "2024-05-01T10:00:00Z",
        completedAt,
        42L,
        null,
        "key-1",
        "parquet:out",
        0,
        0,
        List.of(),
        null);
  }

  @Test
  public void manifestRoundTripsAndIsOverwrittenAsTheRunProgresses() throws IOException {
    RunManifest running = manifest(RunStatus.PROCESSING, 40, 2, null);
    store.write(running);
    assertEquals(running, store.read("run-7"));

    RunManifest done = manifest(RunStatus.SUCCEEDED, 97, 3, "2024-05-01T10:09:00Z");
    store.write(done);
    assertEquals(done, RunStore.at(root).read("run-7"));
    Path file = Path.of(root, "runs", "run-7", "manifest.json");
    assertEquals(done.toJson(), Files.readString(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of("manifest.json"), files.map(f -> f.getFileName().toString()).toList());
    }
  }

  @Test
  public void missingRunIsNamed() {
    NotInStoreException e = assertThrows(NotInStoreException.class, () -> store.read("run-8"));
    assertEquals(
        "no run with id 'run-8' in "
            + root
            + " ("
            + Path.of(root, "runs", "run-8", "manifest.json")
            + " does not exist)",
        e.getMessage());
  }

  @Test
  public void corruptManifestNamesTheFile() throws IOException {
    Path file = Path.of(root, "runs", "run-9", "manifest.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"id\": \"run-9\"");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.read("run-9"));
    assertThat(e.getMessage(), containsString(file + ": run manifest is not valid: "));
  }

  @Test
  public void runIdMustBeOnePathSegment() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.read("../specs"));
    assertEquals("a run id must be a single path segment, but was '../specs'", e.getMessage());
  }
}
