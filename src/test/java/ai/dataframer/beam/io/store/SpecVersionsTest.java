package ai.dataframer.beam.io.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecStatus;
import ai.dataframer.beam.core.spec.SpecValidationException;
import ai.dataframer.beam.core.spec.SpecYaml;
import ai.dataframer.beam.testing.DeadOwners;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Version claims: numbering, killed jobs, the version cap, failures, corruption and deletion. */
public class SpecVersionsTest {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private String root;
  private SpecStore store;
  private final JobOwner me = JobOwner.current();

  @Before
  public void setUp() {
    root = folder.getRoot().getAbsolutePath();
    store = SpecStore.at(root);
  }

  private static Spec spec(String description) {
    return TestSpecs.tickets(description);
  }

  private static Spec invalidSpec() {
    return new Spec(
        "d",
        "r",
        List.of(new PropertyVariation("tier", List.of("a", "a"), Map.of(), null)),
        List.of());
  }

  private Path specFolder(String name) {
    return Path.of(root, "specs", SpecStore.idForName(name));
  }

  private List<SpecStatus> statuses(String name) {
    return store.versions(name).stream().map(SpecVersion::status).toList();
  }

  @Test
  public void aClaimIsProcessingUntilCompleted() {
    SpecRecord record = store.create("tickets", "seed.csv", null, Map.of());
    int version = store.claimVersion("tickets", me);
    assertEquals(1, version);
    assertEquals(SpecStatus.PROCESSING, store.find("tickets").status());
    SpecVersion claim = store.versions("tickets").get(0);
    assertEquals(me, claim.owner());
    assertNull(claim.completedAt());

    store.completeVersion(record.id(), version, spec("first"));
    SpecRecord done = store.find(record.id());
    assertEquals(SpecStatus.SUCCEEDED, done.status());
    assertEquals(1, done.latestVersion());
    assertEquals(SpecStatus.SUCCEEDED, store.versions("tickets").get(0).status());
    assertTrue(store.versions("tickets").get(0).completedAt() != null);
    assertEquals("first", store.readVersion("tickets", null).description());
  }

  @Test
  public void aClaimOfAKilledJobEndsFailedAndItsNumberIsNotReused() throws Exception {
    store.create("tickets", null, null, Map.of());
    JobOwner dead = DeadOwners.ofAnEndedProcess();
    // What a job killed after claiming version 1 leaves behind.
    Files.writeString(
        specFolder("tickets").resolve("v1.json"),
        StoreFiles.PRETTY.writeValueAsString(
            new SpecVersion(1, SpecStatus.PROCESSING, "2024-05-01T10:00:00Z", null, null, dead)));

    SpecRecord found = store.find("tickets");
    assertEquals(SpecStatus.FAILED, found.status());
    String expected =
        "the job that claimed it ended without finishing (pid "
            + dead.pid()
            + " on "
            + dead.host()
            + "); killed?";
    assertEquals(expected, found.errorMessage());
    SpecVersion claim = store.versions("tickets").get(0);
    assertEquals(SpecStatus.FAILED, claim.status());
    assertEquals(expected, claim.errorMessage());
    assertEquals(dead, claim.owner());
    assertThat(
        Files.readString(specFolder("tickets").resolve("v1.json")),
        containsString("\"status\" : \"FAILED\""));

    // The dead job cannot complete it any more; the next job gets a fresh number and succeeds.
    StoreConflictException late =
        assertThrows(
            StoreConflictException.class, () -> store.completeVersion(found.id(), 1, spec("late")));
    assertThat(late.getMessage(), containsString("version 1 of spec 'tickets' is FAILED"));
    assertEquals(2, store.claimVersion("tickets", me));
    store.completeVersion(found.id(), 2, spec("second"));
    assertEquals(SpecStatus.SUCCEEDED, store.find("tickets").status());
    assertEquals(List.of(SpecStatus.FAILED, SpecStatus.SUCCEEDED), statuses("tickets"));
  }

  @Test
  public void listAndClaimEndStaleClaimsToo() throws Exception {
    store.create("tickets", null, null, Map.of());
    store.create("orders", null, null, Map.of());
    String stale =
        StoreFiles.PRETTY.writeValueAsString(
            new SpecVersion(
                1,
                SpecStatus.PROCESSING,
                "2024-05-01T10:00:00Z",
                null,
                null,
                DeadOwners.ofAnEndedProcess()));
    Files.writeString(specFolder("tickets").resolve("v1.json"), stale);
    Files.writeString(specFolder("orders").resolve("v1.json"), stale);
    assertEquals(
        List.of(SpecStatus.FAILED, SpecStatus.FAILED),
        store.list().stream().map(SpecRecord::status).toList());
    assertThat(
        Files.readString(specFolder("tickets").resolve("v1.json")),
        containsString("\"status\" : \"FAILED\""));

    Files.writeString(
        specFolder("tickets").resolve("v2.json"),
        stale.replace("\"version\" : 1", "\"version\" : 2"));
    // Claiming looks at the spec first: the stale claim ends and its place does not count.
    assertEquals(3, store.claimVersion("tickets", me));
    assertEquals(
        List.of(SpecStatus.FAILED, SpecStatus.FAILED, SpecStatus.PROCESSING), statuses("tickets"));
  }

  @Test
  public void aClaimOnAnotherHostIsNeverDeclaredGone() {
    store.create("tickets", null, null, Map.of());
    store.claimVersion("tickets", new JobOwner("some-other-host", 1, "2000-01-01T00:00:00Z"));
    assertEquals(SpecStatus.PROCESSING, store.find("tickets").status());
    assertEquals(List.of(SpecStatus.PROCESSING), statuses("tickets"));
  }

  @Test
  public void aSpecWhoseCreatorWasKilledBeforeAnyVersionEndsFailed() throws Exception {
    store.create("tickets", null, null, Map.of());
    JobOwner dead = DeadOwners.ofAnEndedProcess();
    Files.writeString(
        specFolder("tickets").resolve("creator.json"),
        "{\"host\": \""
            + dead.host()
            + "\", \"pid\": "
            + dead.pid()
            + ", \"process_start\": null}");
    SpecRecord found = store.find("tickets");
    assertEquals(SpecStatus.FAILED, found.status());
    assertThat(found.errorMessage(), containsString("ended before it stored a version (pid "));
    // ... and a live creator keeps it PROCESSING.
    store.create("orders", null, null, Map.of());
    assertEquals(SpecStatus.PROCESSING, store.find("orders").status());
  }

  @Test
  public void theCapCountsOnlySucceededAndProcessingVersions() throws Exception {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    for (int i = 0; i < 5; i++) {
      int failed = store.claimVersion("tickets", me);
      store.failVersion(record.id(), failed, "night " + i + " failed");
    }
    for (int i = 1; i < SpecStore.MAX_VERSIONS; i++) {
      store.update("tickets", spec("v" + i));
    }
    // 29 SUCCEEDED and 5 FAILED: one place left, taken by a PROCESSING claim.
    int last = store.claimVersion("tickets", me);
    assertEquals(35, last);
    StoreConflictException full =
        assertThrows(StoreConflictException.class, () -> store.claimVersion("tickets", me));
    assertEquals(
        "spec 'tickets' has 30 versions that are SUCCEEDED or PROCESSING, the most a spec may"
            + " have; delete it (dataframer spec delete tickets) or use another --name",
        full.getMessage());
    assertFalse(Files.exists(specFolder("tickets").resolve("v36.json")));

    // Failing the PROCESSING one frees its place again.
    store.failVersion(record.id(), last, "killed by the scheduler");
    assertEquals(SpecStatus.SUCCEEDED, store.find("tickets").status());
    assertEquals(36, store.claimVersion("tickets", me));
  }

  @Test
  public void aFailedVersionDoesNotPoisonASpecWithGoodVersions() {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    store.update("tickets", spec("good"));
    int nightly = store.claimVersion("tickets", me);
    store.failVersion(record.id(), nightly, "the model timed out");

    SpecRecord found = store.find("tickets");
    assertEquals(SpecStatus.SUCCEEDED, found.status());
    assertEquals(1, found.latestVersion());
    assertNull(found.errorMessage());
    assertEquals("good", store.readVersion("tickets", null).description());
    assertEquals("the model timed out", store.versions("tickets").get(1).errorMessage());
    StoreConflictException failed =
        assertThrows(StoreConflictException.class, () -> store.readVersion("tickets", 2));
    assertEquals(
        "version 2 of spec 'tickets' is FAILED (the model timed out); only SUCCEEDED versions can"
            + " be read",
        failed.getMessage());
    assertEquals(List.of(), TestSpecs.runRefusals(found));
    assertEquals(record, found.withLifecycle(SpecStatus.PROCESSING, null, 0));
  }

  @Test
  public void aSpecWithoutGoodVersionsFailsWithTheJobsMessageAndRecovers() {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    int first = store.claimVersion("tickets", me);
    int second = store.claimVersion("tickets", me);
    store.failVersion(record.id(), first, "seed file is empty");
    // Another job still works on version 2: the spec is PROCESSING, not FAILED.
    assertEquals(SpecStatus.PROCESSING, store.find("tickets").status());
    store.failVersion(record.id(), second, "the model refused");
    SpecRecord failed = store.find("tickets");
    assertEquals(SpecStatus.FAILED, failed.status());
    assertEquals("the model refused", failed.errorMessage());
    assertEquals(
        List.of(
            "spec 'tickets' is FAILED (the model refused); a run needs a spec in SUCCEEDED status"),
        TestSpecs.runRefusals(failed));

    assertEquals(3, store.update("tickets", spec("third time")));
    assertEquals(SpecStatus.SUCCEEDED, store.find("tickets").status());
    assertEquals(3, store.find("tickets").latestVersion());
  }

  @Test
  public void aSucceededVersionCannotFail() {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    store.update("tickets", spec("good"));
    StoreConflictException e =
        assertThrows(
            StoreConflictException.class, () -> store.failVersion(record.id(), 1, "too late"));
    assertEquals("version 1 of spec 'tickets' SUCCEEDED; it cannot fail", e.getMessage());
  }

  @Test
  public void anInvalidSpecFailsItsClaim() {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    int version = store.claimVersion("tickets", me);
    Spec bad = invalidSpec();
    assertThrows(
        SpecValidationException.class, () -> store.completeVersion(record.id(), version, bad));
    SpecVersion claim = store.versions("tickets").get(0);
    assertEquals(SpecStatus.FAILED, claim.status());
    assertThat(claim.errorMessage(), containsString("the spec is not valid: "));
    assertFalse(Files.exists(specFolder("tickets").resolve("v1.yaml")));
  }

  @Test
  public void aCorruptSpecAffectsOnlyItself() throws Exception {
    store.create("a", null, null, Map.of());
    store.update("a", spec("a"));
    store.create("b", null, null, Map.of());
    store.create("c", null, null, Map.of());
    Path corrupt = specFolder("b").resolve("spec.json");
    Files.writeString(corrupt, "{\"id\": \"truncated");

    assertEquals("a", store.find("a").name());
    assertEquals("c", store.find(SpecStore.idForName("c")).name());
    assertEquals(2, store.claimVersion("a", me));
    CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> store.find("b"));
    assertThat(e.getMessage(), containsString(corrupt + ": not a valid spec record: "));
    assertEquals(corrupt.toString(), e.file());

    Listing<SpecRecord> listing = store.list();
    assertEquals(List.of("a", "c"), listing.items().stream().map(SpecRecord::name).toList());
    assertEquals(1, listing.problems().size());
    assertThat(listing.problems().get(0), containsString(corrupt.toString()));
    // Its name stays taken: the corrupt file is not silently replaced; deleting frees it.
    assertThrows(StoreConflictException.class, () -> store.create("b", null, null, Map.of()));
    store.delete("b");
    assertFalse(Files.exists(corrupt.getParent()));
    assertEquals(List.of(), store.list().problems());
    store.create("b", null, null, Map.of());
  }

  @Test
  public void aCorruptClaimCountsAsFailedAndBlocksNothing() throws Exception {
    store.create("tickets", null, null, Map.of());
    store.update("tickets", spec("one"));
    Path claim = specFolder("tickets").resolve("v2.json");
    Files.writeString(claim, "not json");
    SpecVersion second = store.versions("tickets").get(1);
    assertEquals(SpecStatus.FAILED, second.status());
    assertThat(second.errorMessage(), containsString("unreadable claim " + claim + ": "));
    assertEquals(3, store.update("tickets", spec("three")));
    assertEquals("not json", Files.readString(claim));
  }

  @Test
  public void versionFilesWithoutClaimsAreSucceededVersionsOfAnOlderStore() throws Exception {
    // The old layout after two jobs raced: v1 and v2 written, spec.json FAILED.
    SpecRecord record = store.create("tickets", null, null, Map.of());
    store.update("tickets", spec("one"));
    store.update("tickets", spec("two"));
    Path dir = specFolder("tickets");
    Files.delete(dir.resolve("v1.json"));
    Files.delete(dir.resolve("v2.json"));
    Files.delete(dir.resolve("creator.json"));
    Files.writeString(
        dir.resolve("spec.json"),
        "{\"id\": \""
            + record.id()
            + "\", \"name\": \"tickets\", \"status\": \"FAILED\", \"created_at\":"
            + " \"2024-05-01T10:00:00Z\", \"error_message\": \"another job changed the spec\","
            + " \"runtime_params\": {}, \"dataset\": null, \"description\": null,"
            + " \"latest_version\": 1}");

    SpecRecord found = store.find("tickets");
    assertEquals(SpecStatus.SUCCEEDED, found.status());
    assertEquals(2, found.latestVersion());
    assertNull(found.columns());
    assertEquals(List.of(SpecStatus.SUCCEEDED, SpecStatus.SUCCEEDED), statuses("tickets"));
    assertEquals(3, store.update("tickets", spec("three")));
  }

  @Test
  public void columnsAreStoredInSeedOrder() throws Exception {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("zeta", "STRING");
    columns.put("alpha", "INT64");
    store.create("tickets", "seed.csv", null, Map.of(), columns);
    assertEquals(List.of("zeta", "alpha"), List.copyOf(store.find("tickets").columns().keySet()));
    assertEquals(columns, store.find("tickets").columns());
    assertThat(
        Files.readString(specFolder("tickets").resolve("spec.json")),
        containsString("\"columns\" : {\n    \"zeta\" : \"STRING\",\n    \"alpha\" : \"INT64\"\n"));
  }

  @Test
  public void updateStoresAValidatedVersionAndReadsBackItsYaml() {
    store.create("tickets", null, null, Map.of());
    store.update("tickets", spec("one"));
    assertEquals(2, store.update("tickets", spec("edited")));
    String yaml = store.readVersionYaml("tickets", null);
    assertEquals("edited", SpecYaml.parse(yaml, "v2.yaml").spec().description());
    assertEquals(2, SpecYaml.parse(yaml, "v2.yaml").metadata().version());
    assertEquals(
        "one", SpecYaml.parse(store.readVersionYaml("tickets", 1), "v1").spec().description());
    Spec bad = invalidSpec();
    assertThrows(SpecValidationException.class, () -> store.update("tickets", bad));
    assertEquals(2, store.versions("tickets").size());
  }

  @Test
  public void deleteRemovesTheSpecAndFreesItsName() throws Exception {
    store.create("tickets", null, null, Map.of());
    store.update("tickets", spec("one"));
    store.create("orders", null, null, Map.of());
    store.delete("tickets");
    assertFalse(Files.exists(specFolder("tickets")));
    assertThrows(NotInStoreException.class, () -> store.find("tickets"));
    assertEquals(List.of("orders"), store.list().stream().map(SpecRecord::name).toList());

    store.create("tickets", null, null, Map.of());
    assertEquals(List.of(), store.versions("tickets"));
    assertEquals(1, store.claimVersion("tickets", me));
  }

  @Test
  public void deleteWaitsForALiveJobButNotForAKilledOne() {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    int live = store.claimVersion("tickets", me);
    StoreConflictException e =
        assertThrows(StoreConflictException.class, () -> store.delete("tickets"));
    assertEquals(
        "spec 'tickets' has version 1 PROCESSING by "
            + me.describe()
            + "; wait for that job to end, or stop it, then delete the spec",
        e.getMessage());
    store.failVersion(record.id(), live, "stopped");
    store.claimVersion("tickets", DeadOwners.ofAnEndedProcess());
    store.delete("tickets");
    assertThrows(NotInStoreException.class, () -> store.find("tickets"));
  }

  @Test
  public void aNameThatLooksLikeAPathIsFoundByItsId() {
    SpecRecord record = store.create("../../etc", null, null, Map.of());
    assertEquals(record, store.find("../../etc"));
    assertThrows(NotInStoreException.class, () -> store.find(".."));
  }
}
