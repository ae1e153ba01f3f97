package ai.dataframer.beam.core.request;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A RunCreate {@code tools} entry: {@code calculator} is a safe arithmetic evaluator, never code
 * execution.
 */
public enum Tool {
  CALCULATOR;

  private static final List<String> WIRE_NAMES =
      Arrays.stream(values()).map(Tool::wireName).toList();

  /** The spelling in the JSON request body. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Tool> fromWire(String value) {
    return Arrays.stream(values()).filter(v -> v.wireName().equals(value)).findFirst();
  }

  public static List<String> wireNames() {
    return WIRE_NAMES;
  }
}
