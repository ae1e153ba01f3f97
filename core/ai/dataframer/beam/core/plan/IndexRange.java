package ai.dataframer.beam.core.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Sample indices {@code [start, end)} of a run: the unit in which a run is fanned out to workers. A
 * plan is a pure function of the spec, the run settings and its index, so a range stands for its
 * plans at a few bytes, and is what crosses the fusion break.
 */
public record IndexRange(long start, long end) implements Serializable {
  /** Ranges are at most this big, so one slow worker never holds a large share of a big run. */
  public static final long MAX_SIZE = 1_000;

  /** Small runs are still split this many ways (or into single samples), so they spread too. */
  public static final int MIN_RANGES = 64;

  public IndexRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("index range [" + start + ", " + end + ") is not valid");
    }
  }

  public long size() {
    return end - start;
  }

  /** Splits {@code 0..numberOfSamples-1} into contiguous ranges covering every index once. */
  public static List<IndexRange> split(long numberOfSamples) {
    return split(numberOfSamples, 1);
  }

  /** The size of every range {@link #split(long, long)} makes but the last. */
  public static long sizeFor(long numberOfSamples, long minSize) {
    if (numberOfSamples <= 0) {
      throw new IllegalArgumentException("numberOfSamples must be > 0, but was " + numberOfSamples);
    }
    long perRange = (numberOfSamples + MIN_RANGES - 1) / MIN_RANGES;
    return Math.max(Math.max(1, minSize), Math.min(MAX_SIZE, perRange));
  }

  /**
   * As {@link #split(long)}, with ranges of at least {@code minSize} samples (the last may be
   * smaller): a range is a worker's unit of work, and a worker keeping C samples in flight needs
   * ranges of at least C, or each one ends before it fills.
   */
  public static List<IndexRange> split(long numberOfSamples, long minSize) {
    if (numberOfSamples <= 0) {
      throw new IllegalArgumentException("numberOfSamples must be > 0, but was " + numberOfSamples);
    }
    long size = sizeFor(numberOfSamples, minSize);
    List<IndexRange> ranges = new ArrayList<>();
    for (long start = 0; start < numberOfSamples; start += size) {
      ranges.add(new IndexRange(start, Math.min(numberOfSamples, start + size)));
    }
    return ranges;
  }
}
