package ai.dataframer.beam.core.request;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A RunCreate {@code filtering_types} quality gate; a sample that fails it is regenerated. */
public enum FilteringType {
  STRUCTURAL,
  CONFORMANCE;

  private static final List<String> WIRE_NAMES =
      Arrays.stream(values()).map(FilteringType::wireName).toList();

  /** The spelling in the JSON request body. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FilteringType> fromWire(String value) {
    return Arrays.stream(values()).filter(v -> v.wireName().equals(value)).findFirst();
  }

  public static List<String> wireNames() {
    return WIRE_NAMES;
  }
}
