package ai.dataframer.beam.io.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.testing.DeadOwners;
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
        null,
        null,
        Map.of());
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
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> store.read("run-9"));
    assertThat(e.getMessage(), containsString(file + ": run manifest is not valid: "));
    assertEquals(file.toString(), e.file());
  }

  private static RunManifest run(String id, String specId, String createdAt, RunStatus status) {
    return RunManifest.builder()
        .id(id)
        .specId(specId)
        .specVersion(1)
        .status(status)
        .numberOfSamples(10)
        .createdAt(createdAt)
        .seed(1)
        .owner(status.isTerminal() ? null : JobOwner.current())
        .build();
  }

  @Test
  public void createRefusesAnExistingRunId() {
    RunManifest first = run("run-1", "spec-1", "2024-05-01T10:00:00Z", RunStatus.PENDING);
    store.create(first);
    StoreConflictException e =
        assertThrows(
            StoreConflictException.class,
            () -> store.create(run("run-1", "spec-2", "2024-05-02T10:00:00Z", RunStatus.PENDING)));
    assertEquals(
        "a run with id 'run-1' already exists in "
            + root
            + " ("
            + Path.of(root, "runs", "run-1", "manifest.json")
            + ")",
        e.getMessage());
    assertEquals(first, store.read("run-1"));
  }

  @Test
  public void aRunOfAKilledJobEndsFailedWhenReadOrListed() {
    JobOwner dead = DeadOwners.ofAnEndedProcess();
    store.write(
        run("run-1", "spec-1", "2024-05-01T10:00:00Z", RunStatus.PROCESSING).toBuilder()
            .samplesCompleted(4)
            .owner(dead)
            .build());
    store.write(
        run("run-2", "spec-1", "2024-05-01T11:00:00Z", RunStatus.PENDING).toBuilder()
            .owner(dead)
            .build());
    store.write(run("run-3", "spec-1", "2024-05-01T12:00:00Z", RunStatus.PROCESSING));

    RunManifest first = store.read("run-1");
    assertEquals(RunStatus.FAILED, first.status());
    assertEquals(
        "the job ended without finishing (pid "
            + dead.pid()
            + " on "
            + dead.host()
            + "): killed or crashed",
        first.errorMessage());
    assertEquals(dead, first.owner());
    assertEquals(4, first.samplesCompleted());
    assertTrue(first.completedAt() != null);
    assertEquals(first, RunManifest.fromJson(store.readRunFile("run-1", "manifest.json")));

    Listing<RunManifest> listing = store.list(null);
    assertEquals(
        List.of(RunStatus.PROCESSING, RunStatus.FAILED, RunStatus.FAILED),
        listing.items().stream().map(RunManifest::status).toList());
    assertEquals(RunStatus.FAILED, store.read("run-2").status());
  }

  @Test
  public void listIsNewestFirstByRunOrSpecAndReportsCorruptManifests() throws IOException {
    store.write(run("run-a", "spec-1", "2024-05-01T10:00:00Z", RunStatus.FAILED));
    store.write(run("run-b", "spec-2", "2024-05-03T10:00:00Z", RunStatus.CANCELED));
    store.write(run("run-c", "spec-1", "2024-05-02T10:00:00Z", RunStatus.PROCESSING));
    store.write(run("run-d", "spec-1", "2024-05-02T10:00:00Z", RunStatus.PENDING));
    Path corrupt = Path.of(root, "runs", "run-e", "manifest.json");
    Files.createDirectories(corrupt.getParent());
    Files.writeString(corrupt, "[]");
    Path elsewhere = Path.of(root, "runs", "run-f", "manifest.json");
    Files.createDirectories(elsewhere.getParent());
    Files.writeString(
        elsewhere, run("run-a", "spec-1", "2024-05-01T10:00:00Z", RunStatus.FAILED).toJson());
    // A spec job's folder holds failures, no manifest: it is no run.
    Files.createDirectories(Path.of(root, "runs", "spec-x"));

    Listing<RunManifest> all = store.list(null);
    assertEquals(
        List.of("run-b", "run-d", "run-c", "run-a"),
        all.items().stream().map(RunManifest::id).toList());
    assertEquals(2, all.problems().size());
    assertThat(all.problems().get(0), containsString(corrupt + ": run manifest is not valid"));
    assertEquals(
        elsewhere + ": holds run 'run-a', but is in the folder of run 'run-f'",
        all.problems().get(1));
    assertEquals(
        List.of("run-d", "run-c", "run-a"),
        store.list("spec-1").items().stream().map(RunManifest::id).toList());
    assertEquals(List.of(), store.list("spec-9").items());
    assertEquals(List.of(), RunStore.at(folder.newFolder("empty").toString()).list(null).items());
  }

  @Test
  public void runIdMustBeOnePathSegment() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.read("../specs"));
    assertEquals("a run id must be a single path segment, but was '../specs'", e.getMessage());
  }
}
