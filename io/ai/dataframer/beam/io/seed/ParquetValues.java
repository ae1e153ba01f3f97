package ai.dataframer.beam.io.seed;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;

/**
 * Assembles Parquet records straight into core values, one array slot per column, with the
 * conversion each {@link ParquetColumn.Kind} names. Reading with Parquet's own converters rather
 * than parquet-avro keeps every physical type reachable (INT96, FLOAT16, UUID, INTERVAL have no
 * Avro form) and avoids building an intermediate record per row.
 */
final class ParquetValues extends RecordMaterializer<Object[]> {
  /** Julian day number of 1970-01-01, the epoch of INT96 timestamps' day part. */
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;

  /** A value that could not be converted; the record fails with this reason. */
  record Invalid(String reason) {}

  private final Root root;

  /** Columns in the order of the file's (projected) schema. */
  ParquetValues(List<ParquetColumn> columns) {
    this.root = new Root(columns);
  }

  @Override
  public Object[] getCurrentRecord() {
    return root.values;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private static final class Root extends GroupConverter {
    private final Converter[] converters;
    private Object[] values;

    Root(List<ParquetColumn> columns) {
      converters = new Converter[columns.size()];
      for (int i = 0; i < converters.length; i++) {
        converters[i] = new Column(this, i, columns.get(i));
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      values = new Object[converters.length];
    }

    @Override
    public void end() {}
  }

  private static final class Column extends PrimitiveConverter {
    private final Root root;
    private final int index;
    private final ParquetColumn column;
    private final int scale;

    Column(Root root, int index, ParquetColumn column) {
      this.root = root;
      this.index = index;
      this.column = column;
      this.scale = column.decimal() == null ? 0 : column.decimal().scale();
    }

    private void set(Object value) {
      root.values[index] = value;
    }

    @Override
    public void addBoolean(boolean value) {
      set(value);
    }

    @Override
    public void addFloat(float value) {
      set(Float.isFinite(value) ? value : notFinite(value));
    }

    @Override
    public void addDouble(double value) {
      set(Double.isFinite(value) ? value : notFinite(value));
    }

    /**
     * NaN and the infinities are refused with their record: the profile learns from finite numbers
     * only, and one such value failed the whole run without naming file or record.
     */
    private Invalid notFinite(double value) {
      return new Invalid(
          "column '"
              + column.name()
              + "' holds "
              + value
              + ", which is not a finite number; write null for a missing value");
    }

    @Override
    public void addInt(int value) {
      switch (column.kind()) {
        case UINT32:
          set(Integer.toUnsignedLong(value));
          break;
        case DECIMAL_INT:
          set(BigDecimal.valueOf(value, scale));
          break;
        case DATE:
          set(LocalDate.ofEpochDay(value));
          break;
        case TIME_MILLIS:
          set(time(value * 1_000_000L, 3));
          break;
        default:
          set(value);
      }
    }

    @Override
    public void addLong(long value) {
      switch (column.kind()) {
        case UINT64:
          set(new BigDecimal(new BigInteger(Long.toUnsignedString(value))));
          break;
        case DECIMAL_INT:
          set(BigDecimal.valueOf(value, scale));
          break;
        case TIME_MICROS:
          set(time(value * 1_000L, 6));
          break;
        case TIME_NANOS:
          set(time(value, 9));
          break;
        case TIMESTAMP_MILLIS:
          set(Instant.ofEpochMilli(value));
          break;
        case TIMESTAMP_MICROS:
          set(Instant.EPOCH.plus(value, ChronoUnit.MICROS));
          break;
        case TIMESTAMP_NANOS:
          set(Instant.EPOCH.plusNanos(value));
          break;
        default:
          set(value);
      }
    }

    @Override
    public void addBinary(Binary value) {
      switch (column.kind()) {
        case DECIMAL_BYTES:
          set(new BigDecimal(new BigInteger(value.getBytes()), scale));
          break;
        case FLOAT16:
          ByteBuffer half = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
          set(float16(half.getShort(half.position())));
          break;
        case INT96_TIMESTAMP:
          set(int96(value));
          break;
        case UUID:
          ByteBuffer uuid = value.toByteBuffer();
          set(
              new java.util.UUID(uuid.getLong(uuid.position()), uuid.getLong(uuid.position() + 8))
                  .toString());
          break;
        case INTERVAL:
          set(interval(value));
          break;
        case BINARY_TEXT:
          set(strictText(value));
          break;
        default:
          set(value.toStringUsingUTF8());
      }
    }

    private Object strictText(Binary value) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(value.toByteBuffer())
            .toString();
      } catch (CharacterCodingException e) {
        return new Invalid(
            "column '"
                + column.name()
                + "' holds bytes that are not UTF-8 text (a binary column without a logical type"
                + " is read as text)");
      }
    }
  }

  /** A time of day as "HH:mm:ss" with 3, 6 or 9 fraction digits, as its unit has. */
  static String time(long nanoOfDay, int digits) {
    LocalTime time = LocalTime.ofNanoOfDay(Math.floorMod(nanoOfDay, 86_400_000_000_000L));
    String fraction = String.format("%09d", time.getNano()).substring(0, digits);
    return String.format(
        "%02d:%02d:%02d.%s", time.getHour(), time.getMinute(), time.getSecond(), fraction);
  }

  /** INT96: nanoseconds of the day (8 bytes) then the Julian day (4 bytes), little-endian. */
  static Instant int96(Binary value) {
    ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int start = bytes.position();
    long nanosOfDay = bytes.getLong(start);
    long julianDay = Integer.toUnsignedLong(bytes.getInt(start + 8));
    return Instant.EPOCH.plus(julianDay - JULIAN_EPOCH_DAY, ChronoUnit.DAYS).plusNanos(nanosOfDay);
  }

  /** INTERVAL: months, days and milliseconds as unsigned little-endian ints, as ISO-8601 text. */
  static String interval(Binary value) {
    ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int start = bytes.position();
    long months = Integer.toUnsignedLong(bytes.getInt(start));
    long days = Integer.toUnsignedLong(bytes.getInt(start + 4));
    long millis = Integer.toUnsignedLong(bytes.getInt(start + 8));
    return "P"
        + months
        + "M"
        + days
        + "DT"
        + BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString()
        + "S";
  }

  /** IEEE 754 half precision to float (Float.float16ToFloat arrived after Java 17). */
  static float float16(short bits) {
    int sign = (bits >>> 15) & 1;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    float magnitude;
    if (exponent == 0) {
      magnitude = mantissa * 0x1p-24f;
    } else if (exponent == 31) {
      magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    } else {
      magnitude = (1 + mantissa / 1024f) * (float) Math.pow(2, exponent - 15);
    }
    return sign == 0 ? magnitude : -magnitude;
  }
}
