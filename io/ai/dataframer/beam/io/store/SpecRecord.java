package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.spec.SpecStatus;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spec's entry in the store ({@code specs/<id>/spec.json}): identity and lifecycle; the content
 * lives in the version files.
 *
 * @param id random UUID
 * @param name unique in the store
 * @param status PROCESSING while the creating job runs, then SUCCEEDED or FAILED
 * @param createdAt ISO-8601 instant the spec was created
 * @param errorMessage why the spec FAILED, else null
 * @param runtimeParams the validated spec-creation request; values may be null
 * @param dataset seed path or dataset reference, or null for seedless specs
 * @param description free text, or null
 * @param latestVersion highest version written, 0 before the first
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
  "latest_version"
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
    @JsonProperty("latest_version") int latestVersion)
    implements Serializable {

  public SpecRecord {
    runtimeParams =
        runtimeParams == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(runtimeParams));
  }

  SpecRecord withStatus(SpecStatus newStatus, String newErrorMessage) {
    return new SpecRecord(
        id,
        name,
        newStatus,
        createdAt,
        newErrorMessage,
        runtimeParams,
        dataset,
        description,
        latestVersion);
  }

  SpecRecord withLatestVersion(int version) {
    return new SpecRecord(
        id, name, status, createdAt, errorMessage, runtimeParams, dataset, description, version);
  }
}
