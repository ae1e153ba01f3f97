package ai.dataframer.beam.core.plan;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The two identities of a run (docs/ARCHITECTURE.md, "Run identity").
 *
 * <p>The run id names one invocation: every run gets its own, so its manifest never overwrites
 * another run's record. The generation key names what the run generates: sample ids derive from it
 * ({@link SampleIds}), and it is a name-based UUID of the spec version, request and seed, so the
 * same inputs give byte-identical outputs whenever they run, and any change gives a new key.
 */
public final class RunIds {
  private RunIds() {}

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A fresh run id, {@code run-20261202T153012Z-1a2b3c4d}: sorts by start time, and the random part
   * keeps two runs started in the same second apart.
   */
  public static String newRunId(Instant now) {
    return String.format("run-%s-%08x", RUN_ID_TIME.format(now), RANDOM.nextInt());
  }

  /**
   * The generation key of a request.
   *
   * @param specId id of the spec being run
   * @param specVersion version of that spec
   * @param runSeed the run's random seed
   * @param canonicalRequest the validated request in a canonical text form (e.g. JSON with sorted
   *     keys)
   */
  public static String generationKey(
      String specId, int specVersion, long runSeed, String canonicalRequest) {
    if (specId == null || specId.isEmpty()) {
      throw new IllegalArgumentException("specId must be non-empty to derive a generation key");
    }
    if (canonicalRequest == null) {
      throw new IllegalArgumentException(
          "canonicalRequest must not be null to derive a generation key");
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
