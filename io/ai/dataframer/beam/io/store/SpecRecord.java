package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.spec.SpecStatus;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A spec's entry in the store ({@code specs/<id>/spec.json}): identity and lifecycle; the content
 * lives in the version files. Status, latest version and error message summarise the version claims
 * ({@code v<N>.json}), which are the truth; the store recomputes them whenever it reads the record
 * (docs/ARCHITECTURE.md, "Spec store").
 *
 * @param id the spec's id: {@link SpecStore#idForName} of its name
 * @param name unique in the store
 * @param status PROCESSING while its first version is claimed and none succeeded; SUCCEEDED once
 *     any version succeeded; FAILED when none succeeded and none is PROCESSING
 * @param createdAt ISO-8601 instant the spec was created
 * @param errorMessage why the spec FAILED, else null
 * @param runtimeParams the validated spec-creation request; values may be null
 * @param dataset seed path or dataset reference, or null for seedless specs
 * @param description free text, or null
 * @param latestVersion the highest SUCCEEDED version, 0 if none
 * @param columns the seed's columns (name to type name) in seed order, so a later job can compare a
 *     seed with the spec before any work; null for seedless and document specs
 */
@JsonPropertyOrder({
  "id",
  "name",
  "status",
  "created_at",
  "error_message",
  "runtime_params",
  "dataset",
  "description",
  "latest_version",
  "columns"
})
public record SpecRecord(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("status") SpecStatus status,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("error_message") String errorMessage,
    @JsonProperty("runtime_params") Map<String, Object> runtimeParams,
    @JsonProperty("dataset") String dataset,
    @JsonProperty("description") String description,
    @JsonProperty("latest_version") int latestVersion,
    @JsonProperty("columns") Map<String, String> columns)
    implements Serializable {

  public SpecRecord {
    runtimeParams =
        runtimeParams == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(runtimeParams));
    columns = columns == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /** This record with the lifecycle fields the version claims imply. */
  SpecRecord withLifecycle(SpecStatus newStatus, String newErrorMessage, int newLatestVersion) {
    return new SpecRecord(
        id,
        name,
        newStatus,
        createdAt,
        newErrorMessage,
        runtimeParams,
        dataset,
        description,
        newLatestVersion,
        columns);
  }

  /**
   * Reads a spec.json; one written before seed columns were recorded reads with none.
   *
   * @param folder the folder it is in, which must be its id
   */
  static SpecRecord read(ResourceId file, String folder) {
    SpecRecord record;
    try {
      JsonNode tree = StoreFiles.JSON.readTree(StoreFiles.read(file));
      if (!(tree instanceof ObjectNode object)) {
        throw new CorruptRecordException(
            file.toString(), "not a valid spec record: not a JSON object", null);
      }
      if (!object.has("columns")) {
        object.putNull("columns");
      }
      record = StoreFiles.JSON.treeToValue(object, SpecRecord.class);
    } catch (JacksonException e) {
      throw new CorruptRecordException(
          file.toString(), "not a valid spec record: " + e.getOriginalMessage(), e);
    }
    if (record.id() == null
        || !record.id().equals(folder)
        || record.name() == null
        || record.status() == null
        || record.createdAt() == null) {
      throw new CorruptRecordException(
          file.toString(),
          "not a valid spec record: id, name, status and created_at are required, and the id must"
              + " be its folder's name ("
              + folder
              + ")",
          null);
    }
    return record;
  }
}
