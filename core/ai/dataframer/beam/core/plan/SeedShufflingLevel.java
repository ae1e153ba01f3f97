package ai.dataframer.beam.core.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How seed examples are chosen (RunCreate {@code seed_shuffling_level}). */
public enum SeedShufflingLevel {
  /** One fixed set and order for the whole run: best for provider prompt caching. */
  NONE,
  /** Drawn once per sample. */
  SAMPLE,
  /** Drawn per field call. */
  FIELD,
  /** Drawn per LLM call. */
  PROMPT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SeedShufflingLevel fromWire(String value) {
    for (SeedShufflingLevel level : values()) {
      if (level.wireName().equals(value)) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "seed_shuffling_level '"
            + value
            + "' is not valid; expected one of "
            + Arrays.stream(values())
                .map(SeedShufflingLevel::wireName)
                .collect(Collectors.joining(", ")));
  }
}
