package ai.dataframer.beam.io.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecDocument;
import ai.dataframer.beam.core.spec.SpecStatus;
import ai.dataframer.beam.core.spec.SpecValidationException;
import ai.dataframer.beam.core.spec.SpecYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SpecStoreTest {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private String root;
  private SpecStore store;

  @Before
  public void setUp() {
    root = folder.getRoot().getAbsolutePath();
    store = new SpecStore(root, Clock.fixed(Instant.parse("2024-05-01T10:15:30Z"), ZoneOffset.UTC));
  }

  private static Spec spec(String description) {
    return TestSpecs.tickets(description);
  }

  private static Map<String, Object> params() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("spec_generation_model_name", "embedded");
    params.put("generate_distributions", true);
    params.put("generation_objectives", null);
    return params;
  }

  @Test
  public void createWritesAProcessingSpecFoundByIdAndName() throws IOException {
    SpecRecord created = store.create("tickets", "seeds/tickets.csv", "support tickets", params());

    assertEquals(
        new SpecRecord(
            created.id(),
            "tickets",
            SpecStatus.PROCESSING,
            "2024-05-01T10:15:30Z",
            null,
            params(),
            "seeds/tickets.csv",
            "support tickets",
            0,
            null),
        created);
    assertEquals(created, store.find(created.id()));
    assertEquals(created, store.find("tickets"));
    assertEquals(created, SpecStore.at(root).find("tickets"));
    String json = Files.readString(Path.of(root, "specs", created.id(), "spec.json"));
    assertThat(
        json,
        startsWith(
            "{\n  \"id\" : \""
                + created.id()
                + "\",\n  \"name\" : \"tickets\",\n"
                + "  \"status\" : \"PROCESSING\",\n  \"created_at\" : \"2024-05-01T10:15:30Z\",\n"
                + "  \"error_message\" : null,\n  \"runtime_params\" : {\n"));
    assertThat(
        json,
        containsString(
            "\"dataset\" : \"seeds/tickets.csv\",\n  \"description\" : \"support tickets\",\n"
                + "  \"latest_version\" : 0,\n  \"columns\" : null\n}"));
  }

  @Test
  public void namesAreUniquePerStore() {
    SpecRecord first = store.create("tickets", null, null, Map.of());
    StoreConflictException e =
        assertThrows(
            StoreConflictException.class,
            () -> store.create("tickets", "other.csv", null, Map.of()));
    assertEquals(
        "a spec named 'tickets' already exists in " + root + " (id " + first.id() + ")",
        e.getMessage());
  }

  @Test
  public void unknownSpecIsNamed() {
    store.create("tickets", null, null, Map.of());
    NotInStoreException e = assertThrows(NotInStoreException.class, () -> store.find("tikets"));
    assertEquals("no spec with name or id 'tikets' in " + root, e.getMessage());
  }

  @Test
  public void listsEverySpec() {
    SpecRecord a = store.create("a", null, null, Map.of());
    SpecRecord b = store.create("b", null, null, Map.of());
    Listing<SpecRecord> listing = store.list();
    assertEquals(Set.of(a, b), Set.copyOf(listing.items()));
    assertEquals(2, listing.items().size());
    assertEquals(List.of(), listing.problems());
  }

  @Test
  public void versionsAreNumberedFromOneAndReadBack() {
    SpecRecord record = store.create("tickets", "seeds/tickets.csv", null, params());
    assertEquals(1, store.update(record.id(), spec("first")));
    assertEquals(2, store.update("tickets", spec("second")));

    assertEquals("first", store.readVersion("tickets", 1).description());
    assertEquals("second", store.readVersion(record.id(), 2).description());
    assertEquals("second", store.readVersion("tickets", null).description());
    assertEquals(2, store.find("tickets").latestVersion());
    // Stored normalized: the empty base distribution of 'tier' became uniform.
    assertEquals(
        Map.of("a", 50.0, "b", 50.0),
        store.readVersion("tickets", 1).properties().get(0).baseDistribution());
  }

  @Test
  public void versionFilesCarryTheMetadataBlock() throws IOException {
    SpecRecord record = store.create("tickets", "seeds/tickets.csv", null, params());
    store.update(record.id(), spec("first"));

    Path file = Path.of(root, "specs", record.id(), "v1.yaml");
    SpecDocument document = SpecYaml.parse(Files.readString(file), file.toString());
    assertEquals(record.id(), document.metadata().id());
    assertEquals("tickets", document.metadata().name());
    assertEquals(1, document.metadata().version());
    assertEquals(SpecStatus.SUCCEEDED, document.metadata().status());
    assertEquals("seeds/tickets.csv", document.metadata().dataset());
    assertEquals("2024-05-01T10:15:30Z", document.metadata().createdAt());
    assertEquals(params(), document.metadata().runtimeParams());
  }

  @Test
  public void versionsAreImmutable() throws IOException {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    store.update(record.id(), spec("first"));
    Path first = Path.of(root, "specs", record.id(), "v1.yaml");
    String before = Files.readString(first);
    // A later version, claimed and completed: spec.json is rewritten, v1.yaml is not.
    int second = store.claimVersion(record.id(), JobOwner.current());
    store.completeVersion(record.id(), second, spec("second"));
    assertEquals(2, store.find("tickets").latestVersion());
    assertEquals(before, Files.readString(first));

    StoreConflictException completed =
        assertThrows(
            StoreConflictException.class,
            () -> store.completeVersion(record.id(), 1, spec("rewrite")));
    assertEquals(
        "version 1 of spec 'tickets' is SUCCEEDED; only a PROCESSING version can complete",
        completed.getMessage());
    assertEquals(before, Files.readString(first));

    // A version file that exists before its claim completes is never replaced.
    int third = store.claimVersion("tickets", JobOwner.current());
    Path thirdFile = Path.of(root, "specs", record.id(), "v" + third + ".yaml");
    Files.writeString(thirdFile, "left by someone else");
    StoreConflictException taken =
        assertThrows(
            StoreConflictException.class,
            () -> store.completeVersion(record.id(), third, spec("third")));
    assertEquals(
        "version 3 of spec 'tickets' already exists at " + thirdFile + "; versions are immutable",
        taken.getMessage());
    assertEquals("left by someone else", Files.readString(thirdFile));
  }

  @Test
  public void atMostThirtyVersions() {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    for (int i = 1; i <= SpecStore.MAX_VERSIONS; i++) {
      assertEquals(i, store.update(record.id(), spec("v" + i)));
    }
    StoreConflictException e =
        assertThrows(StoreConflictException.class, () -> store.update(record.id(), spec("v31")));
    assertEquals(
        "spec 'tickets' has 30 versions that are SUCCEEDED or PROCESSING, the most a spec may"
            + " have; delete it (dataframer spec delete tickets) or use another --name",
        e.getMessage());
    assertFalse(Files.exists(Path.of(root, "specs", record.id(), "v31.json")));
    assertEquals("v30", store.readVersion("tickets", null).description());
  }

  @Test
  public void invalidSpecIsNotStored() {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    Spec bad =
        new Spec(
            "d",
            "r",
            List.of(new PropertyVariation("tier", List.of("a", "a"), Map.of(), null)),
            List.of());
    // Validated before a version is claimed: not even a FAILED claim is left.
    assertThrows(SpecValidationException.class, () -> store.update(record.id(), bad));
    assertEquals(0, store.find("tickets").latestVersion());
    assertEquals(List.of(), store.versions("tickets"));
  }

  @Test
  public void unknownVersionNamesTheVersionsThatExist() {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    NotInStoreException none =
        assertThrows(NotInStoreException.class, () -> store.readVersion("tickets", null));
    assertEquals("spec 'tickets' has no versions yet", none.getMessage());
    NotInStoreException noneNumbered =
        assertThrows(NotInStoreException.class, () -> store.readVersion("tickets", 1));
    assertEquals(
        "spec 'tickets' has no versions yet; version 1 does not exist", noneNumbered.getMessage());

    store.update(record.id(), spec("first"));
    store.update(record.id(), spec("second"));
    NotInStoreException e =
        assertThrows(NotInStoreException.class, () -> store.readVersion("tickets", 5));
    assertEquals("spec 'tickets' has versions 1..2; version 5 does not exist", e.getMessage());
  }

  @Test
  public void runsNeedASucceededSpec() {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    assertEquals(
        List.of("spec 'tickets' is PROCESSING; a run needs a spec in SUCCEEDED status"),
        TestSpecs.runRefusals(store.find("tickets")));

    int first = store.claimVersion(record.id(), JobOwner.current());
    store.failVersion(record.id(), first, "seed file is empty");
    assertEquals(
        List.of(
            "spec 'tickets' is FAILED (seed file is empty); a run needs a spec in SUCCEEDED status"),
        TestSpecs.runRefusals(store.find(record.id())));

    store.update(record.id(), spec("second"));
    SpecRecord succeeded = store.find("tickets");
    assertEquals(List.of(), TestSpecs.runRefusals(succeeded));
    assertEquals(SpecStatus.SUCCEEDED, succeeded.status());
    assertEquals(null, succeeded.errorMessage());
  }

  @Test
  public void aSpecWithoutVersionsCannotSucceed() throws IOException {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    Path claim = Path.of(root, "specs", record.id(), "v1.json");
    NotInStoreException e =
        assertThrows(
            NotInStoreException.class, () -> store.completeVersion(record.id(), 1, spec("first")));
    assertEquals("version 1 was never claimed (no " + claim + ")", e.getMessage());
    assertEquals(SpecStatus.PROCESSING, store.find("tickets").status());
    assertEquals(List.of(), store.versions("tickets"));
    assertFalse(Files.exists(Path.of(root, "specs", record.id(), "v1.yaml")));

    // Nor by editing spec.json: a SUCCEEDED spec without version files reads as FAILED.
    Path json = Path.of(root, "specs", record.id(), "spec.json");
    Files.writeString(json, Files.readString(json).replace("\"PROCESSING\"", "\"SUCCEEDED\""));
    SpecRecord found = store.find("tickets");
    assertEquals(SpecStatus.FAILED, found.status());
    assertEquals(
        "spec.json says SUCCEEDED, but the spec has no version files", found.errorMessage());
  }

  @Test
  public void writesLeaveNoTemporaryFiles() throws IOException {
    SpecRecord record = store.create("tickets", null, null, Map.of());
    store.update(record.id(), spec("first"));
    try (Stream<Path> files = Files.list(Path.of(root, "specs", record.id()))) {
      assertEquals(
          List.of("creator.json", "spec.json", "v1.json", "v1.yaml"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }
}
