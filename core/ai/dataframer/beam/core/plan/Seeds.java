package ai.dataframer.beam.core.plan;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from a run seed. Every random choice in planning
 * and generation comes from here, so the same run seed gives the same samples on any runner,
 * whatever the bundling or the order of work.
 */
public final class Seeds {
  private Seeds() {}

  /**
   * A 64-bit seed for sample {@code index} of a run, for the given purpose (e.g. "plan", "draft").
   */
  public static long derive(long runSeed, long index, String purpose) {
    long h = mix(runSeed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ index);
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ b);
    }
    return h;
  }

  /** A random stream for sample {@code index}, purpose and attempt. */
  public static SplittableRandom random(long runSeed, long index, String purpose, int attempt) {
    return new SplittableRandom(
        mix(derive(runSeed, index, purpose) ^ (attempt * 0xD1B54A32D192ED03L)));
  }

  /** Stafford's mix13 finalizer of SplitMix64: a good 64-bit bijective mixer. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
