package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.store.StoreFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * An output folder on any Beam filesystem, as the commit protocol sees it: its top-level files, its
 * staging folders and the few operations a commit needs. Every name is relative to the folder.
 */
final class OutputFolder {
  private final String location;
  private final ResourceId root;

  /**
   * @param location an absolute local path or a URI ({@link OutputLocations#absolute})
   */
  OutputFolder(String location) {
    this.location = location;
    this.root = FileSystems.matchNewResource(location, true);
  }

  /** A file below the folder, e.g. {@code "records-00000-of-00001.parquet"} or {@code "a/b"}. */
  ResourceId file(String relative) {
    int slash = relative.lastIndexOf('/');
    ResourceId dir = slash < 0 ? root : dir(relative.substring(0, slash));
    return dir.resolve(relative.substring(slash + 1), StandardResolveOptions.RESOLVE_FILE);
  }

  /** A folder below this one, e.g. {@code ".dataframer-staging/RUN"}. */
  ResourceId dir(String relative) {
    ResourceId dir = root;
    for (String name : relative.split("/")) {
      dir = dir.resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return dir;
  }

  /** Names of the files directly in the folder (hidden ones included), sorted. */
  TreeSet<String> fileNames() {
    TreeSet<String> names = new TreeSet<>();
    for (ResourceId file : list(root.toString() + "*")) {
      names.add(relative(file));
    }
    return names;
  }

  /**
   * Names of the folders below {@code folder} that hold files, sorted (object stores have no empty
   * folders, and an empty local one holds nothing to clean).
   */
  TreeSet<String> subfolders(String folder) {
    String prefix = dir(folder).toString();
    TreeSet<String> names = new TreeSet<>();
    for (ResourceId file : list(prefix + "*/*")) {
      String rest = file.toString().substring(prefix.length());
      names.add(rest.substring(0, rest.indexOf('/')));
    }
    return names;
  }

  /** Names of the files in a folder below this one (hidden ones included), sorted. */
  TreeSet<String> fileNames(String folder) {
    TreeSet<String> names = new TreeSet<>();
    for (ResourceId file : list(dir(folder).toString() + "*")) {
      names.add(file.getFilename());
    }
    return names;
  }

  /**
   * The sample files ({@link SampleFolders}) in the folder, or in a folder below it when {@code
   * folder} is not empty, as {@code samples/<index>/<file>}, sorted.
   */
  TreeSet<String> sampleFiles(String folder) {
    String base = folder.isEmpty() ? root.toString() : dir(folder).toString();
    TreeSet<String> names = new TreeSet<>();
    for (ResourceId file : list(base + SampleFolders.FOLDER + "/*/*")) {
      names.add(file.toString().substring(base.length()));
    }
    return names;
  }

  /**
   * On local disks, deletes the sample folders left empty under {@code folder} (and its {@code
   * samples} folder when empty); object stores have no empty folders.
   */
  void pruneSampleFolders(String folder) {
    OutputLocations.localPath(location)
        .ifPresent(
            local -> {
              Path samples =
                  (folder.isEmpty() ? local : local.resolve(folder)).resolve(SampleFolders.FOLDER);
              if (!Files.isDirectory(samples)) {
                return;
              }
              try (var dirs = Files.list(samples)) {
                dirs.filter(Files::isDirectory).forEach(OutputFolder::deleteIfEmpty);
              } catch (IOException e) {
                throw new UncheckedIOException(
                    "cannot list folder " + samples + ": " + e.getMessage(), e);
              }
              deleteIfEmpty(samples);
            });
  }

  Optional<String> read(String relative) {
    ResourceId file = file(relative);
    return StoreFiles.exists(file) ? Optional.of(StoreFiles.read(file)) : Optional.empty();
  }

  /** Replaces the file whole: readers see the old content or the new, never a part. */
  void write(String relative, String content) {
    StoreFiles.writeAtomically(file(relative), content);
  }

  /** Creates (with the folder, where folders exist) and deletes a file, or says why it cannot. */
  void probeWritable() throws IOException {
    ResourceId probe = file(".dataframer-probe-" + UUID.randomUUID());
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(probe, "application/octet-stream"))) {
      out.write("probe".getBytes(StandardCharsets.UTF_8));
    }
    FileSystems.delete(List.of(probe));
  }

  /** Renames each file onto its target, replacing it; a missing source is skipped. */
  void rename(List<String> from, List<String> to) {
    if (from.isEmpty()) {
      return;
    }
    try {
      FileSystems.rename(
          from.stream().map(this::file).toList(),
          to.stream().map(this::file).toList(),
          StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot move " + from + " to " + to + " in " + location + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the files; missing ones are skipped. */
  void delete(List<String> relative) {
    deleteResources(relative.stream().map(this::file).toList());
  }

  /**
   * Deletes every file of a folder below this one, then (on local disks, where folders exist) the
   * folder and {@code parentToPrune} when they are left empty.
   */
  void deleteFolder(String folder, String parentToPrune) {
    deleteResources(list(dir(folder).toString() + "*"));
    delete(sampleFiles(folder).stream().map(name -> folder + "/" + name).toList());
    pruneSampleFolders(folder);
    OutputLocations.localPath(location)
        .ifPresent(
            local -> {
              deleteIfEmpty(local.resolve(folder));
              deleteIfEmpty(local.resolve(parentToPrune));
            });
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException stillUsed) {
      // Another run's staging folder, or files a later step deletes: the folder stays.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private void deleteResources(List<ResourceId> files) {
    if (files.isEmpty()) {
      return;
    }
    try {
      FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + files + ": " + e.getMessage(), e);
    }
  }

  private String relative(ResourceId file) {
    return file.toString().substring(root.toString().length());
  }

  private List<ResourceId> list(String glob) {
    try {
      List<ResourceId> files = new ArrayList<>();
      for (MatchResult.Metadata metadata :
          FileSystems.match(glob, EmptyMatchTreatment.ALLOW).metadata()) {
        files.add(metadata.resourceId());
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + glob + ": " + e.getMessage(), e);
    }
  }
}
