package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.spec.SpecStatus;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;

/**
 * One version number of a spec, as its claim file {@code specs/<id>/v<N>.json} records it
 * (docs/ARCHITECTURE.md, "Spec store"). A job claims the number (PROCESSING, with its owner), then
 * completes it (SUCCEEDED, and {@code v<N>.yaml} holds the spec) or fails it (FAILED, with the
 * error). Numbers are never reused, so a FAILED claim keeps its number.
 *
 * @param version the version number, from 1
 * @param status PROCESSING, SUCCEEDED or FAILED
 * @param createdAt ISO-8601 instant the number was claimed; null for versions written before claims
 *     existed
 * @param completedAt ISO-8601 instant the version SUCCEEDED or FAILED, else null
 * @param errorMessage why the version FAILED, else null
 * @param owner the process that claimed it, which tells a killed job from a running one; null for
 *     versions written before claims existed
 */
@JsonPropertyOrder({"version", "status", "created_at", "completed_at", "error_message", "owner"})
public record SpecVersion(
    @JsonProperty("version") int version,
    @JsonProperty("status") SpecStatus status,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("completed_at") String completedAt,
    @JsonProperty("error_message") String errorMessage,
    @JsonProperty("owner") JobOwner owner)
    implements Serializable {

  public SpecVersion {
    if (version < 1) {
      throw new IllegalArgumentException("a version number is >= 1, but was " + version);
    }
    if (status == null) {
      throw new IllegalArgumentException("version " + version + " has no status");
    }
  }

  /** SUCCEEDED or PROCESSING: what counts toward {@link SpecStore#MAX_VERSIONS}. */
  @JsonIgnore
  public boolean isActive() {
    return status == SpecStatus.SUCCEEDED || status == SpecStatus.PROCESSING;
  }

  SpecVersion succeeded(String at) {
    return new SpecVersion(version, SpecStatus.SUCCEEDED, createdAt, at, null, owner);
  }

  SpecVersion failed(String message, String at) {
    return new SpecVersion(version, SpecStatus.FAILED, createdAt, at, message, owner);
  }
}
