package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.run.RunManifest;
import java.io.Serializable;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Run manifests in a directory on any Beam filesystem: {@code ROOT/runs/<id>/manifest.json},
 * rewritten (temporary file, then rename) as the run progresses.
 */
public final class RunStore implements Serializable {
  private final String root;

  private RunStore(String root) {
    this.root = root;
  }

  /** The store under {@code root}; usually the same root as the {@link SpecStore}. */
  public static RunStore at(String root) {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("run store root must be a path, but was '" + root + "'");
    }
    return new RunStore(root);
  }

  public String root() {
    return root;
  }

  /** Writes or replaces the manifest of run {@code manifest.id()}. */
  public void write(RunManifest manifest) {
    StoreFiles.writeAtomically(manifestFile(manifest.id()), manifest.toJson());
  }

  /**
   * @throws NotInStoreException when the run has no manifest
   * @throws IllegalArgumentException when the manifest is not a valid run object
   */
  public RunManifest read(String id) {
    ResourceId file = manifestFile(id);
    if (!StoreFiles.exists(file)) {
      throw new NotInStoreException(
          "no run with id '" + id + "' in " + root + " (" + file + " does not exist)");
    }
    try {
      return RunManifest.fromJson(StoreFiles.read(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
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
