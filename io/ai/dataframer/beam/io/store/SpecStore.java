package ai.dataframer.beam.io.store;

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
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Specs and their versions in a directory on any Beam filesystem (DESIGN.md section 4): {@code
 * ROOT/specs/<id>/spec.json} holds identity and status, {@code ROOT/specs/<id>/v<N>.yaml} the
 * immutable versions, each with a metadata block. Names are unique per store; a spec has at most
 * {@value #MAX_VERSIONS} versions. Every write goes to a temporary file renamed into place.
 *
 * <p>Paths use whatever filesystems {@code FileSystems} has registered: local paths always; outside
 * a pipeline, call {@code FileSystems.setDefaultPipelineOptions} first to enable gs:// or s3://.
 * The store takes no locks: two processes creating the same name at the same moment can both
 * succeed.
 *
 * <p>Methods taking {@code nameOrId} accept either the spec's id or its name.
 */
public final class SpecStore implements Serializable {
  public static final int MAX_VERSIONS = 30;
  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.yaml");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");

  private final String root;
  private final Clock clock;

  SpecStore(String root, Clock clock) {
    this.root = root;
    this.clock = clock;
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
   * Registers a new spec in PROCESSING status, with no versions yet.
   *
   * @throws StoreConflictException when the name is taken
   */
  public SpecRecord create(
      String name, String dataset, String description, Map<String, Object> runtimeParams) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a spec name is required, but was '" + name + "'");
    }
    for (SpecRecord existing : list()) {
      if (existing.name().equals(name)) {
        throw new StoreConflictException(
            "a spec named '"
                + name
                + "' already exists in "
                + root
                + " (id "
                + existing.id()
                + ")");
      }
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
            0);
    writeRecord(record);
    return record;
  }

  /**
   * The id of the spec named {@code name}. Names are unique per store, so a name-based UUID is
   * unique too, and the same name gives the same id in every store: a spec recreated from the same
   * seed in a fresh store stamps byte-identical {@code _df_spec_id} columns, which reproducible
   * runs rely on.
   */
  public static String idForName(String name) {
    return UUID.nameUUIDFromBytes(("dataframer-spec:" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * Validates {@code spec} and writes it as the spec's next version, with a metadata block.
   *
   * @return the new version number, from 1
   * @throws StoreConflictException when the spec has {@value #MAX_VERSIONS} versions already
   */
  public int addVersion(String nameOrId, Spec spec) {
    SpecRecord record = find(nameOrId);
    Spec valid = SpecValidator.validate(spec);
    TreeSet<Integer> versions = versions(record);
    // A crash between writing a version and updating spec.json leaves the file as the truth.
    int version = Math.max(record.latestVersion(), versions.isEmpty() ? 0 : versions.last()) + 1;
    if (version > MAX_VERSIONS) {
      throw new StoreConflictException(
          "spec '"
              + record.name()
              + "' already has "
              + MAX_VERSIONS
              + " versions, the most a spec may have");
    }
    writeVersion(record, version, valid);
    writeRecord(record.withLatestVersion(version));
    return version;
  }

  /** Writes version {@code version}; an existing version file is never replaced. */
  void writeVersion(SpecRecord record, int version, Spec valid) {
    ResourceId file = StoreFiles.file(specDirectory(record.id()), "v" + version + ".yaml");
    if (StoreFiles.exists(file)) {
      throw new StoreConflictException(
          "version "
              + version
              + " of spec '"
              + record.name()
              + "' already exists at "
              + file
              + "; versions are immutable");
    }
    SpecMetadata metadata =
        new SpecMetadata(
            record.id(),
            record.name(),
            version,
            record.status(),
            record.dataset(),
            Instant.now(clock).toString(),
            record.errorMessage(),
            record.runtimeParams());
    StoreFiles.writeAtomically(file, SpecYaml.write(new SpecDocument(valid, metadata)));
  }

  /** Marks a spec ready for runs; it must have a version. */
  public void markSucceeded(String nameOrId) {
    SpecRecord record = find(nameOrId);
    if (versions(record).isEmpty()) {
      throw new StoreConflictException(
          "spec '"
              + record.name()
              + "' has no versions; add one before marking it "
              + SpecStatus.SUCCEEDED);
    }
    writeRecord(record.withStatus(SpecStatus.SUCCEEDED, null));
  }

  public void markFailed(String nameOrId, String errorMessage) {
    if (errorMessage == null || errorMessage.isBlank()) {
      throw new IllegalArgumentException(
          "a FAILED spec needs an error message, but was '" + errorMessage + "'");
    }
    writeRecord(find(nameOrId).withStatus(SpecStatus.FAILED, errorMessage));
  }

  /**
   * @throws NotInStoreException when no spec has that name or id
   */
  public SpecRecord find(String nameOrId) {
    if (nameOrId != null && SAFE_ID.matcher(nameOrId).matches()) {
      ResourceId byId = StoreFiles.file(specDirectory(nameOrId), "spec.json");
      if (StoreFiles.exists(byId)) {
        return readRecord(byId);
      }
    }
    for (SpecRecord record : list()) {
      if (record.name().equals(nameOrId)) {
        return record;
      }
    }
    throw new NotInStoreException("no spec with name or id '" + nameOrId + "' in " + root);
  }

  /** All specs, oldest first. */
  public List<SpecRecord> list() {
    List<SpecRecord> records = new ArrayList<>();
    for (MatchResult.Metadata file :
        StoreFiles.match(StoreFiles.directory(root, "specs") + "*/spec.json")) {
      records.add(readRecord(file.resourceId()));
    }
    records.sort(Comparator.comparing(SpecRecord::createdAt).thenComparing(SpecRecord::id));
    return records;
  }

  /**
   * Reads one version of a spec.
   *
   * @param version the version number, or null for the latest
   * @throws NotInStoreException when the spec or the version does not exist
   */
  public Spec readVersion(String nameOrId, Integer version) {
    SpecRecord record = find(nameOrId);
    TreeSet<Integer> versions = versions(record);
    if (versions.isEmpty()) {
      throw new NotInStoreException(
          "spec '"
              + record.name()
              + "' has no versions yet"
              + (version == null ? "" : "; version " + version + " does not exist"));
    }
    int wanted = version == null ? versions.last() : version;
    if (!versions.contains(wanted)) {
      throw new NotInStoreException(
          "spec '"
              + record.name()
              + "' has versions "
              + describe(versions)
              + "; version "
              + wanted
              + " does not exist");
    }
    ResourceId file = StoreFiles.file(specDirectory(record.id()), "v" + wanted + ".yaml");
    return SpecYaml.parse(StoreFiles.read(file), file.toString()).spec();
  }

  /**
   * The spec a run may use.
   *
   * @throws StoreConflictException when the spec is PROCESSING or FAILED
   */
  public SpecRecord requireSucceeded(String nameOrId) {
    SpecRecord record = find(nameOrId);
    if (record.status() != SpecStatus.SUCCEEDED) {
      String why = record.status() == SpecStatus.FAILED ? " (" + record.errorMessage() + ")" : "";
      throw new StoreConflictException(
          "spec '"
              + record.name()
              + "' is "
              + record.status()
              + why
              + "; a run needs a spec in SUCCEEDED status");
    }
    return record;
  }

  private TreeSet<Integer> versions(SpecRecord record) {
    TreeSet<Integer> versions = new TreeSet<>();
    for (MatchResult.Metadata file : StoreFiles.match(specDirectory(record.id()) + "v*.yaml")) {
      Matcher matcher = VERSION_FILE.matcher(file.resourceId().getFilename());
      if (matcher.matches()) {
        versions.add(Integer.parseInt(matcher.group(1)));
      }
    }
    return versions;
  }

  /** "1..K" when contiguous, else the list, so a gap is visible rather than hidden. */
  private static String describe(TreeSet<Integer> versions) {
    return versions.last() - versions.first() + 1 == versions.size()
        ? versions.first() + ".." + versions.last()
        : versions.toString();
  }

  private ResourceId specDirectory(String id) {
    return StoreFiles.directory(root, "specs", id);
  }

  private void writeRecord(SpecRecord record) {
    try {
      StoreFiles.writeAtomically(
          StoreFiles.file(specDirectory(record.id()), "spec.json"),
          StoreFiles.PRETTY.writeValueAsString(record));
    } catch (JacksonException e) {
      throw new IllegalStateException(
          "cannot write spec.json of spec '" + record.name() + "': " + e.getMessage(), e);
    }
  }

  private static SpecRecord readRecord(ResourceId file) {
    try {
      return StoreFiles.JSON.readValue(StoreFiles.read(file), SpecRecord.class);
    } catch (JacksonException e) {
      throw new IllegalStateException(
          file + " is not a valid spec record: " + e.getOriginalMessage(), e);
    }
  }
}
