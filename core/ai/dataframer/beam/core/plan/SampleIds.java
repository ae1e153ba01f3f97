package ai.dataframer.beam.core.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Sample ids: a name-based UUID of {@code "runId:index"}. Any worker, on any retry, computes the
 * same id for the same sample, so sinks can deduplicate retried bundles and re-runs keep their ids.
 */
public final class SampleIds {
  private SampleIds() {}

  /**
   * Each thread's MD5 and the bytes of the last run id it named: {@link UUID#nameUUIDFromBytes}
   * looked MD5 up among the security providers and built the whole name for every sample, a
   * twentieth of the embedded engine's time (scripts/bench-engine).
   */
  private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

  public static String of(String runId, long index) {
    return HASHER.get().uuid(runId, index).toString();
  }

  private static final class Hasher {
    private final MessageDigest md5;
    private String runId;
    private byte[] prefix;

    Hasher() {
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new InternalError("every Java platform has MD5", e);
      }
    }

    /** The same UUID as {@code UUID.nameUUIDFromBytes((runId + ":" + index) in UTF-8)}. */
    UUID uuid(String runId, long index) {
      if (!runId.equals(this.runId)) {
        this.prefix = (runId + ":").getBytes(StandardCharsets.UTF_8);
        this.runId = runId;
      }
      md5.update(prefix);
      md5.update(Long.toString(index).getBytes(StandardCharsets.US_ASCII));
      byte[] hash = md5.digest();
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3: name-based, MD5
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // the IETF variant
      long high = 0;
      long low = 0;
      for (int i = 0; i < 8; i++) {
        high = (high << 8) | (hash[i] & 0xff);
        low = (low << 8) | (hash[i + 8] & 0xff);
      }
      return new UUID(high, low);
    }
  }
}
