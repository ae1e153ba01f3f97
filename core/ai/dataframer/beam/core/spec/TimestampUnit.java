package ai.dataframer.beam.core.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The granularity of a timestamp field (the {@code unit} of a record field): every generated value
 * is a whole number of this unit since the epoch, as in the seed, so a column of whole seconds does
 * not gain milliseconds.
 */
public enum TimestampUnit {
  MILLISECOND(1L),
  SECOND(1_000L),
  MINUTE(60_000L),
  HOUR(3_600_000L),
  DAY(86_400_000L);

  private final long millis;

  TimestampUnit(long millis) {
    this.millis = millis;
  }

  /** The unit's length in milliseconds, the numeric space of TIMESTAMP values. */
  public long millis() {
    return millis;
  }

  /** The spelling used in spec YAML: lower case. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TimestampUnit fromYaml(String name) {
    for (TimestampUnit unit : values()) {
      if (unit.yamlName().equalsIgnoreCase(name)) {
        return unit;
      }
    }
    throw new IllegalArgumentException(
        "unknown timestamp unit '"
            + name
            + "', expected one of "
            + Arrays.stream(values())
                .map(TimestampUnit::yamlName)
                .collect(Collectors.joining(", ")));
  }

  /** The coarsest unit that divides every one of the epoch milliseconds. */
  public static TimestampUnit coarsestDividing(long epochMillis) {
    TimestampUnit coarsest = MILLISECOND;
    for (TimestampUnit unit : values()) {
      if (Math.floorMod(epochMillis, unit.millis) == 0) {
        coarsest = unit;
      }
    }
    return coarsest;
  }
}
