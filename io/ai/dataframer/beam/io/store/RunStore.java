package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Run manifests in a directory on any Beam filesystem: {@code ROOT/runs/<id>/manifest.json},
 * created once ({@link #create}) and rewritten (temporary file, then rename) as the run progresses
 * (docs/ARCHITECTURE.md, "Run lifecycle"). Reading a PENDING or PROCESSING run whose owner is gone
 * ends it as FAILED, so a killed job never leaves its run PROCESSING for ever.
 */
public final class RunStore implements Serializable {
  private final String root;
  private final Clock clock;

  RunStore(String root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /** The store under {@code root}; usually the same root as the {@link SpecStore}. */
  public static RunStore at(String root) {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("run store root must be a path, but was '" + root + "'");
    }
    return new RunStore(root, Clock.systemUTC());
  }

  public String root() {
    return root;
  }

  /**
   * Writes the first manifest of run {@code manifest.id()}; of concurrent calls with one id exactly
   * one succeeds (on the local filesystem; see {@link StoreFiles#createIfAbsent}).
   *
   * @throws StoreConflictException when a run with that id exists
   */
  public void create(RunManifest manifest) {
    ResourceId file = manifestFile(manifest.id());
    if (!StoreFiles.createIfAbsent(file, manifest.toJson())) {
      throw new StoreConflictException(
          "a run with id '" + manifest.id() + "' already exists in " + root + " (" + file + ")");
    }
  }

  /** Writes or replaces the manifest of run {@code manifest.id()}. */
  public void write(RunManifest manifest) {
    StoreFiles.writeAtomically(manifestFile(manifest.id()), manifest.toJson());
  }

  /**
   * The run's manifest, ended as FAILED first if its job is gone.
   *
   * @throws NotInStoreException when the run has no manifest
   * @throws CorruptRecordException when the manifest is not a valid run object
   */
  public RunManifest read(String id) {
    ResourceId file = manifestFile(id);
    if (!StoreFiles.exists(file)) {
      throw new NotInStoreException(
          "no run with id '" + id + "' in " + root + " (" + file + " does not exist)");
    }
    return reconcile(readManifest(file));
  }

  /**
   * Every readable run, newest first (created_at, then id), stale runs ended as FAILED; each
   * manifest that cannot be read is a problem naming its file.
   *
   * @param specIdOrNull only the runs of this spec id, or null for all
   */
  public Listing<RunManifest> list(String specIdOrNull) {
    List<RunManifest> runs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (MatchResult.Metadata file :
        StoreFiles.match(StoreFiles.directory(root, "runs") + "*/manifest.json")) {
      try {
        RunManifest manifest = readManifest(file.resourceId());
        if (specIdOrNull == null || specIdOrNull.equals(manifest.specId())) {
          runs.add(reconcile(manifest));
        }
      } catch (CorruptRecordException e) {
        problems.add(e.getMessage());
      } catch (RuntimeException e) {
        problems.add(file.resourceId() + ": " + e.getMessage());
      }
    }
    runs.sort(
        Comparator.comparing(RunManifest::createdAt)
            .reversed()
            .thenComparing(RunManifest::id, Comparator.reverseOrder()));
    problems.sort(Comparator.naturalOrder());
    return new Listing<>(runs, problems);
  }

  /**
   * A PENDING or PROCESSING run whose owner this machine knows has ended is FAILED, on disk too.
   */
  private RunManifest reconcile(RunManifest manifest) {
    JobOwner owner = manifest.owner();
    if (manifest.status().isTerminal() || owner == null || !owner.isGone()) {
      return manifest;
    }
    RunManifest failed =
        manifest.toBuilder()
            .status(RunStatus.FAILED)
            .completedAt(Instant.now(clock).toString())
            .errorMessage(
                "the job ended without finishing (" + owner.describe() + "): killed or crashed")
            .build();
    write(failed);
    return failed;
  }

  private static RunManifest readManifest(ResourceId file) {
    RunManifest manifest;
    try {
      manifest = RunManifest.fromJson(StoreFiles.read(file));
    } catch (IllegalArgumentException e) {
      throw new CorruptRecordException(file.toString(), e.getMessage(), e);
    }
    String folder = file.getCurrentDirectory().getFilename();
    if (!manifest.id().equals(folder)) {
      throw new CorruptRecordException(
          file.toString(),
          "holds run '" + manifest.id() + "', but is in the folder of run '" + folder + "'",
          null);
    }
    return manifest;
  }

  /**
   * Writes or replaces a file of run {@code id} (the pipeline's summary, the spec snapshot),
   * through a temp file and a rename, so a retried bundle leaves one whole file.
   */
  public void writeRunFile(String id, String name, String content) {
    StoreFiles.writeAtomically(StoreFiles.file(runDirectory(id), name), content);
  }

  /**
   * @throws NotInStoreException when the run has no such file
   */
  public String readRunFile(String id, String name) {
    ResourceId file = StoreFiles.file(runDirectory(id), name);
    if (!StoreFiles.exists(file)) {
      throw new NotInStoreException("run '" + id + "' has no " + name + " in " + root);
    }
    return StoreFiles.read(file);
  }

  private ResourceId manifestFile(String id) {
    return StoreFiles.file(runDirectory(id), "manifest.json");
  }

  private ResourceId runDirectory(String id) {
    if (id == null || id.isBlank() || id.contains("/") || id.contains("..")) {
      throw new IllegalArgumentException(
          "a run id must be a single path segment, but was '" + id + "'");
    }
    return StoreFiles.directory(root, "runs", id);
  }
}
