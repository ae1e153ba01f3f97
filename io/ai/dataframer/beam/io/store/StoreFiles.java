package ai.dataframer.beam.io.store;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * File plumbing shared by the stores (and the model response cache), on Beam FileSystems so any
 * registered scheme works.
 */
public final class StoreFiles {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .build();
  // "\n" whatever the platform, so store files are the same bytes everywhere.
  static final ObjectWriter PRETTY =
      JSON.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private StoreFiles() {}

  /** The directory {@code root/dirs[0]/dirs[1]/...}. */
  public static ResourceId directory(String root, String... dirs) {
    ResourceId dir = FileSystems.matchNewResource(root, true);
    for (String name : dirs) {
      dir = dir.resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return dir;
  }

  public static ResourceId file(ResourceId directory, String name) {
    return directory.resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  public static boolean exists(ResourceId file) {
    return !match(file.toString()).isEmpty();
  }

  /** Files matching {@code glob}; none is an empty list, not an error. */
  static List<MatchResult.Metadata> match(String glob) {
    try {
      return FileSystems.match(glob, EmptyMatchTreatment.ALLOW).metadata();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + glob + ": " + e.getMessage(), e);
    }
  }

  public static String read(ResourceId file) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a temporary sibling, then renames it over {@code file}: readers see the old file or the
   * whole new one, never a half-written one, even when the writer crashes.
   */
  public static void writeAtomically(ResourceId file, String content) {
    ResourceId temp =
        file.getCurrentDirectory()
            .resolve(
                "." + file.getFilename() + ".tmp-" + UUID.randomUUID(),
                StandardResolveOptions.RESOLVE_FILE);
    try {
      try (OutputStream out =
          Channels.newOutputStream(FileSystems.create(temp, "application/octet-stream"))) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      FileSystems.rename(List.of(temp), List.of(file));
    } catch (IOException e) {
      deleteQuietly(temp, e);
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code file} with {@code content} unless it exists, and says whether this call created
   * it. This is how the stores claim a name or a version number.
   *
   * <p>On the local filesystem (plain paths and {@code file:}) it is atomic across threads and
   * processes: the content goes to a temporary sibling, which is then hard-linked to {@code file};
   * the link fails if {@code file} exists. Of racing callers exactly one gets true, and a reader
   * sees no file or the winner's whole content, never a partial one (docs/ARCHITECTURE.md, "Spec
   * store").
   *
   * <p>On other schemes (gs://, s3://, ...) it is best-effort only: it checks that the file is
   * absent, writes it, and reads it back, returning true when it reads its own content. Two writers
   * that both pass the check within the same moment can both write, and the one whose write lands
   * first may read back the other's content (then it gets false, which is safe) or its own before
   * the other lands (then both get true). Making this exact needs the object stores' generation
   * preconditions (GCS {@code ifGenerationMatch=0}, S3 {@code If-None-Match: *}), which Beam's
   * {@code FileSystems} API does not expose.
   *
   * @return true if this call created the file, false if it existed
   */
  public static boolean createIfAbsent(ResourceId file, String content) {
    if (isLocal(file)) {
      return createLocalIfAbsent(Path.of(file.toString()), content);
    }
    if (exists(file)) {
      return false;
    }
    writeAtomically(file, content);
    return content.equals(read(file));
  }

  /**
   * Deletes the files, those missing included, then the directories among them (on the local
   * filesystem; object stores have no directories, a folder goes with its last file).
   */
  public static void delete(List<ResourceId> resources) {
    List<ResourceId> files = new ArrayList<>();
    List<ResourceId> directories = new ArrayList<>();
    for (ResourceId resource : resources) {
      (resource.isDirectory() ? directories : files).add(resource);
    }
    try {
      FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + files + ": " + e.getMessage(), e);
    }
    for (ResourceId directory : directories) {
      if (isLocal(directory)) {
        try {
          Files.deleteIfExists(Path.of(directory.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + directory + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private static boolean isLocal(ResourceId file) {
    return "file".equals(file.getScheme());
  }

  private static boolean createLocalIfAbsent(Path file, String content) {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(temp, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      try {
        Files.createLink(file, temp);
        return true;
      } catch (FileAlreadyExistsException taken) {
        return false;
      } catch (UnsupportedOperationException | FileSystemException noLinks) {
        // FileSystemException: FAT, some network mounts and some FUSE filesystems refuse links.
        return createNewFile(file, content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // A leftover hidden temporary file is harmless; the outcome above is what matters.
      }
    }
  }

  /**
   * For filesystems without hard links: creation is still exclusive (CREATE_NEW), but a reader may
   * briefly see the file before its content is whole.
   */
  private static boolean createNewFile(Path file, String content) throws IOException {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      return true;
    } catch (FileAlreadyExistsException taken) {
      return false;
    }
  }

  private static void deleteQuietly(ResourceId temp, IOException cause) {
    try {
      FileSystems.delete(List.of(temp), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // The write failure is what the caller needs; a leftover hidden temp file is harmless.
      cause.addSuppressed(e);
    }
  }
}
