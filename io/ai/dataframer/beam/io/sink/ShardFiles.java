package ai.dataframer.beam.io.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The files of one prefix in one directory: {@code PREFIX-SSSSS-of-NNNNN.EXT}, each written to a
 * hidden temp file {@code .tmp-PREFIX-SSSSS-of-NNNNN.EXT.<attempt>} beside it and renamed onto its
 * final name, so a retried shard replaces the file with the same bytes instead of adding one.
 */
final class ShardFiles implements Serializable {
  private static final String TEMP_PREFIX = ".tmp-";

  private final String directory;
  private final String prefix;
  private final FileFormat format;

  ShardFiles(String directory, String prefix, FileFormat format) {
    this.directory = directory;
    this.prefix = prefix;
    this.format = format;
  }

  String shardName(int shard, int numShards) {
    return shardName(prefix, shard, numShards, format.extension());
  }

  static String shardName(String prefix, int shard, int numShards, String extension) {
    return String.format("%s-%05d-of-%05d.%s", prefix, shard, numShards, extension);
  }

  /**
   * Final shard names {@code PREFIX-SSSSS-of-NNNNN.EXT}, with groups "shard" and "count"; prefix
   * and extension are regexes.
   */
  static Pattern shardNamePattern(String prefixRegex, String extensionRegex) {
    return Pattern.compile(
        "(?:"
            + prefixRegex
            + ")-(?<shard>\\d{5,})-of-(?<count>\\d{5,})\\.(?:"
            + extensionRegex
            + ")");
  }

  /** Writes the rows, in order, to the shard's file and returns its final path. */
  String write(int shard, int numShards, Schema schema, List<Row> rows) throws IOException {
    String name = shardName(shard, numShards);
    ResourceId target = resolve(name);
    // A fresh temp name per attempt: a zombie attempt of the same shard must not write into ours.
    ResourceId temp = resolve(TEMP_PREFIX + name + "." + UUID.randomUUID());
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, format.mimeType()))) {
      try (RecordFileWriter writer = format.open(out, schema)) {
        for (Row row : rows) {
          writer.write(row);
        }
      }
    }
    // Local rename is an atomic move that replaces the target; GCS and S3 rename copy over it.
    FileSystems.rename(List.of(temp), List.of(target));
    return target.toString();
  }

  /**
   * Writes rows, in order, to a new piece of the shard ({@link FileFormat#openPiece}): a hidden
   * file that {@link #assemble} joins into the shard and {@link #deleteTempFiles} removes. A fresh
   * name per call, so a retried bundle never writes into a piece another attempt reported.
   */
  String writePiece(int shard, int numShards, String label, Schema schema, List<Row> rows)
      throws IOException {
    ResourceId piece =
        resolve(
            TEMP_PREFIX
                + shardName(shard, numShards)
                + ".piece-"
                + label
                + "-"
                + UUID.randomUUID());
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(piece, format.mimeType()))) {
      try (RecordFileWriter writer = format.openPiece(out, schema)) {
        for (Row row : rows) {
          writer.write(row);
        }
      }
    }
    return piece.toString();
  }

  /** Joins the pieces, in the order given, into the shard's file and returns its final path. */
  String assemble(int shard, int numShards, Schema schema, List<String> pieces) throws IOException {
    if (pieces.isEmpty()) {
      return write(shard, numShards, schema, List.of());
    }
    String name = shardName(shard, numShards);
    ResourceId target = resolve(name);
    ResourceId temp = resolve(TEMP_PREFIX + name + "." + UUID.randomUUID());
    List<ResourceId> pieceFiles = new ArrayList<>(pieces.size());
    for (String piece : pieces) {
      pieceFiles.add(FileSystems.matchNewResource(piece, false));
    }
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, format.mimeType()))) {
      format.concatenate(pieceFiles, schema, out);
    }
    FileSystems.rename(List.of(temp), List.of(target));
    return target.toString();
  }

  /** Deletes temp files that failed attempts left behind; call once every shard is in place. */
  void deleteTempFiles() throws IOException {
    String tempPrefix = TEMP_PREFIX + prefix;
    delete(matching(tempPrefix, Pattern.quote(tempPrefix) + "-\\d{5,}-of-\\d{5,}\\..+"));
  }

  /** Files whose name starts with namePrefix + "-" and matches nameRegex in full. */
  private List<ResourceId> matching(String namePrefix, String nameRegex) throws IOException {
    // The glob narrows the listing; the regex keeps prefix "records" from taking "records-old-...".
    MatchResult match =
        FileSystems.match(resolve(namePrefix + "-*").toString(), EmptyMatchTreatment.ALLOW);
    List<ResourceId> found = new ArrayList<>();
    if (match.status() == MatchResult.Status.NOT_FOUND) {
      return found;
    }
    Pattern pattern = Pattern.compile(nameRegex);
    for (MatchResult.Metadata metadata : match.metadata()) {
      ResourceId file = metadata.resourceId();
      if (pattern.matcher(file.getFilename()).matches()) {
        found.add(file);
      }
    }
    return found;
  }

  private static void delete(List<ResourceId> files) throws IOException {
    if (!files.isEmpty()) {
      FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }

  private ResourceId resolve(String name) {
    return FileSystems.matchNewResource(directory, true)
        .resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }
}
