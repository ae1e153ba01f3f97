package ai.dataframer.beam.core.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which seed examples a prompt shows: k distinct indices into the run's seed example list, drawn
 * from the run seed so any worker draws the same ones.
 */
public final class SeedExampleDraw {
  private SeedExampleDraw() {}

  /** The one list shared by every sample of a run ({@link SeedShufflingLevel#NONE}). */
  public static List<Integer> forRun(long runSeed, int seedCount, int k) {
    // Index 0 with its own purpose: a stream no per-sample draw uses.
    return distinct(Seeds.random(runSeed, 0, "examples:run", 0), seedCount, k);
  }

  /** The list of sample {@code index} ({@link SeedShufflingLevel#SAMPLE}). */
  public static List<Integer> forSample(long runSeed, long index, int seedCount, int k) {
    return distinct(Seeds.random(runSeed, index, "examples:sample", 0), seedCount, k);
  }

  /**
   * The list for one model call of sample {@code index} ({@link SeedShufflingLevel#FIELD} and
   * {@link SeedShufflingLevel#PROMPT}).
   *
   * @param callKey names the call within the sample, e.g. "draft:price" or "revise:2:consistency"
   */
  public static List<Integer> forCall(
      long runSeed, long index, String callKey, int seedCount, int k) {
    return distinct(Seeds.random(runSeed, index, "examples:call:" + callKey, 0), seedCount, k);
  }

  /**
   * The first {@code min(k, seedCount)} entries of a uniformly random permutation of {@code
   * 0..seedCount-1}: a partial Fisher-Yates shuffle over a virtual identity array, so it costs O(k)
   * whatever the seed count.
   */
  static List<Integer> distinct(SplittableRandom random, int seedCount, int k) {
    if (seedCount < 0 || k < 0) {
      throw new IllegalArgumentException(
          "seedCount and k must be >= 0, but were " + seedCount + " and " + k);
    }
    int count = Math.min(k, seedCount);
    if (count == 0) {
      return List.of();
    }
    Map<Integer, Integer> displaced = new HashMap<>();
    List<Integer> chosen = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(seedCount - i);
      int atJ = displaced.getOrDefault(j, j);
      int atI = displaced.getOrDefault(i, i);
      displaced.put(j, atI);
      chosen.add(atJ);
    }
    return Collections.unmodifiableList(chosen);
  }
}
