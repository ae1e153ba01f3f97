package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.engine.FieldBindings;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which value of each bound property a record shows, read from its bound field with the same
 * matching the conformance filter uses (docs/ARCHITECTURE.md section 9): an exact value equal to
 * the field's, a band holding it (half-open, the last one closed), {@code null} for an empty field.
 * A property a record shows none of its values for is observed as {@link #NO_VALUE}, so it counts
 * against conformance instead of vanishing from the analysis.
 *
 * <p>Thread-safe after construction; one per spec.
 */
public final class BoundObservations {
  /** What a record shows for a property when no listed value matches its field. */
  public static final String NO_VALUE = "(none of its values)";

  private final List<Bound> bound = new ArrayList<>();

  private record Bound(
      String field, String property, List<String> values, List<Predicate<Object>> matchers) {}

  public BoundObservations(Spec spec) {
    FieldBindings bindings = new FieldBindings(spec);
    Map<String, PropertyVariation> properties = new LinkedHashMap<>();
    spec.properties().forEach(property -> properties.put(property.name(), property));
    List<String> seen = new ArrayList<>();
    for (RecordField field : spec.recordFields()) {
      PropertyVariation property = field.isBound() ? properties.get(field.property()) : null;
      // A property bound by two fields is observed from the first, as the plan assigns it once.
      if (property == null || seen.contains(property.name())) {
        continue;
      }
      seen.add(property.name());
      List<Predicate<Object>> matchers = new ArrayList<>();
      for (String value : property.values()) {
        PropertyValues.Parsed parsed = bindings.parse(field, value);
        matchers.add(bindings.matcher(field, parsed));
      }
      bound.add(new Bound(field.name(), property.name(), property.values(), matchers));
    }
  }

  /** The bound properties, in record field order. */
  public List<String> properties() {
    return bound.stream().map(Bound::property).toList();
  }

  /** Property name -> the value the record shows, for every bound property. */
  public Map<String, String> observe(Map<String, Object> record) {
    Map<String, String> observed = new LinkedHashMap<>();
    for (Bound b : bound) {
      Object value = record.get(b.field());
      String shown = NO_VALUE;
      for (int i = 0; i < b.values().size(); i++) {
        if (b.matchers().get(i).test(value)) {
          shown = b.values().get(i);
          break;
        }
      }
      observed.put(b.property(), shown);
    }
    return observed;
  }
}
