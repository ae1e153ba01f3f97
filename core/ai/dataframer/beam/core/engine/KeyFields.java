package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.Seeds;
import ai.dataframer.beam.core.spec.RecordField;
import java.util.List;

/**
 * The key fields of a spec and their values per plan ({@link KeyGenerator}). A plan's keys depend
 * on its run id, the field name and its index only; the run's exclusions of seed values are worked
 * out once per run id and kept.
 */
final class KeyFields {
  private static final Object[] NO_KEYS = new Object[0];

  private final KeyGenerator[] byPosition;
  private final boolean hasKeys;
  private final SeedKeyPositions seedPositions;
  private volatile Prepared prepared;

  private record Prepared(String runId, KeyGenerator.Run[] runs) {}

  /**
   * @param fields the spec's record fields
   * @throws IllegalArgumentException naming the field when a key format cannot make unique values
   */
  KeyFields(List<RecordField> fields, SeedKeyPositions seedPositions) {
    this.byPosition = new KeyGenerator[fields.size()];
    boolean any = false;
    for (int i = 0; i < byPosition.length; i++) {
      if (fields.get(i).isKey()) {
        byPosition[i] = new KeyGenerator(fields.get(i));
        any = true;
      }
    }
    this.hasKeys = any;
    this.seedPositions = seedPositions;
  }

  /**
   * The key value of each key field for the plan, by field position (null for other fields; an
   * empty array when the spec has no keys).
   *
   * @throws IllegalStateException naming the field when its format has no value left
   */
  Object[] values(SamplePlan plan) {
    if (!hasKeys) {
      return NO_KEYS;
    }
    KeyGenerator.Run[] runs = runsFor(plan.runId());
    Object[] values = new Object[byPosition.length];
    for (int i = 0; i < runs.length; i++) {
      if (runs[i] != null) {
        values[i] = runs[i].value(plan.index());
      }
    }
    return values;
  }

  private KeyGenerator.Run[] runsFor(String runId) {
    Prepared current = prepared;
    if (current != null && current.runId().equals(runId)) {
      return current.runs();
    }
    synchronized (this) {
      current = prepared;
      if (current == null || !current.runId().equals(runId)) {
        KeyGenerator.Run[] runs = new KeyGenerator.Run[byPosition.length];
        long runKey = textHash(runId);
        for (int i = 0; i < runs.length; i++) {
          KeyGenerator key = byPosition[i];
          if (key != null) {
            String name = key.field().name();
            runs[i] = key.forRun(Seeds.derive(runKey, 0, "key:" + name), seedPositions.of(name));
          }
        }
        current = new Prepared(runId, runs);
        prepared = current;
      }
      return current.runs();
    }
  }

  /** A 64-bit hash of the run id that every JVM computes alike (FNV-1a, then mixed). */
  private static long textHash(String text) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001B3L;
    }
    return Seeds.mix(h);
  }
}
