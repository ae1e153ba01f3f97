package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.Decimals;
import java.io.Serializable;

/**
 * How one flat Parquet column is read: the conversion from its physical value, and the core type
 * (with the declared size of a decimal) it becomes. See docs/ARCHITECTURE.md, "Parquet seeds".
 *
 * @param decimal the declared precision and scale of a DECIMAL (or UINT_64) column, else null
 */
record ParquetColumn(String name, Kind kind, Decimals.Size decimal) implements Serializable {

  /** The physical-to-core conversions, each named for the Parquet type it reads. */
  enum Kind {
    BOOLEAN(FieldType.BOOLEAN),
    INT32(FieldType.INT),
    UINT32(FieldType.LONG),
    INT64(FieldType.LONG),
    UINT64(FieldType.DECIMAL),
    FLOAT(FieldType.FLOAT),
    DOUBLE(FieldType.DOUBLE),
    FLOAT16(FieldType.FLOAT),
    DECIMAL_INT(FieldType.DECIMAL),
    DECIMAL_BYTES(FieldType.DECIMAL),
    DATE(FieldType.DATE),
    TIME_MILLIS(FieldType.STRING),
    TIME_MICROS(FieldType.STRING),
    TIME_NANOS(FieldType.STRING),
    TIMESTAMP_MILLIS(FieldType.TIMESTAMP),
    TIMESTAMP_MICROS(FieldType.TIMESTAMP),
    TIMESTAMP_NANOS(FieldType.TIMESTAMP),
    INT96_TIMESTAMP(FieldType.TIMESTAMP),
    STRING(FieldType.STRING),
    BINARY_TEXT(FieldType.STRING),
    UUID(FieldType.STRING),
    INTERVAL(FieldType.STRING);

    private final FieldType type;

    Kind(FieldType type) {
      this.type = type;
    }

    FieldType type() {
      return type;
    }
  }

  FieldType type() {
    return kind.type();
  }

  /** Type and size as compared across the files of one seed. */
  String describe() {
    return decimal != null ? decimal.toString() : type().yamlName();
  }
}
