package ai.dataframer.beam.io.record;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.values.Row;

/**
 * Decimal columns with a known precision and scale. A seed that declares them (a Parquet DECIMAL(p,
 * s)) carries them in its Beam schema as the FixedPrecisionNumeric logical type, so the sinks write
 * the same decimal type back; a column of plain Beam DECIMAL (CSV and JSON Lines seeds) has none
 * and the sinks use their default, decimal(38, 9). See docs/ARCHITECTURE.md, "Parquet seeds".
 */
public final class Decimals {
  private Decimals() {}

  /** The widest decimal Parquet and BigQuery (BIGNUMERIC) both hold exactly. */
  public static final int MAX_PRECISION = 76;

  /** Precision and scale of a decimal column. */
  public record Size(int precision, int scale) {
    public Size {
      if (precision < 1 || scale < 0 || scale > precision) {
        throw new IllegalArgumentException(
            "decimal(" + precision + ", " + scale + ") is not a valid decimal type");
      }
    }

    @Override
    public String toString() {
      return "decimal(" + precision + "," + scale + ")";
    }
  }

  /** A value of a column of this size did not fit it. */
  public static final class OverflowException extends IllegalArgumentException {
    OverflowException(String message) {
      super(message);
    }
  }

  /** The nullable Beam type of a decimal column of this size. */
  public static Schema.FieldType beamType(Size size) {
    return Schema.FieldType.logicalType(FixedPrecisionNumeric.of(size.precision(), size.scale()))
        .withNullable(true);
  }

  /** The declared size of a Beam field type, if it is a decimal that has one. */
  public static Optional<Size> size(Schema.FieldType type) {
    if (type.getTypeName() != Schema.TypeName.LOGICAL_TYPE
        || !FixedPrecisionNumeric.IDENTIFIER.equals(type.getLogicalType().getIdentifier())) {
      return Optional.empty();
    }
    Row arguments = type.getLogicalType().getArgument();
    return Optional.of(new Size(arguments.getInt32("precision"), arguments.getInt32("scale")));
  }

  /**
   * The value at the column's scale, rounded half-even (as BigQuery rounds NUMERIC); a value with
   * more integer digits than the precision leaves room for does not fit and is refused naming the
   * column, never truncated.
   */
  public static BigDecimal fit(String column, BigDecimal value, Size size) {
    BigDecimal scaled = value.setScale(size.scale(), RoundingMode.HALF_EVEN);
    if (scaled.precision() > size.precision()) {
      throw new OverflowException(
          "column '"
              + column
              + "' value "
              + value.toPlainString()
              + " does not fit "
              + size
              + " (at most "
              + (size.precision() - size.scale())
              + " digits before the decimal point)");
    }
    return scaled;
  }
}
