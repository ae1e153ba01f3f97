package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every field bound to a property shows the plan's value for it: the exact value, a value inside
 * the range, or null for {@link RecordField#NULL_VALUE}. Properties with no bound field are not
 * checked here (for records they need a judge call, which the LLM path adds).
 */
public final class ConformanceFilter implements SampleFilter {
  private final Spec spec;
  private final FieldBindings bindings;

  public ConformanceFilter(Spec spec) {
    this.spec = spec;
    this.bindings = new FieldBindings(spec);
  }

  @Override
  public List<String> check(SamplePlan plan, Map<String, Object> record) {
    List<String> reasons = new ArrayList<>();
    for (RecordField field : spec.recordFields()) {
      if (!field.isBound()) {
        continue;
      }
      String planValue = plan.propertyValues().get(field.property());
      if (planValue == null) {
        reasons.add(
            "plan has no value for property '"
                + field.property()
                + "', which field '"
                + field.name()
                + "' is bound to");
        continue;
      }
      PropertyValues.Parsed parsed;
      try {
        parsed = bindings.parse(field, planValue);
      } catch (IllegalArgumentException e) {
        reasons.add(e.getMessage());
        continue;
      }
      Object value = record.get(field.name());
      if (!bindings.matcher(field, parsed).test(value)) {
        reasons.add(
            "field '"
                + field.name()
                + "' is "
                + value
                + ", but property '"
                + field.property()
                + "' is '"
                + planValue
                + "' in the plan");
      }
    }
    return reasons;
  }
}
