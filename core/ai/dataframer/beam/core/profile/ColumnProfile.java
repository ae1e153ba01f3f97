package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldKey;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.TimestampUnit;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mergeable profile of one column: counts, nulls, distinct values (exact up to {@link
 * #DISTINCT_CAP}), and a {@link BottomKSketch} over the numeric-space values of ordered types or
 * over the word counts of strings, and for STRING, INT and LONG columns a {@link KeyShape} (are the
 * values unique, and in what format). Every statistic is a function of the multiset of values, so
 * merge order never changes it.
 *
 * <p>The grain of the values is kept too (docs/ARCHITECTURE.md "Embedded values"): the most decimal
 * places a FLOAT or DOUBLE value needs in its shortest decimal form, the most digits of a DECIMAL,
 * and the coarsest {@link TimestampUnit} dividing every TIMESTAMP, so that generated values can be
 * written as finely as the seed's and no finer.
 */
public final class ColumnProfile implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Beyond this many distinct values a column is high-cardinality and its values are not kept. */
  public static final int DISTINCT_CAP = 1000;

  /**
   * Sample size of the quantile sketch: about 0.7% rank error at the 95% level for any quantile.
   */
  public static final int SKETCH_SIZE = 20000;

  /**
   * Doubles needing more decimal places than this are taken as computed (0.1 + 0.2, a ratio), not
   * as written to a grain: no rounding is learned for their column.
   */
  public static final int MAX_LEARNED_DECIMALS = 10;

  private final String name;
  private final FieldType type;
  private final long salt;
  private long count;
  private long nulls;
  private HashMap<String, Long> distinct = new HashMap<>();
  private final BottomKSketch sketch = new BottomKSketch(SKETCH_SIZE);
  private long totalCharacters;
  private int maxScale;

  /** Most decimal places of a FLOAT/DOUBLE value; above {@link #MAX_LEARNED_DECIMALS}: no grain. */
  private int maxDecimals;

  /** Most digits left of the decimal point of a DECIMAL value. */
  private int maxIntegerDigits;

  /** Ordinal of the coarsest TimestampUnit dividing every TIMESTAMP value seen. */
  private int coarsestUnit = TimestampUnit.values().length - 1;

  /** String values that end like a sentence (. ! ?): prose rather than a name or a title. */
  private long sentenceEnds;

  /** For STRING, INT and LONG columns, which may be keys; else null. */
  private final KeyShape keyShape;

  private transient FieldKey key;
  private transient boolean keyLearned;

  ColumnProfile(String name, FieldType type) {
    this.name = name;
    this.type = type;
    this.salt = Fingerprints.ofText(name);
    boolean mayBeKey = type == FieldType.STRING || type == FieldType.INT || type == FieldType.LONG;
    this.keyShape = mayBeKey ? new KeyShape(type == FieldType.STRING) : null;
  }

  void add(Object value, long rowFingerprint) {
    count++;
    if (value == null) {
      nulls++;
      return;
    }
    checkClass(value);
    keyLearned = false;
    if (keyShape != null) {
      keyShape.add(value);
    }
    if (distinct != null) {
      distinct.merge(textOf(value), 1L, Long::sum);
      if (distinct.size() > DISTINCT_CAP) {
        distinct = null;
      }
    }
    long hash = Fingerprints.mix(rowFingerprint ^ salt);
    if (value instanceof String text) {
      totalCharacters += text.codePointCount(0, text.length());
      if (endsSentence(text)) {
        sentenceEnds++;
      }
      sketch.add(hash, wordCount(text));
    } else if (type.isOrdered()) {
      double x = PropertyValues.toNumber(value);
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException(
            "column '" + name + "' has the value " + value + "; profiling needs finite numbers");
      }
      addGrain(value);
      sketch.add(hash, x);
    }
  }

  void merge(ColumnProfile other) {
    if (!other.name.equals(name) || other.type != type) {
      throw new IllegalArgumentException(
          "cannot merge the profile of column '"
              + other.name
              + "' ("
              + other.type.yamlName()
              + ") into '"
              + name
              + "' ("
              + type.yamlName()
              + ")");
    }
    count += other.count;
    nulls += other.nulls;
    if (distinct != null && other.distinct != null) {
      other.distinct.forEach((value, n) -> distinct.merge(value, n, Long::sum));
      if (distinct.size() > DISTINCT_CAP) {
        distinct = null;
      }
    } else {
      // The union of two sets is above the cap whenever either one is: overflow is
      // order-independent.
      distinct = null;
    }
    sketch.merge(other.sketch);
    if (keyShape != null) {
      keyShape.merge(other.keyShape);
    }
    keyLearned = false;
    totalCharacters += other.totalCharacters;
    maxScale = Math.max(maxScale, other.maxScale);
    maxDecimals = Math.max(maxDecimals, other.maxDecimals);
    maxIntegerDigits = Math.max(maxIntegerDigits, other.maxIntegerDigits);
    coarsestUnit = Math.min(coarsestUnit, other.coarsestUnit);
    sentenceEnds += other.sentenceEnds;
  }

  private void addGrain(Object value) {
    if (value instanceof BigDecimal decimal) {
      maxScale = Math.max(maxScale, decimal.scale());
      maxIntegerDigits = Math.max(maxIntegerDigits, decimal.precision() - decimal.scale());
    } else if (value instanceof Double x) {
      maxDecimals = Math.max(maxDecimals, decimalPlaces(Double.toString(x)));
    } else if (value instanceof Float x) {
      maxDecimals = Math.max(maxDecimals, decimalPlaces(Float.toString(x)));
    } else if (value instanceof Instant instant) {
      coarsestUnit =
          Math.min(coarsestUnit, TimestampUnit.coarsestDividing(instant.toEpochMilli()).ordinal());
    }
  }

  /** Decimal places of the shortest decimal form of a finite float or double (its toString). */
  static int decimalPlaces(String shortestForm) {
    return Math.max(0, new BigDecimal(shortestForm).stripTrailingZeros().scale());
  }

  private static boolean endsSentence(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return false;
    }
    char last = trimmed.charAt(trimmed.length() - 1);
    return last == '.' || last == '!' || last == '?';
  }

  public String name() {
    return name;
  }

  public FieldType type() {
    return type;
  }

  /** Rows seen, nulls included. */
  public long count() {
    return count;
  }

  public long nulls() {
    return nulls;
  }

  public long nonNull() {
    return count - nulls;
  }

  public boolean isHighCardinality() {
    return distinct == null;
  }

  /** Number of distinct non-null values; only for columns that are not high-cardinality. */
  public int distinctCount() {
    checkLowCardinality();
    return distinct.size();
  }

  /**
   * Text form of each distinct non-null value -> count, sorted by text; not for high-cardinality
   * columns.
   */
  public Map<String, Long> valueCounts() {
    checkLowCardinality();
    return Collections.unmodifiableMap(new TreeMap<>(distinct));
  }

  /**
   * Quantile at probability {@code p} of the numeric-space values (ordered types) or of the word
   * counts (strings). Needs at least one non-null value.
   */
  public double quantile(double p) {
    checkHasValues();
    return sketch.quantile(p);
  }

  /** Exact minimum, as {@link #quantile(double)} at 0. */
  public double min() {
    checkHasValues();
    return sketch.min();
  }

  /** Exact maximum, as {@link #quantile(double)} at 1. */
  public double max() {
    checkHasValues();
    return sketch.max();
  }

  /** Mean length of string values in Unicode code points. */
  public double meanCharacters() {
    checkHasValues();
    return (double) totalCharacters / nonNull();
  }

  /**
   * The column's key when its values are unique and have a learnable format ({@link KeyLearning});
   * null otherwise. A key column is neither a property nor a band candidate.
   */
  public FieldKey key() {
    if (!keyLearned) {
      key = keyShape == null ? null : KeyLearning.learn(this, keyShape);
      keyLearned = true;
    }
    return key;
  }

  /** The key statistics of a STRING, INT or LONG column; null for other types. */
  KeyShape keyShape() {
    return keyShape;
  }

  /** Largest scale among DECIMAL values; 0 for other types. */
  public int maxScale() {
    return maxScale;
  }

  /**
   * The decimal places every FLOAT or DOUBLE value fits in (0: all whole numbers); null for other
   * types, for a column without values, and when some value needs more than {@link
   * #MAX_LEARNED_DECIMALS}.
   */
  public Integer decimals() {
    boolean floating = type == FieldType.FLOAT || type == FieldType.DOUBLE;
    return floating && nonNull() > 0 && maxDecimals <= MAX_LEARNED_DECIMALS ? maxDecimals : null;
  }

  /**
   * The total digits of the widest DECIMAL value at the column's largest scale (e.g. 123.4 and 0.55
   * need 5: 123.40); null for other types and for a column without values.
   */
  public Integer precision() {
    return type == FieldType.DECIMAL && nonNull() > 0
        ? Math.max(1, maxIntegerDigits + maxScale)
        : null;
  }

  /**
   * The coarsest unit dividing every TIMESTAMP value; null for other types and for a column without
   * values.
   */
  public TimestampUnit timestampUnit() {
    return type == FieldType.TIMESTAMP && nonNull() > 0
        ? TimestampUnit.values()[coarsestUnit]
        : null;
  }

  /** Share of the non-null string values ending like a sentence (. ! ?); 0 without values. */
  public double sentenceEndShare() {
    return nonNull() == 0 ? 0 : (double) sentenceEnds / nonNull();
  }

  /**
   * The text form used for distinct values and property values: BigDecimal without trailing zeros.
   */
  public static String textOf(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  /** Words are maximal runs of non-whitespace characters. */
  static int wordCount(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }

  private void checkClass(Object value) {
    Class<?> expected = javaClassOf(type);
    if (!expected.isInstance(value)) {
      throw new IllegalArgumentException(
          "column '"
              + name
              + "' is "
              + type.yamlName()
              + " and expects "
              + expected.getSimpleName()
              + " values, but got "
              + value.getClass().getSimpleName()
              + " '"
              + value
              + "'");
    }
  }

  private static Class<?> javaClassOf(FieldType type) {
    switch (type) {
      case BOOLEAN:
        return Boolean.class;
      case INT:
        return Integer.class;
      case LONG:
        return Long.class;
      case FLOAT:
        return Float.class;
      case DOUBLE:
        return Double.class;
      case DECIMAL:
        return BigDecimal.class;
      case STRING:
        return String.class;
      case DATE:
        return java.time.LocalDate.class;
      case TIMESTAMP:
        return java.time.Instant.class;
      default:
        throw new IllegalStateException("unhandled type " + type);
    }
  }

  private void checkLowCardinality() {
    if (distinct == null) {
      throw new IllegalStateException(
          "column '"
              + name
              + "' has more than "
              + DISTINCT_CAP
              + " distinct values; they are not kept");
    }
  }

  private void checkHasValues() {
    if (type == FieldType.BOOLEAN) {
      throw new IllegalStateException(
          "column '" + name + "' is boolean: it has no quantiles or lengths");
    }
    if (nonNull() == 0) {
      throw new IllegalStateException("column '" + name + "' has no non-null values to summarise");
    }
  }
}
