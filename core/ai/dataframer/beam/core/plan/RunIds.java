package ai.dataframer.beam.core.plan;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Run ids derived from what the run is, not from when it ran.
 *
 * <p>A run is reproducible: the same spec version, request and seed must give byte-identical
 * outputs. Sample ids are derived from the run id ({@link SampleIds}), so a random or time-based
 * run id would make every re-run differ in its id column even though the records are the same. A
 * name-based UUID of the inputs keeps re-runs identical, and any change to the request or seed
 * gives a new id.
 */
public final class RunIds {
  private RunIds() {}

  /**
   * The run id of a request.
   *
   * @param specId id of the spec being run
   * @param specVersion version of that spec
   * @param runSeed the run's random seed
   * @param canonicalRequest the validated request in a canonical text form (e.g. JSON with sorted
   *     keys)
   */
  public static String derive(
      String specId, int specVersion, long runSeed, String canonicalRequest) {
    if (specId == null || specId.isEmpty()) {
      throw new IllegalArgumentException("specId must be non-empty to derive a run id");
    }
    if (canonicalRequest == null) {
      throw new IllegalArgumentException("canonicalRequest must not be null to derive a run id");
    }
    // Length prefixes keep the name unambiguous whatever characters the spec id contains.
    String name =
        "run:"
            + specId.length()
            + ":"
            + specId
            + ":v"
            + specVersion
            + ":seed"
            + runSeed
            + ":"
            + canonicalRequest;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
