package ai.dataframer.beam.transforms;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * How the seed read: rows read (accepted or not), rows rejected, and the first reasons, with file
 * and line. A run shows them on the console and in its manifest, and refuses to generate from a
 * seed that was read too badly (docs/ARCHITECTURE.md, "Run lifecycle").
 *
 * @param rowsRead rows read, accepted or rejected
 * @param rowsRejected rows that went to the failure output
 * @param firstReasons up to {@link #MAX_REASONS} reasons, in file and line order
 */
public record SeedTally(
    @JsonProperty("rows_read") long rowsRead,
    @JsonProperty("rows_rejected") long rowsRejected,
    @JsonProperty("first_reasons") List<String> firstReasons)
    implements Serializable {
  /** Reasons kept for messages and the manifest. */
  public static final int MAX_REASONS = 5;

  public SeedTally {
    firstReasons = List.copyOf(firstReasons);
  }

  /** The rejected share of the rows read; 0 for a seedless run. */
  public double rejectedFraction() {
    return rowsRead == 0 ? 0 : (double) rowsRejected / rowsRead;
  }

  /**
   * Why a run must not generate from this seed, or null when it may: more than {@code
   * maxRejectFraction} of its rows were rejected.
   */
  String refusal(double maxRejectFraction) {
    if (rowsRejected == 0 || rejectedFraction() <= maxRejectFraction) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "%d of %d seed rows (%.1f%%) could not be read, more than the %.1f%% allowed"
            + " (--max-seed-reject-fraction %s); nothing was generated. First reasons:%n  - %s",
        rowsRejected,
        rowsRead,
        100 * rejectedFraction(),
        100 * maxRejectFraction,
        maxRejectFraction,
        String.join(System.lineSeparator() + "  - ", firstReasons));
  }
}
