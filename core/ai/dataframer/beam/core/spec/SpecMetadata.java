package ai.dataframer.beam.core.spec;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read-only {@code metadata} block the store writes into each version's YAML, so a version file
 * read on its own still says where it came from. The block is frozen with the version: {@code
 * status} is the spec's status when the version was written; the store's spec.json holds the
 * current one.
 *
 * @param id spec id
 * @param name spec name, unique in its store
 * @param version version number of this YAML, from 1
 * @param status spec status when this version was written
 * @param dataset seed path or dataset reference the spec was learned from, or null (seedless)
 * @param createdAt ISO-8601 instant this version was written
 * @param errorMessage why the spec FAILED, or null
 * @param runtimeParams the validated spec-creation request; never null (empty when unknown)
 */
public record SpecMetadata(
    String id,
    String name,
    int version,
    SpecStatus status,
    String dataset,
    String createdAt,
    String errorMessage,
    Map<String, Object> runtimeParams)
    implements Serializable {

  public SpecMetadata {
    // Request values may be null (an option left unset), which Map.copyOf would reject.
    runtimeParams =
        runtimeParams == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(runtimeParams));
  }
}
