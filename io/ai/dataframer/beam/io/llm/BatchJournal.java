package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.io.store.StoreFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The batches a run submitted, one JSON file each in a directory keyed by the run's generation key
 * ({@code <store>/batches/<generation key>/<provider>-<batch id>.json}, any Beam filesystem): the
 * provider, batch id, state and, per request, its custom id, model id, {@code RequestKey} and
 * submission (1, or 2 for a resubmission). Written through a temporary file and a rename right
 * after the provider accepted the batch, so a killed run leaves every batch it submitted behind,
 * and a restarted run with the same inputs (same requests, same keys) polls them instead of
 * submitting again (docs/ARCHITECTURE.md section 7, "Batch mode").
 */
final class BatchJournal {
  static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request of a recorded batch.
   *
   * @param submission 1 for a request's first batch, 2 for its resubmission after it expired or
   *     failed transiently
   */
  record Line(String customId, String modelId, String requestKey, int submission) {}

  /** One recorded batch. */
  record Entry(String provider, String batchId, String state, List<Line> lines) {
    Entry withState(String newState) {
      return new Entry(provider, batchId, newState, lines);
    }
  }

  private final String directory;

  BatchJournal(String directory) {
    this.directory = directory;
  }

  String directory() {
    return directory;
  }

  /** Records {@code entry}, replacing what was recorded for its batch. */
  void write(Entry entry) {
    StoreFiles.writeAtomically(fileOf(entry), toJson(entry));
  }

  /**
   * Every batch recorded so far.
   *
   * @throws IllegalStateException naming the file and the field when a record is not one
   */
  List<Entry> readAll() {
    List<Entry> entries = new ArrayList<>();
    for (ResourceId file : files(directory)) {
      entries.add(fromJson(StoreFiles.read(file), file.toString()));
    }
    return entries;
  }

  /** How many batches are recorded in {@code directory}: what a run's manifest reports. */
  static int count(String directory) {
    return files(directory).size();
  }

  private static List<ResourceId> files(String directory) {
    String glob = StoreFiles.file(StoreFiles.directory(directory), "*.json").toString();
    try {
      MatchResult match = FileSystems.match(glob);
      if (match.status() == MatchResult.Status.NOT_FOUND) {
        return List.of();
      }
      List<ResourceId> files = new ArrayList<>();
      for (MatchResult.Metadata metadata : match.metadata()) {
        files.add(metadata.resourceId());
      }
      files.sort((a, b) -> a.toString().compareTo(b.toString()));
      return files;
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the batch records in " + directory, e);
    }
  }

  private ResourceId fileOf(Entry entry) {
    // Batch ids are the providers' ([A-Za-z0-9_-]); anything else is replaced to keep one name.
    String name = (entry.provider() + "-" + entry.batchId()).replaceAll("[^A-Za-z0-9_.-]", "_");
    return StoreFiles.file(StoreFiles.directory(directory), name + ".json");
  }

  static String toJson(Entry entry) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT_VERSION)
        .put("provider", entry.provider())
        .put("batch_id", entry.batchId())
        .put("state", entry.state());
    ArrayNode lines = root.putArray("requests");
    for (Line line : entry.lines()) {
      lines
          .addObject()
          .put("custom_id", line.customId())
          .put("model", line.modelId())
          .put("request_key", line.requestKey())
          .put("submission", line.submission());
    }
    return root.toPrettyString();
  }

  static Entry fromJson(String json, String file) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw corrupt(file, "is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || root.path("format").asInt() != FORMAT_VERSION) {
      throw corrupt(file, "field 'format': expected " + FORMAT_VERSION);
    }
    List<Line> lines = new ArrayList<>();
    int index = 0;
    for (JsonNode line : root.path("requests")) {
      String where = file + " requests[" + index + "]";
      int submission = line.path("submission").asInt(0);
      if (submission != 1 && submission != 2) {
        throw corrupt(where, "field 'submission': expected 1 or 2");
      }
      lines.add(
          new Line(
              text(line, "custom_id", where),
              text(line, "model", where),
              text(line, "request_key", where),
              submission));
      index++;
    }
    return new Entry(
        text(root, "provider", file),
        text(root, "batch_id", file),
        text(root, "state", file),
        lines);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw corrupt(where, "field '" + field + "': expected a non-empty string");
    }
    return value.asText();
  }

  private static IllegalStateException corrupt(String where, String what) {
    return new IllegalStateException(
        "batch record " + where + " " + what + "; delete the file to submit its requests again");
  }
}
