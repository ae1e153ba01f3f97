package ai.dataframer.beam.core.plan;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Sample ids: a name-based UUID of {@code "runId:index"}. Any worker, on any retry, computes the
 * same id for the same sample, so sinks can deduplicate retried bundles and re-runs keep their ids.
 */
public final class SampleIds {
  private SampleIds() {}

  public static String of(String runId, long index) {
    return UUID.nameUUIDFromBytes((runId + ":" + index).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
