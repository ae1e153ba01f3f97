package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.core.run.JobOwner;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The small JSON files of an output's commit protocol (docs/atomic-refresh.md, "Files"): the ledger
 * of the files the tool wrote, a staging folder's owner, and the marker of a commit under way.
 * Names in them are file names relative to the output folder, checked on read so that a file edited
 * by hand can never make a commit move or delete anything outside the tool's own shards.
 */
final class CommitRecords {
  static final int VERSION = 1;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          // Every key is always written, so a missing one means a truncated or foreign file.
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          // JobOwner.isGone() is a question asked now, not a property to store.
          .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
          .build();
  // "\n" whatever the platform, so the same ledger is the same bytes everywhere.
  private static final ObjectWriter PRETTY =
      JSON.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  /** Any shard file the tool writes, in any of its formats. */
  static final Pattern SHARD_FILE =
      ShardFiles.shardNamePattern(
          SampleSink.RECORDS_PREFIX + "|" + SampleSink.FAILURES_PREFIX, "parquet|jsonl|csv");

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private CommitRecords() {}

  /**
   * The files the last commit put in the output, so the next commit deletes exactly those it does
   * not rewrite and nothing else.
   */
  record Ledger(
      @JsonProperty("version") int version,
      @JsonProperty("run_id") String runId,
      @JsonProperty("committed_at") String committedAt,
      @JsonProperty("files") List<String> files) {
    Ledger {
      files = List.copyOf(files);
    }
  }

  /** One staged file and its final name, both relative to the output folder. */
  record Move(@JsonProperty("from") String from, @JsonProperty("to") String to) {}

  /**
   * A commit's whole plan, written before its first step so that a commit killed midway is finished
   * by the next run: moves, then deletes, then the new ledger.
   */
  record Marker(
      @JsonProperty("version") int version,
      @JsonProperty("run_id") String runId,
      @JsonProperty("owner") JobOwner owner,
      @JsonProperty("moves") List<Move> moves,
      @JsonProperty("deletes") List<String> deletes,
      @JsonProperty("ledger") Ledger ledger) {
    Marker {
      moves = List.copyOf(moves);
      deletes = List.copyOf(deletes);
    }
  }

  static boolean isRunId(String runId) {
    return runId != null && RUN_ID.matcher(runId).matches();
  }

  static String toJson(Object value) {
    try {
      return PRETTY.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value + ": " + e.getMessage(), e);
    }
  }

  static JobOwner readOwner(String json, String file) {
    JobOwner owner = read(json, JobOwner.class, file);
    if (owner.host() == null || owner.pid() <= 0) {
      throw unreadable(file, "it names no host and pid", null);
    }
    return owner;
  }

  static Ledger readLedger(String json, String file) {
    Ledger ledger = read(json, Ledger.class, file);
    checkVersion(ledger.version(), file);
    if (!isRunId(ledger.runId())) {
      throw unreadable(file, "run_id '" + ledger.runId() + "' is not a run id", null);
    }
    for (String name : ledger.files()) {
      checkShardName(name, file);
    }
    return ledger;
  }

  /** Reads a marker and checks every step stays among the tool's own files. */
  static Marker readMarker(String json, String file, String stagingFolder) {
    Marker marker = read(json, Marker.class, file);
    checkVersion(marker.version(), file);
    if (!isRunId(marker.runId()) || !marker.runId().equals(marker.ledger().runId())) {
      throw unreadable(file, "its run ids do not agree", null);
    }
    String staged = stagingFolder + "/" + marker.runId() + "/";
    for (Move move : marker.moves()) {
      checkShardName(move.to(), file);
      if (!move.from().equals(staged + move.to())) {
        throw unreadable(
            file, "move from '" + move.from() + "' is not " + staged + move.to(), null);
      }
    }
    marker.deletes().forEach(name -> checkShardName(name, file));
    marker.ledger().files().forEach(name -> checkShardName(name, file));
    return marker;
  }

  private static <T> T read(String json, Class<T> type, String file) {
    try {
      T value = JSON.readValue(json, type);
      if (value == null) {
        throw unreadable(file, "it is empty", null);
      }
      return value;
    } catch (JsonProcessingException | RuntimeException e) {
      if (e instanceof IllegalStateException known) {
        throw known;
      }
      throw unreadable(file, e.getMessage(), e);
    }
  }

  private static void checkVersion(int version, String file) {
    if (version != VERSION) {
      throw unreadable(
          file,
          "version " + version + " is not " + VERSION + " (written by another release?)",
          null);
    }
  }

  private static void checkShardName(String name, String file) {
    if (name == null
        || !(SHARD_FILE.matcher(name).matches()
            || SampleFolders.SAMPLE_FILE.matcher(name).matches())) {
      throw unreadable(
          file, "it lists '" + name + "', which is not a file name this tool writes", null);
    }
  }

  private static IllegalStateException unreadable(String file, String why, Exception cause) {
    return new IllegalStateException(
        "cannot use "
            + file
            + ": "
            + why
            + ". It is one of this tool's own files (docs/atomic-refresh.md) and something else"
            + " changed it; restore it from a backup, or check what it lists and remove it",
        cause);
  }
}
