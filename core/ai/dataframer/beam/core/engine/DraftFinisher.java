package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a record a model wrote what the embedded engine gives its own (docs/ARCHITECTURE.md section
 * 6, "Keys" and "Grain"): the plan's value of each key field, which a model can neither keep unique
 * across a run's workers nor keep apart from the seed's keys it was shown, and each number, decimal
 * and timestamp on its field's grain (12.499 written for a price in cents becomes 12.50) instead of
 * a rejection and a paid regeneration for it. A value of the wrong class is left as it is, for
 * {@link StructuralFilter} to reject with its reason.
 *
 * <p>Thread-safe; one per spec and worker.
 */
public final class DraftFinisher {
  private final List<RecordField> fields;
  private final KeyFields keys;
  private final Granularity[] grains;

  /**
   * @param seedKeys the seed's key values, which no generated key may equal
   * @throws IllegalArgumentException naming the field when a key format cannot make unique values
   */
  public DraftFinisher(Spec spec, SeedKeyPositions seedKeys) {
    this.fields = spec.recordFields();
    this.keys = new KeyFields(fields, seedKeys);
    this.grains = fields.stream().map(Granularity::of).toArray(Granularity[]::new);
  }

  /**
   * The draft with the plan's keys and its values on their grains; fields it lacks stay missing
   * (but a key the field may not leave empty is added), other fields are kept as written.
   *
   * @throws IllegalStateException naming the field when its key format has no value left
   */
  public Map<String, Object> finish(SamplePlan plan, Map<String, Object> draft) {
    Object[] keyValues = keys.values(plan);
    Map<String, Object> finished = new LinkedHashMap<>(draft);
    for (int i = 0; i < fields.size(); i++) {
      RecordField field = fields.get(i);
      Object value = draft.get(field.name());
      if (field.isKey()) {
        // A null key the field allows is the model's choice of null pattern; keep it.
        if (value != null || field.nullablePercent() == 0) {
          finished.put(field.name(), keyValues[i]);
        }
      } else if (value != null && field.type().isOrdered()) {
        finished.put(field.name(), grains[i].apply(value));
      }
    }
    return finished;
  }
}
