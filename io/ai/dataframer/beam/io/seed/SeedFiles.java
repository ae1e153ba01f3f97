package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.core.seed.SeedText;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Finding and opening seed files through Beam's FileSystems, so local, gs:// and s3:// all work.
 */
final class SeedFiles {
  private SeedFiles() {}

  /** Payloads in failure rows are cut to this many characters. */
  static final int MAX_PAYLOAD_CHARS = 2000;

  /** Rows per file that inference and validation look at while the pipeline is built. */
  static final int SAMPLE_ROWS = 1000;

  /**
   * A CSV record longer than this is taken for an unterminated quote rather than held in memory.
   */
  static final int MAX_RECORD_CHARS = 8 * 1024 * 1024;

  /** The files a path or glob names, sorted by path; none is a {@link SeedException}. */
  static List<MatchResult.Metadata> match(String pathOrGlob) {
    MatchResult result;
    try {
      result = FileSystems.match(pathOrGlob, EmptyMatchTreatment.ALLOW);
    } catch (IOException e) {
      throw new SeedException("cannot list seed " + pathOrGlob + ": " + e.getMessage(), e);
    }
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      throw new SeedException("seed file not found: " + pathOrGlob);
    }
    if (result.status() != MatchResult.Status.OK) {
      throw new SeedException("cannot list seed " + pathOrGlob + ": status " + result.status());
    }
    List<MatchResult.Metadata> files;
    try {
      files =
          result.metadata().stream()
              .filter(file -> !file.resourceId().isDirectory())
              .sorted(Comparator.comparing(file -> file.resourceId().toString()))
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new SeedException("cannot list seed " + pathOrGlob + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new SeedException("seed file not found: " + pathOrGlob);
    }
    return files;
  }

  /**
   * A matched text file, decompressed by its suffix, decoded strictly ({@link SeedText}).
   *
   * @param format what the file should hold, as messages name it: "CSV", "JSON Lines"
   */
  static BufferedReader openText(MatchResult.Metadata file, Charset encoding, String format)
      throws IOException {
    ReadableByteChannel channel =
        Compression.detect(file.resourceId().getFilename())
            .readDecompressed(FileSystems.open(file.resourceId()));
    return SeedText.open(
        Channels.newInputStream(channel), encoding, file.resourceId().toString(), format);
  }

  /** A file handed to a DoFn by FileIO.readMatches (which already decompressed it). */
  static BufferedReader openText(FileIO.ReadableFile file, Charset encoding, String format)
      throws IOException {
    return SeedText.open(
        Channels.newInputStream(file.open()),
        encoding,
        file.getMetadata().resourceId().toString(),
        format);
  }

  /** A matched file as a seekable channel, as Parquet footers need. */
  static SeekableByteChannel openSeekable(MatchResult.Metadata file) throws IOException {
    ReadableByteChannel channel = FileSystems.open(file.resourceId());
    if (!(channel instanceof SeekableByteChannel)) {
      channel.close();
      throw new SeedException(
          "seed file "
              + file.resourceId()
              + " is on a file system without random access, which"
              + " Parquet needs");
    }
    return (SeekableByteChannel) channel;
  }

  static String noDataRows(String pathOrGlob, List<MatchResult.Metadata> files) {
    return files.size() == 1
        ? "seed file " + files.get(0).resourceId() + " has no data rows"
        : "seed files matching " + pathOrGlob + " have no data rows (" + files.size() + " files)";
  }

  static String truncatePayload(String payload) {
    return payload.length() <= MAX_PAYLOAD_CHARS
        ? payload
        : payload.substring(0, MAX_PAYLOAD_CHARS);
  }
}
