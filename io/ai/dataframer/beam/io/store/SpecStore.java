package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecDocument;
import ai.dataframer.beam.core.spec.SpecMetadata;
import ai.dataframer.beam.core.spec.SpecStatus;
import ai.dataframer.beam.core.spec.SpecValidator;
import ai.dataframer.beam.core.spec.SpecYaml;
import com.fasterxml.jackson.core.JacksonException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Specs and their versions in a directory on any Beam filesystem (docs/ARCHITECTURE.md, "Spec
 * store"). Per spec, {@code ROOT/specs/<id>/}:
 *
 * <ul>
 *   <li>{@code spec.json}: identity; its status, latest version and error summarise the claims.
 *       Created with {@link StoreFiles#createIfAbsent}, so of two jobs creating one name exactly
 *       one succeeds.
 *   <li>{@code v<N>.json}: the claim of version N (PROCESSING with its owner, then SUCCEEDED or
 *       FAILED), created with {@link StoreFiles#createIfAbsent}, so two jobs never hold one number.
 *   <li>{@code v<N>.yaml}: the immutable content of a SUCCEEDED version, with a metadata block.
 *   <li>{@code creator.json}: the process that created the spec, to end a version-less spec whose
 *       creating job was killed.
 * </ul>
 *
 * <p>Whenever a command looks at a spec, claims whose owner {@link JobOwner#isGone() is gone}
 * become FAILED and spec.json is brought in line with the claims, so a killed job never leaves the
 * store needing repair by hand. Reading a spec touches only its own folder: one corrupt spec.json
 * affects its own spec and nothing else. The race-freedom holds on the local filesystem; on object
 * stores it is best-effort (see {@link StoreFiles#createIfAbsent}).
 *
 * <p>Paths use whatever filesystems {@code FileSystems} has registered: local paths always; outside
 * a pipeline, call {@code FileSystems.setDefaultPipelineOptions} first to enable gs:// or s3://.
 * Methods taking {@code nameOrId} accept either the spec's id or its name.
 */
public final class SpecStore implements Serializable {
  /** The most versions a spec may have that are SUCCEEDED or PROCESSING; FAILED ones are free. */
  public static final int MAX_VERSIONS = 30;

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");
  private static final String RECORD_FILE = "spec.json";
  private static final String CREATOR_FILE = "creator.json";
  private static final int MAX_CLAIM_ATTEMPTS = 1000;

  private final String root;
  private final Clock clock;
  private final VersionClaims claims;

  SpecStore(String root, Clock clock) {
    this.root = root;
    this.clock = clock;
    this.claims = new VersionClaims(clock);
  }

  /** The store under {@code root}, e.g. "/data/dataframer" or "gs://bucket/dataframer". */
  public static SpecStore at(String root) {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("spec store root must be a path, but was '" + root + "'");
    }
    return new SpecStore(root, Clock.systemUTC());
  }

  public String root() {
    return root;
  }

  /**
   * The id of the spec named {@code name}. Names are unique per store, so a name-based UUID is
   * unique too, and the same name gives the same id in every store: a spec recreated from the same
   * seed in a fresh store stamps byte-identical {@code _df_spec_id} columns, which reproducible
   * runs rely on. It also makes creating a name race-free: both jobs create the same file.
   */
  public static String idForName(String name) {
    return UUID.nameUUIDFromBytes(("dataframer-spec:" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** {@link #create(String, String, String, Map, Map)} without seed columns. */
  public SpecRecord create(
      String name, String dataset, String description, Map<String, Object> runtimeParams) {
    return create(name, dataset, description, runtimeParams, null);
  }

  /**
   * Registers a new spec in PROCESSING status, with no versions yet; the caller then claims its
   * first version. Of concurrent calls with one name exactly one succeeds.
   *
   * @param columns the seed's columns, name to type name in seed order; null for seedless and
   *     document specs
   * @throws StoreConflictException when the name is taken
   */
  public SpecRecord create(
      String name,
      String dataset,
      String description,
      Map<String, Object> runtimeParams,
      Map<String, String> columns) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a spec name is required, but was '" + name + "'");
    }
    SpecRecord record =
        new SpecRecord(
            idForName(name),
            name,
            SpecStatus.PROCESSING,
            Instant.now(clock).toString(),
            null,
            runtimeParams,
            dataset,
            description,
            0,
            columns);
    ResourceId directory = specDirectory(record.id());
    if (!StoreFiles.createIfAbsent(StoreFiles.file(directory, RECORD_FILE), json(record))) {
      throw new StoreConflictException(
          "a spec named '" + name + "' already exists in " + root + " (id " + record.id() + ")");
    }
    StoreFiles.writeAtomically(StoreFiles.file(directory, CREATOR_FILE), json(JobOwner.current()));
    return record;
  }

  /**
   * The spec with that id or name, its stale claims reconciled. Only that spec's files are read.
   *
   * @throws NotInStoreException when no spec has that name or id
   * @throws CorruptRecordException when its spec.json is unreadable
   */
  public SpecRecord find(String nameOrId) {
    return load(nameOrId).record();
  }

  /** Every version of the spec, by number, stale claims reconciled. */
  public List<SpecVersion> versions(String nameOrId) {
    return load(nameOrId).versions();
  }

  /**
   * Every readable spec, oldest first, stale claims reconciled; each spec that cannot be read is a
   * problem naming its file, and does not hide the others.
   */
  public Listing<SpecRecord> list() {
    List<SpecRecord> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (MatchResult.Metadata file :
        StoreFiles.match(StoreFiles.directory(root, "specs") + "*/" + RECORD_FILE)) {
      try {
        String folder = file.resourceId().getCurrentDirectory().getFilename();
        records.add(reconcile(SpecRecord.read(file.resourceId(), folder)).record());
      } catch (CorruptRecordException e) {
        problems.add(e.getMessage());
      } catch (RuntimeException e) {
        problems.add(file.resourceId() + ": " + e.getMessage());
      }
    }
    records.sort(Comparator.comparing(SpecRecord::createdAt).thenComparing(SpecRecord::id));
    problems.sort(Comparator.naturalOrder());
    return new Listing<>(records, problems);
  }

  /**
   * Claims the spec's next version number for {@code owner}: {@code v<N>.json}, PROCESSING. Of
   * concurrent claims each gets its own number; a number is never reused.
   *
   * @throws StoreConflictException when the spec has {@value #MAX_VERSIONS} versions that are
   *     SUCCEEDED or PROCESSING; thrown before claiming
   */
  public int claimVersion(String nameOrId, JobOwner owner) {
    if (owner == null) {
      throw new IllegalArgumentException("a version claim needs the owning process");
    }
    Loaded before = load(nameOrId);
    SpecRecord record = before.record();
    SpecLifecycle.checkCap(record, before.versions(), Integer.MAX_VALUE);
    ResourceId directory = specDirectory(record.id());
    int next = before.versions().stream().mapToInt(SpecVersion::version).max().orElse(0) + 1;
    SpecVersion claim = null;
    for (int attempt = 0; claim == null; attempt++, next++) {
      if (attempt == MAX_CLAIM_ATTEMPTS) {
        throw new StoreConflictException(
            "could not claim a version of spec '" + record.name() + "' in " + attempt + " tries");
      }
      SpecVersion candidate =
          new SpecVersion(next, SpecStatus.PROCESSING, claims.now(), null, null, owner);
      if (claims.create(directory, candidate)) {
        claim = candidate;
      }
    }
    List<SpecVersion> after = claims.readAll(directory);
    if (!StoreFiles.exists(StoreFiles.file(directory, RECORD_FILE))) {
      StoreFiles.delete(List.of(VersionClaims.claimFile(directory, claim.version())));
      throw new NotInStoreException(
          "spec '"
              + record.name()
              + "' was deleted while version "
              + claim.version()
              + " was claimed");
    }
    try {
      // A job claiming at the same moment may have taken the last place below this number.
      SpecLifecycle.checkCap(record, after, claim.version());
    } catch (StoreConflictException full) {
      claims.write(directory, claim.failed(full.getMessage(), claims.now()));
      throw full;
    }
    load(record.id());
    return claim.version();
  }

  /**
   * Validates {@code spec}, writes it as {@code v<version>.yaml} (never replacing one) and marks
   * the claim and the spec SUCCEEDED. An invalid spec fails the claim, with the reason.
   *
   * @throws StoreConflictException when the claim is not PROCESSING (it was reconciled as FAILED
   *     meanwhile, or completed already)
   */
  public void completeVersion(String id, int version, Spec spec) {
    Loaded loaded = load(id);
    SpecRecord record = loaded.record();
    ResourceId directory = specDirectory(record.id());
    SpecVersion claim = requireProcessing(record, claims.read(directory, version), "complete");
    Spec valid;
    try {
      valid = SpecValidator.validate(spec);
    } catch (RuntimeException invalid) {
      try {
        failVersion(record.id(), version, "the spec is not valid: " + invalid.getMessage());
      } catch (RuntimeException alsoFailed) {
        invalid.addSuppressed(alsoFailed);
      }
      throw invalid;
    }
    String now = claims.now();
    SpecMetadata metadata =
        new SpecMetadata(
            record.id(),
            record.name(),
            version,
            SpecStatus.SUCCEEDED,
            record.dataset(),
            now,
            null,
            record.runtimeParams());
    ResourceId file = VersionClaims.yamlFile(directory, version);
    if (!StoreFiles.createIfAbsent(file, SpecYaml.write(new SpecDocument(valid, metadata)))) {
      throw new StoreConflictException(
          "version "
              + version
              + " of spec '"
              + record.name()
              + "' already exists at "
              + file
              + "; versions are immutable");
    }
    claims.write(directory, claim.succeeded(now));
    load(record.id());
  }

  /**
   * Marks the claim FAILED with {@code errorMessage}. The spec becomes FAILED only when it has no
   * SUCCEEDED version and no other PROCESSING one: a failed version never hides good ones.
   *
   * @throws StoreConflictException when the version SUCCEEDED already
   */
  public void failVersion(String id, int version, String errorMessage) {
    String message =
        errorMessage == null || errorMessage.isBlank()
            ? "the job failed without an error message"
            : errorMessage;
    SpecRecord record = load(id).record();
    ResourceId directory = specDirectory(record.id());
    SpecVersion claim = claims.read(directory, version);
    if (claim.status() == SpecStatus.SUCCEEDED) {
      throw new StoreConflictException(
          "version " + version + " of spec '" + record.name() + "' SUCCEEDED; it cannot fail");
    }
    claims.write(directory, claim.failed(message, claims.now()));
    Loaded after = load(record.id());
    if (after.record().status() == SpecStatus.FAILED
        && !message.equals(after.record().errorMessage())) {
      writeRecord(after.record().withLifecycle(SpecStatus.FAILED, message, 0));
    }
  }

  /**
   * Stores an edited spec as a new SUCCEEDED version: validated first, then claimed by this process
   * and completed.
   *
   * @return the new version number
   */
  public int update(String nameOrId, Spec spec) {
    Spec valid = SpecValidator.validate(spec);
    String id = find(nameOrId).id();
    int version = claimVersion(id, JobOwner.current());
    try {
      completeVersion(id, version, valid);
    } catch (RuntimeException e) {
      try {
        failVersion(id, version, String.valueOf(e.getMessage()));
      } catch (RuntimeException alreadyEnded) {
        e.addSuppressed(alreadyEnded);
      }
      throw e;
    }
    return version;
  }

  /**
   * Removes the spec's folder: its versions, then spec.json last, so an interrupted delete leaves a
   * spec that can be deleted again rather than orphaned versions. A spec whose spec.json is corrupt
   * can be deleted too, so that it never needs repair by hand.
   *
   * @throws StoreConflictException while a version is PROCESSING by a live job
   */
  public void delete(String nameOrId) {
    String id = locate(nameOrId);
    String name;
    List<SpecVersion> versions;
    try {
      Loaded loaded = load(nameOrId);
      name = loaded.record().name();
      versions = loaded.versions();
    } catch (CorruptRecordException unreadable) {
      name = nameOrId;
      versions = claims.readAll(specDirectory(id));
    }
    for (SpecVersion version : versions) {
      if (version.status() == SpecStatus.PROCESSING) {
        throw new StoreConflictException(
            "spec '"
                + name
                + "' has version "
                + version.version()
                + " PROCESSING"
                + (version.owner() == null ? "" : " by " + version.owner().describe())
                + "; wait for that job to end, or stop it, then delete the spec");
      }
    }
    ResourceId directory = specDirectory(id);
    ResourceId recordFile = StoreFiles.file(directory, RECORD_FILE);
    List<ResourceId> others = new ArrayList<>();
    for (MatchResult.Metadata file : StoreFiles.match(directory + "*")) {
      if (!file.resourceId().getFilename().equals(RECORD_FILE)) {
        others.add(file.resourceId());
      }
    }
    StoreFiles.delete(others);
    StoreFiles.delete(List.of(recordFile, directory));
  }

  /**
   * The stored YAML of a SUCCEEDED version, metadata block included.
   *
   * @param version the version number, or null for the latest SUCCEEDED one
   * @throws NotInStoreException when the spec, the version, or any SUCCEEDED version is missing
   * @throws StoreConflictException when the version is PROCESSING or FAILED
   */
  public String readVersionYaml(String nameOrId, Integer version) {
    Loaded loaded = load(nameOrId);
    SpecRecord record = loaded.record();
    List<SpecVersion> versions = loaded.versions();
    if (versions.isEmpty()) {
      throw new NotInStoreException(
          "spec '"
              + record.name()
              + "' has no versions yet"
              + (version == null ? "" : "; version " + version + " does not exist"));
    }
    int wanted = version == null ? record.latestVersion() : version;
    if (wanted == 0) {
      throw new NotInStoreException(
          "spec '"
              + record.name()
              + "' has no SUCCEEDED version ("
              + record.status()
              + (record.errorMessage() == null ? "" : ": " + record.errorMessage())
              + ")");
    }
    Optional<SpecVersion> found = versions.stream().filter(v -> v.version() == wanted).findFirst();
    if (found.isEmpty()) {
      throw new NotInStoreException(
          "spec '"
              + record.name()
              + "' has versions "
              + SpecLifecycle.describe(versions)
              + "; version "
              + wanted
              + " does not exist");
    }
    SpecVersion chosen = found.get();
    if (chosen.status() != SpecStatus.SUCCEEDED) {
      throw new StoreConflictException(
          "version "
              + wanted
              + " of spec '"
              + record.name()
              + "' is "
              + chosen.status()
              + (chosen.errorMessage() == null ? "" : " (" + chosen.errorMessage() + ")")
              + "; only SUCCEEDED versions can be read");
    }
    ResourceId file = VersionClaims.yamlFile(specDirectory(record.id()), wanted);
    if (!StoreFiles.exists(file)) {
      throw new CorruptRecordException(
          file.toString(), "missing, but version " + wanted + " is SUCCEEDED", null);
    }
    return StoreFiles.read(file);
  }

  /**
   * Reads one SUCCEEDED version of a spec.
   *
   * @param version the version number, or null for the latest SUCCEEDED one
   * @throws NotInStoreException when the spec or the version does not exist
   * @throws StoreConflictException when the version is PROCESSING or FAILED
   */
  public Spec readVersion(String nameOrId, Integer version) {
    SpecRecord record = find(nameOrId);
    int wanted = version == null ? record.latestVersion() : version;
    String yaml = readVersionYaml(record.id(), version);
    return SpecYaml.parse(yaml, VersionClaims.yamlFile(specDirectory(record.id()), wanted) + "")
        .spec();
  }

  /** A spec's record and versions, as of one look at its folder. */
  private record Loaded(SpecRecord record, List<SpecVersion> versions) {}

  /** Finds the spec by id folder, else by the id its name implies: no scan of other specs. */
  private Loaded load(String nameOrId) {
    String id = locate(nameOrId);
    ResourceId file = StoreFiles.file(specDirectory(id), RECORD_FILE);
    SpecRecord record = SpecRecord.read(file, id);
    if (!id.equals(nameOrId) && !record.name().equals(nameOrId)) {
      throw new CorruptRecordException(
          file.toString(),
          "holds spec '" + record.name() + "', but its folder is that of '" + nameOrId + "'",
          null);
    }
    return reconcile(record);
  }

  /** The id (folder) of the spec with that id or name, whose spec.json exists. */
  private String locate(String nameOrId) {
    if (nameOrId == null || nameOrId.isBlank()) {
      throw new IllegalArgumentException(
          "a spec name or id is required, but was '" + nameOrId + "'");
    }
    if (isSafeId(nameOrId)
        && StoreFiles.exists(StoreFiles.file(specDirectory(nameOrId), RECORD_FILE))) {
      return nameOrId;
    }
    String id = idForName(nameOrId);
    if (StoreFiles.exists(StoreFiles.file(specDirectory(id), RECORD_FILE))) {
      return id;
    }
    throw new NotInStoreException("no spec with name or id '" + nameOrId + "' in " + root);
  }

  /** Ends stale claims and brings spec.json in line with the claims. */
  private Loaded reconcile(SpecRecord stored) {
    List<SpecVersion> versions = claims.readAll(specDirectory(stored.id()));
    SpecRecord derived = SpecLifecycle.derive(stored, versions, () -> creator(stored.id()));
    if (!derived.equals(stored)) {
      writeRecord(derived);
    }
    return new Loaded(derived, versions);
  }

  private JobOwner creator(String id) {
    ResourceId file = StoreFiles.file(specDirectory(id), CREATOR_FILE);
    try {
      return StoreFiles.exists(file)
          ? StoreFiles.JSON.readValue(StoreFiles.read(file), JobOwner.class)
          : null;
    } catch (JacksonException e) {
      return null; // Unknown creator: the spec stays as it is.
    }
  }

  private static SpecVersion requireProcessing(SpecRecord record, SpecVersion claim, String verb) {
    if (claim.status() != SpecStatus.PROCESSING) {
      throw new StoreConflictException(
          "version "
              + claim.version()
              + " of spec '"
              + record.name()
              + "' is "
              + claim.status()
              + (claim.errorMessage() == null ? "" : " (" + claim.errorMessage() + ")")
              + "; only a PROCESSING version can "
              + verb);
    }
    return claim;
  }

  private static boolean isSafeId(String id) {
    return SAFE_ID.matcher(id).matches() && !id.chars().allMatch(c -> c == '.');
  }

  private ResourceId specDirectory(String id) {
    if (!isSafeId(id)) {
      throw new IllegalArgumentException(
          "a spec id must be a single path segment, but was '" + id + "'");
    }
    return StoreFiles.directory(root, "specs", id);
  }

  private void writeRecord(SpecRecord record) {
    StoreFiles.writeAtomically(
        StoreFiles.file(specDirectory(record.id()), RECORD_FILE), json(record));
  }

  private static String json(Object value) {
    try {
      return StoreFiles.PRETTY.writeValueAsString(value);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write " + value + ": " + e.getMessage(), e);
    }
  }
}
