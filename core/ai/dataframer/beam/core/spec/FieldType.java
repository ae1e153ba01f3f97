package ai.dataframer.beam.core.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Column types a record field can have. Temporal and decimal values are modelled in a numeric space
 * (epoch days for DATE, epoch milliseconds for TIMESTAMP) so one quantile model serves every
 * ordered type.
 *
 * <p>Java value classes used for record values throughout core: BOOLEAN Boolean, INT Integer, LONG
 * Long, FLOAT Float, DOUBLE Double, DECIMAL java.math.BigDecimal, STRING String, DATE
 * java.time.LocalDate, TIMESTAMP java.time.Instant.
 */
public enum FieldType {
  BOOLEAN,
  INT,
  LONG,
  FLOAT,
  DOUBLE,
  DECIMAL,
  STRING,
  DATE,
  TIMESTAMP;

  /** The spelling used in spec YAML: lower case. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FieldType fromYaml(String name) {
    for (FieldType type : values()) {
      if (type.yamlName().equalsIgnoreCase(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown field type '"
            + name
            + "', expected one of "
            + Arrays.stream(values()).map(FieldType::yamlName).collect(Collectors.joining(", ")));
  }

  /** True for types whose values are ordered numbers (or map onto them): quantile models apply. */
  public boolean isOrdered() {
    return this != BOOLEAN && this != STRING;
  }

  public boolean isIntegral() {
    return this == INT || this == LONG || this == DATE || this == TIMESTAMP;
  }
}
