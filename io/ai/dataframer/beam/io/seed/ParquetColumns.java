package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.io.record.Decimals;
import ai.dataframer.beam.io.record.RowRecords;
import ai.dataframer.beam.io.seed.ParquetColumn.Kind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Decides, from a footer's schema and before any row is read, how each column is read or why it is
 * refused. Every logical type of the Parquet format is either mapped here or refused naming the
 * file, the column and the type; the representations chosen are listed in docs/ARCHITECTURE.md,
 * "Parquet seeds".
 */
final class ParquetColumns {
  private ParquetColumns() {}

  /** UINT_64 values up to 18446744073709551615 fit decimal(20, 0) exactly; a long would wrap. */
  private static final Decimals.Size UINT64_SIZE = new Decimals.Size(20, 0);

  /** Column name -> how it is read, in footer order; nested or unreadable columns are refused. */
  static Map<String, ParquetColumn> of(MessageType schema, String source) {
    Map<String, ParquetColumn> columns = new LinkedHashMap<>();
    for (Type field : schema.getFields()) {
      columns.put(field.getName(), column(field, source));
    }
    return columns;
  }

  /** The seed's row schema: nullable columns, decimals with their declared size. */
  static Schema schema(Map<String, ParquetColumn> columns) {
    Schema.Builder builder = Schema.builder();
    for (ParquetColumn column : columns.values()) {
      builder.addField(
          Schema.Field.of(
              column.name(),
              column.decimal() != null
                  ? Decimals.beamType(column.decimal())
                  : RowRecords.beamType(column.type())));
    }
    return builder.build();
  }

  private static ParquetColumn column(Type field, String source) {
    String name = field.getName();
    LogicalTypeAnnotation annotation = field.getLogicalTypeAnnotation();
    if (!field.isPrimitive()) {
      String kind =
          annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
              ? "list"
              : annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                  ? "map"
                  : annotation != null ? annotation.toString().toLowerCase() : "group";
      throw new SeedException(
          source
              + ": column '"
              + name
              + "' is nested ("
              + kind
              + "); only flat columns are supported");
    }
    PrimitiveType type = field.asPrimitiveType();
    String typeName = describe(type);
    if (field.isRepetition(Type.Repetition.REPEATED)) {
      throw new SeedException(
          source + ": column '" + name + "' is nested (repeated); only flat columns are supported");
    }
    Kind kind = kind(type, annotation);
    if (kind == null) {
      throw refuse(source, name, typeName, why(type, annotation));
    }
    Decimals.Size size = null;
    if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
      if (decimal.getPrecision() > Decimals.MAX_PRECISION) {
        throw refuse(
            source,
            name,
            typeName,
            "precision above " + Decimals.MAX_PRECISION + " digits cannot be written back");
      }
      size = new Decimals.Size(decimal.getPrecision(), decimal.getScale());
    } else if (kind == Kind.UINT64) {
      size = UINT64_SIZE;
    }
    return new ParquetColumn(name, kind, size);
  }

  /** The conversion for a primitive column, or null when it cannot be read. */
  private static Kind kind(PrimitiveType type, LogicalTypeAnnotation annotation) {
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return annotation == null ? Kind.BOOLEAN : null;
      case FLOAT:
        return annotation == null ? Kind.FLOAT : null;
      case DOUBLE:
        return annotation == null ? Kind.DOUBLE : null;
      case INT32:
        if (annotation == null) {
          return Kind.INT32;
        }
        if (annotation instanceof IntLogicalTypeAnnotation integer) {
          return integer.isSigned() || integer.getBitWidth() < 32 ? Kind.INT32 : Kind.UINT32;
        }
        if (annotation instanceof DecimalLogicalTypeAnnotation) {
          return Kind.DECIMAL_INT;
        }
        if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return Kind.DATE;
        }
        if (annotation instanceof TimeLogicalTypeAnnotation time
            && time.getUnit() == TimeUnit.MILLIS) {
          return Kind.TIME_MILLIS;
        }
        return null;
      case INT64:
        if (annotation == null) {
          return Kind.INT64;
        }
        if (annotation instanceof IntLogicalTypeAnnotation integer) {
          return integer.isSigned() ? Kind.INT64 : Kind.UINT64;
        }
        if (annotation instanceof DecimalLogicalTypeAnnotation) {
          return Kind.DECIMAL_INT;
        }
        if (annotation instanceof TimeLogicalTypeAnnotation time) {
          return time.getUnit() == TimeUnit.MICROS
              ? Kind.TIME_MICROS
              : time.getUnit() == TimeUnit.NANOS ? Kind.TIME_NANOS : null;
        }
        if (annotation instanceof TimestampLogicalTypeAnnotation timestamp) {
          switch (timestamp.getUnit()) {
            case MILLIS:
              return Kind.TIMESTAMP_MILLIS;
            case MICROS:
              return Kind.TIMESTAMP_MICROS;
            case NANOS:
              return Kind.TIMESTAMP_NANOS;
            default:
              return null;
          }
        }
        return null;
      case INT96:
        // Spark and Impala's legacy timestamp: never annotated.
        return annotation == null ? Kind.INT96_TIMESTAMP : null;
      case BINARY:
        if (annotation == null) {
          // Older Impala and Hive write text without the STRING annotation (Spark's
          // binaryAsString); a value that is not UTF-8 fails its record, naming the column.
          return Kind.BINARY_TEXT;
        }
        return bytesKind(annotation);
      case FIXED_LEN_BYTE_ARRAY:
        if (annotation instanceof LogicalTypeAnnotation.Float16LogicalTypeAnnotation
            && type.getTypeLength() == 2) {
          return Kind.FLOAT16;
        }
        if (annotation instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation
            && type.getTypeLength() == 16) {
          return Kind.UUID;
        }
        if (annotation instanceof LogicalTypeAnnotation.IntervalLogicalTypeAnnotation
            && type.getTypeLength() == 12) {
          return Kind.INTERVAL;
        }
        return annotation == null ? null : bytesKind(annotation);
      default:
        return null;
    }
  }

  private static Kind bytesKind(LogicalTypeAnnotation annotation) {
    if (annotation instanceof DecimalLogicalTypeAnnotation) {
      return Kind.DECIMAL_BYTES;
    }
    if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
      return Kind.STRING;
    }
    return null;
  }

  /** Why a column of this type cannot be read, for the refusal. */
  private static String why(PrimitiveType type, LogicalTypeAnnotation annotation) {
    if (annotation instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
      return "BSON documents are binary, with no text form to learn from; convert the column to"
          + " JSON";
    }
    if (annotation instanceof LogicalTypeAnnotation.GeometryLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.GeographyLogicalTypeAnnotation) {
      return "geospatial values are not supported; convert the column to WKT text";
    }
    if (annotation == null
        && type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
      return "fixed-length bytes without a logical type are binary data, not text";
    }
    return "supported: boolean, int8 to int64, uint8 to uint64, float, double, float16, decimal,"
        + " string, enum, json, uuid, date, time, timestamp (millis, micros, nanos), int96"
        + " timestamp, interval";
  }

  /** The type as the footer spells it, without the column name: "optional int64 (TIMESTAMP...)". */
  static String describe(PrimitiveType type) {
    String text = type.toString().trim();
    return text.replace(" " + type.getName(), "").replaceAll(" = \\d+$", "");
  }

  static SeedException refuse(String source, String column, String type, String why) {
    return new SeedException(
        source
            + ": column '"
            + column
            + "' has Parquet type "
            + type
            + ", which cannot be read: "
            + why);
  }
}
