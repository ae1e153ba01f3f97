package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What a plan asks of the fields bound to its properties, shared by the engine (drafting and
 * matching seed rows) and the conformance filter, so both read a bound value the same way.
 */
public final class FieldBindings {
  /** Parsed plan values kept per bound field; a spec lists far fewer values than this. */
  private static final int MAX_CACHED_VALUES_PER_FIELD = 4096;

  private final Map<String, Double> highestUpperEndByField = new HashMap<>();

  /**
   * Each bound field's plan values, parsed once: the engine and the conformance filter parse the
   * same few values for every sample, which was 9% of the engine's time (scripts/bench-engine).
   * Concurrent, as the LLM path filters samples on the threads their answers arrive on.
   */
  private final Map<String, Map<String, PropertyValues.Parsed>> parsedByField = new HashMap<>();

  public FieldBindings(Spec spec) {
    for (RecordField field : spec.recordFields()) {
      if (field.isBound() && field.type().isOrdered()) {
        highestUpperEndByField.put(field.name(), highestUpperEnd(spec, field));
      }
      if (field.isBound()) {
        parsedByField.put(field.name(), new ConcurrentHashMap<>());
      }
    }
  }

  /** The plan's value for a bound field, as text. */
  public String planValue(RecordField field, SamplePlan plan) {
    String value = plan.propertyValues().get(field.property());
    if (value == null) {
      throw new IllegalArgumentException(
          "plan "
              + plan.sampleId()
              + " has no value for property '"
              + field.property()
              + "', which field '"
              + field.name()
              + "' is bound to");
    }
    return value;
  }

  /** The plan's value for a bound field, parsed for the field's type. */
  public PropertyValues.Parsed parse(RecordField field, String value) {
    Map<String, PropertyValues.Parsed> cached = parsedByField.get(field.name());
    PropertyValues.Parsed parsed = cached == null ? null : cached.get(value);
    if (parsed == null) {
      parsed = parseUncached(field, value);
      if (cached != null && cached.size() < MAX_CACHED_VALUES_PER_FIELD) {
        cached.put(value, parsed);
      }
    }
    return parsed;
  }

  private static PropertyValues.Parsed parseUncached(RecordField field, String value) {
    try {
      return PropertyValues.parse(value, field.type());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "property '"
              + field.property()
              + "' value '"
              + value
              + "' for field '"
              + field.name()
              + "': "
              + e.getMessage(),
          e);
    }
  }

  /** A parsed range with its end inclusion resolved against the property's other ranges. */
  public BoundRange range(RecordField field, PropertyValues.Range range) {
    if (range.low() == range.high()) {
      return new BoundRange(range.low(), range.high(), true);
    }
    double highest = highestUpperEndByField.getOrDefault(field.name(), Double.NEGATIVE_INFINITY);
    return new BoundRange(range.low(), range.high(), range.high() >= highest);
  }

  /**
   * A test of record values (possibly null) for showing the parsed bound value: equal to an exact
   * value (numerically for ordered types), inside a range, or null for {@link
   * RecordField#NULL_VALUE}.
   */
  public Predicate<Object> matcher(RecordField field, PropertyValues.Parsed parsed) {
    if (parsed instanceof PropertyValues.Null) {
      return value -> value == null;
    }
    if (parsed instanceof PropertyValues.Range range) {
      BoundRange bounds = range(field, range);
      return value -> isOrderedValue(value) && bounds.contains(PropertyValues.toNumber(value));
    }
    Object expected = ((PropertyValues.Exact) parsed).value();
    if (expected instanceof BigDecimal decimal) {
      return value -> value instanceof BigDecimal actual && decimal.compareTo(actual) == 0;
    }
    if (field.type().isOrdered()) {
      double position = PropertyValues.toNumber(expected);
      return value -> isOrderedValue(value) && PropertyValues.toNumber(value) == position;
    }
    return expected::equals;
  }

  private static double highestUpperEnd(Spec spec, RecordField field) {
    Optional<PropertyVariation> property = spec.property(field.property());
    double highest = Double.NEGATIVE_INFINITY;
    if (property.isEmpty()) {
      return highest;
    }
    for (String value : property.get().values()) {
      try {
        if (PropertyValues.parse(value, field.type()) instanceof PropertyValues.Range range) {
          highest = Math.max(highest, range.high());
        }
      } catch (IllegalArgumentException e) {
        // A sibling value that does not parse says nothing about where the ranges end; the plan
        // value
        // itself is parsed (and reported) separately.
      }
    }
    return highest;
  }

  private static boolean isOrderedValue(Object value) {
    return value instanceof Number
        || value instanceof java.time.LocalDate
        || value instanceof java.time.Instant;
  }
}
