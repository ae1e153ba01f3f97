package ai.dataframer.beam.io.record;

import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;

/**
 * Converts between Beam {@link Row}s and core records ({@code Map<String, Object>} with the value
 * classes of {@link FieldType}). Timestamps are Beam DATETIME (Joda) in rows and java.time.Instant
 * in core; dates are the SqlTypes.DATE logical type (LocalDate) in both.
 */
public final class RowRecords {
  private RowRecords() {}

  /** The core type of a Beam field type, or an exception naming the column when it has none. */
  public static FieldType coreType(String column, Schema.FieldType beamType) {
    Schema.TypeName typeName = beamType.getTypeName();
    switch (typeName) {
      case BOOLEAN:
        return FieldType.BOOLEAN;
      case BYTE:
      case INT16:
      case INT32:
        return FieldType.INT;
      case INT64:
        return FieldType.LONG;
      case FLOAT:
        return FieldType.FLOAT;
      case DOUBLE:
        return FieldType.DOUBLE;
      case DECIMAL:
        return FieldType.DECIMAL;
      case STRING:
        return FieldType.STRING;
      case DATETIME:
        return FieldType.TIMESTAMP;
      case LOGICAL_TYPE:
        String id = beamType.getLogicalType().getIdentifier();
        if (SqlTypes.DATE.getIdentifier().equals(id)) {
          return FieldType.DATE;
        }
        if (SqlTypes.TIMESTAMP.getIdentifier().equals(id)) {
          return FieldType.TIMESTAMP;
        }
        if (Decimals.size(beamType).isPresent()) {
          return FieldType.DECIMAL;
        }
        throw new IllegalArgumentException(
            "column '" + column + "' has logical type " + id + ", which is not supported");
      default:
        throw new IllegalArgumentException(
            "column '"
                + column
                + "' has type "
                + typeName
                + "; only flat columns (boolean, integer, floating point, decimal, string, date,"
                + " timestamp) are supported");
    }
  }

  /** The Beam field type used in rows for a core type (nullable). */
  public static Schema.FieldType beamType(FieldType type) {
    Schema.FieldType beam;
    switch (type) {
      case BOOLEAN:
        beam = Schema.FieldType.BOOLEAN;
        break;
      case INT:
        beam = Schema.FieldType.INT32;
        break;
      case LONG:
        beam = Schema.FieldType.INT64;
        break;
      case FLOAT:
        beam = Schema.FieldType.FLOAT;
        break;
      case DOUBLE:
        beam = Schema.FieldType.DOUBLE;
        break;
      case DECIMAL:
        beam = Schema.FieldType.DECIMAL;
        break;
      case STRING:
        beam = Schema.FieldType.STRING;
        break;
      case DATE:
        beam = Schema.FieldType.logicalType(SqlTypes.DATE);
        break;
      case TIMESTAMP:
        beam = Schema.FieldType.DATETIME;
        break;
      default:
        throw new IllegalStateException("unhandled type " + type);
    }
    return beam.withNullable(true);
  }

  /** Column name -> core type for every field of a schema, in schema order. */
  public static Map<String, FieldType> coreTypes(Schema schema) {
    Map<String, FieldType> types = new LinkedHashMap<>();
    for (Schema.Field field : schema.getFields()) {
      types.put(field.getName(), coreType(field.getName(), field.getType()));
    }
    return types;
  }

  /** A row as a core record. */
  public static Map<String, Object> toRecord(Row row) {
    Schema schema = row.getSchema();
    Map<String, Object> record = new LinkedHashMap<>();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Schema.Field field = schema.getField(i);
      record.put(field.getName(), toCoreValue(row.getValue(i)));
    }
    return record;
  }

  /** A core record as a row of the given schema; fields missing from the record are null. */
  public static Row toRow(Map<String, Object> record, Schema schema) {
    List<Object> values = new ArrayList<>(schema.getFieldCount());
    for (Schema.Field field : schema.getFields()) {
      values.add(toBeamValue(field.getName(), record.get(field.getName()), field.getType()));
    }
    return Row.withSchema(schema).attachValues(values);
  }

  /** A row value (as {@code Row.getValue} returns it) as a core value. */
  public static Object toCoreValue(Object value) {
    if (value instanceof org.joda.time.ReadableInstant) {
      return Instant.ofEpochMilli(((org.joda.time.ReadableInstant) value).getMillis());
    }
    if (value instanceof Byte || value instanceof Short) {
      return ((Number) value).intValue();
    }
    return value;
  }

  /**
   * Core values in schema order as a row of the given schema. A decimal of a column with a declared
   * size is rounded to its scale; one too large for its precision is a {@link
   * Decimals.OverflowException} naming the column.
   */
  public static Row toRow(List<Object> values, Schema schema) {
    if (values.size() != schema.getFieldCount()) {
      throw new IllegalArgumentException(
          values.size() + " values for a schema of " + schema.getFieldCount() + " fields");
    }
    List<Object> converted = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      Schema.Field field = schema.getField(i);
      converted.add(toBeamValue(field.getName(), values.get(i), field.getType()));
    }
    return Row.withSchema(schema).attachValues(converted);
  }

  private static Object toBeamValue(String column, Object value, Schema.FieldType type) {
    if (value == null) {
      return null;
    }
    switch (type.getTypeName()) {
      case DATETIME:
        return new org.joda.time.Instant(((Instant) value).toEpochMilli());
      case INT32:
        return ((Number) value).intValue();
      case INT64:
        return ((Number) value).longValue();
      case FLOAT:
        return ((Number) value).floatValue();
      case DOUBLE:
        return ((Number) value).doubleValue();
      case DECIMAL:
        return value instanceof BigDecimal ? value : new BigDecimal(value.toString());
      case LOGICAL_TYPE:
        java.util.Optional<Decimals.Size> size = Decimals.size(type);
        if (size.isPresent()) {
          BigDecimal decimal =
              value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
          return Decimals.fit(column, decimal, size.get());
        }
        return value;
      default:
        return value;
    }
  }
}
