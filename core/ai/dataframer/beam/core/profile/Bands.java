package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.TypeRange;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Quantile bins of an ordered column, with edges rounded to a readable step so that range labels
 * ("lo..hi", hi exclusive except for the last bin) say exactly where the bins are. Edges are in the
 * type's numeric space (epoch days for dates, epoch millis for timestamps).
 */
public final class Bands implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long MILLIS_PER_SECOND = 1000L;
  private static final long MILLIS_PER_HOUR = 3_600_000L;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final FieldType type;
  private final BigDecimal step;
  // Strictly increasing: lowest edge <= seed minimum, highest edge >= seed maximum.
  private final List<BigDecimal> edges;
  private final boolean nonNegative;

  private Bands(FieldType type, BigDecimal step, List<BigDecimal> edges, boolean nonNegative) {
    this.type = type;
    this.step = step;
    this.edges = edges;
    this.nonNegative = nonNegative;
  }

  /**
   * Up to {@code bins} equal-mass bins of an ordered column; fewer when rounding or ties merge
   * edges; empty when fewer than two bins remain (e.g. a constant column).
   */
  public static Optional<Bands> of(ColumnProfile column, int bins) {
    if (!column.type().isOrdered() || column.nonNull() == 0 || column.max() <= column.min()) {
      return Optional.empty();
    }
    BigDecimal step = readableStep(column);
    List<BigDecimal> edges = new ArrayList<>();
    FieldType type = column.type();
    edges.add(TypeRange.clamp(type, round(column.min(), step, RoundingMode.FLOOR)));
    BigDecimal top = TypeRange.clamp(type, round(column.max(), step, RoundingMode.CEILING));
    for (int j = 1; j < bins; j++) {
      BigDecimal edge =
          TypeRange.clamp(
              type, round(column.quantile((double) j / bins), step, RoundingMode.HALF_UP));
      if (edge.compareTo(edges.get(edges.size() - 1)) > 0 && edge.compareTo(top) < 0) {
        edges.add(edge);
      }
    }
    edges.add(top);
    if (edges.size() < 3) {
      return Optional.empty();
    }
    return Optional.of(new Bands(column.type(), step, List.copyOf(edges), column.min() >= 0));
  }

  public int binCount() {
    return edges.size() - 1;
  }

  /**
   * The bin of numeric-space value {@code x}: values below or above the outer edges go to the ends.
   */
  public int binOf(double x) {
    int bin = 0;
    for (int i = 1; i < edges.size() - 1; i++) {
      if (x >= edges.get(i).doubleValue()) {
        bin = i;
      }
    }
    return bin;
  }

  /**
   * Range labels of the bins, the outer edges widened outwards by {@code margin} (numeric space, >=
   * 0) and rounded to the step; the lowest edge stays >= 0 when the seed minimum was.
   */
  public List<String> labels(double margin) {
    List<BigDecimal> shown = new ArrayList<>(edges);
    if (margin > 0) {
      BigDecimal low =
          TypeRange.clamp(
              type,
              round(
                  TypeRange.clamp(type, edges.get(0).doubleValue() - margin),
                  step,
                  RoundingMode.FLOOR));
      shown.set(0, nonNegative ? low.max(BigDecimal.ZERO) : low);
      int last = shown.size() - 1;
      shown.set(
          last,
          TypeRange.clamp(
              type,
              round(
                  TypeRange.clamp(type, edges.get(last).doubleValue() + margin),
                  step,
                  RoundingMode.CEILING)));
    }
    List<String> labels = new ArrayList<>();
    for (int i = 0; i + 1 < shown.size(); i++) {
      labels.add(format(shown.get(i)) + ".." + format(shown.get(i + 1)));
    }
    return Collections.unmodifiableList(labels);
  }

  private String format(BigDecimal x) {
    switch (type) {
      case INT:
        return Integer.toString(
            x.max(BigDecimal.valueOf(Integer.MIN_VALUE))
                .min(BigDecimal.valueOf(Integer.MAX_VALUE))
                .intValue());
      case LONG:
        return x.toBigInteger().toString();
      case DATE:
        return LocalDate.ofEpochDay(x.longValue()).toString();
      case TIMESTAMP:
        return Instant.ofEpochMilli(x.longValue()).toString();
      default:
        return x.signum() == 0 ? "0" : x.stripTrailingZeros().toPlainString();
    }
  }

  // About a hundred to a thousand steps across the range: edges keep three significant digits of
  // it. Never finer than the column's grain, so that every bin starts at a value the column can
  // hold.
  private static BigDecimal readableStep(ColumnProfile column) {
    // Halves first: the range of a column from -Double.MAX_VALUE to Double.MAX_VALUE overflows.
    double range = 2 * (column.max() / 2 - column.min() / 2);
    range = Double.isFinite(range) ? range : Double.MAX_VALUE;
    int exponent = (int) Math.floor(Math.log10(range)) - 2;
    switch (column.type()) {
      case INT:
      case LONG:
        return BigDecimal.ONE.scaleByPowerOfTen(Math.max(0, exponent));
      case DATE:
        return BigDecimal.ONE;
      case TIMESTAMP:
        long millis =
            range >= 30.0 * MILLIS_PER_DAY
                ? MILLIS_PER_DAY
                : range >= MILLIS_PER_DAY
                    ? MILLIS_PER_HOUR
                    : range >= MILLIS_PER_SECOND * 60 ? MILLIS_PER_SECOND : 1L;
        // Every unit is a multiple of every finer one, so the coarser of the two is a multiple of
        // both.
        return BigDecimal.valueOf(Math.max(millis, column.timestampUnit().millis()));
      case DECIMAL:
        return BigDecimal.ONE.scaleByPowerOfTen(Math.max(exponent, -column.maxScale()));
      default:
        Integer decimals = column.decimals();
        return BigDecimal.ONE.scaleByPowerOfTen(
            decimals == null ? exponent : Math.max(exponent, -decimals));
    }
  }

  static BigDecimal round(double x, BigDecimal step, RoundingMode mode) {
    return BigDecimal.valueOf(x).divide(step, 0, mode).multiply(step);
  }
}
