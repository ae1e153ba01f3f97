package ai.dataframer.beam.core.record;

/**
 * Records in core are {@code Map<String, Object>} in field order (a LinkedHashMap), with the Java
 * value classes listed in {@link ai.dataframer.beam.core.spec.FieldType}; null means missing.
 */
public final class Records {
  private Records() {}
}
