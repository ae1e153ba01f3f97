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

  private static void deleteQuietly(ResourceId temp, IOException cause) {
    try {
      FileSystems.delete(List.of(temp), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // The write failure is what the caller needs; a leftover hidden temp file is harmless.
      cause.addSuppressed(e);
    }
  }
}
