package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.plan.Seeds;
import ai.dataframer.beam.core.spec.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Compares synthetic records with their seed (docs/ARCHITECTURE.md section 9): column shapes,
 * column pair trends, exact copies and distance to closest record, all in memory. Which columns are
 * scored and how is {@link FidelityProfile}'s; a pipeline counts the records with the same profile
 * and {@link FidelityCounts}, so both give the same figures. Immutable; configure with the {@code
 * withX()} methods.
 */
public final class Fidelity {
  public static final int DEFAULT_MAX_CATEGORIES = 30;
  public static final int DEFAULT_BINS = 5;
  public static final int DEFAULT_MAX_CLOSEST_RECORD_CHECKS = 2_000;

  private final int maxCategories;
  private final int bins;
  private final int maxClosestRecordChecks;

  private Fidelity(int maxCategories, int bins, int maxClosestRecordChecks) {
    this.maxCategories = maxCategories;
    this.bins = bins;
    this.maxClosestRecordChecks = maxClosestRecordChecks;
  }

  public static Fidelity defaults() {
    return new Fidelity(DEFAULT_MAX_CATEGORIES, DEFAULT_BINS, DEFAULT_MAX_CLOSEST_RECORD_CHECKS);
  }

  /** Strings with at most this many distinct non-null seed values are scored as categories. */
  public Fidelity withMaxCategories(int maxCategories) {
    checkArgument(maxCategories >= 1, "maxCategories must be >= 1, but was %s", maxCategories);
    return new Fidelity(maxCategories, bins, maxClosestRecordChecks);
  }

  /** Seed-quantile bins a number falls into when paired with a categorical column. */
  public Fidelity withBins(int bins) {
    checkArgument(bins >= 2, "bins must be >= 2, but was %s", bins);
    return new Fidelity(maxCategories, bins, maxClosestRecordChecks);
  }

  /**
   * At most this many synthetic records are searched against every seed record for their closest
   * one.
   */
  public Fidelity withMaxClosestRecordChecks(int maxRecords) {
    checkArgument(maxRecords >= 1, "maxClosestRecordChecks must be >= 1, but was %s", maxRecords);
    return new Fidelity(maxCategories, bins, maxRecords);
  }

  /**
   * Scores {@code synthetic} against {@code seed} on the columns of {@code columnTypes}. Every
   * record must hold every column, with a value of the column type's Java class or null. The
   * closest-record distance is measured on at most {@code maxClosestRecordChecks} synthetic
   * records, evenly spaced over the input order.
   */
  public FidelityReport evaluate(
      Map<String, FieldType> columnTypes,
      List<Map<String, Object>> seed,
      List<Map<String, Object>> synthetic) {
    checkArgument(!synthetic.isEmpty(), "synthetic records must not be empty");
    FidelityProfile profile = profile(columnTypes, seed);
    FidelityCounts counts = profile.newCounts();
    for (int i = 0; i < synthetic.size(); i++) {
      profile.add(counts, synthetic.get(i), i);
    }
    int evaluated = Math.min(maxClosestRecordChecks, synthetic.size());
    List<Map<String, Object>> sample = new ArrayList<>(evaluated);
    for (int k = 0; k < evaluated; k++) {
      sample.add(synthetic.get((int) ((long) k * synthetic.size() / evaluated)));
    }
    return profile.report(counts, sample);
  }

  /** The seed side of {@link #evaluate}, for counting synthetic records elsewhere (a pipeline). */
  public FidelityProfile profile(
      Map<String, FieldType> columnTypes, List<Map<String, Object>> seed) {
    return FidelityProfile.of(columnTypes, seed, maxCategories, bins, maxClosestRecordChecks);
  }

  /**
   * The independence baseline: a copy of {@code records} where each column's values are shuffled
   * independently. Column shapes stay exactly those of the input; every dependency between columns
   * is broken, so its pair trends show what a generator that ignores dependencies would score. Each
   * column is shuffled by its own stream derived from {@code seed} and the column name.
   */
  public static List<Map<String, Object>> columnShuffledBaseline(
      List<Map<String, Object>> records, long seed) {
    List<String> names = records.isEmpty() ? List.of() : List.copyOf(records.get(0).keySet());
    for (int i = 0; i < records.size(); i++) {
      if (!records.get(i).keySet().equals(records.get(0).keySet())) {
        throw new IllegalArgumentException(
            "record "
                + i
                + " has columns "
                + records.get(i).keySet()
                + ", but record 0 has "
                + names
                + "; a shuffle needs the same columns in every record");
      }
    }
    List<Map<String, Object>> shuffled = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      shuffled.add(new LinkedHashMap<>());
    }
    for (String name : names) {
      List<Object> values = new ArrayList<>(records.size());
      records.forEach(record -> values.add(record.get(name)));
      shuffle(values, new SplittableRandom(Seeds.derive(seed, 0, "column-shuffle:" + name)));
      for (int i = 0; i < values.size(); i++) {
        shuffled.get(i).put(name, values.get(i));
      }
    }
    return shuffled;
  }

  private static void shuffle(List<Object> values, SplittableRandom random) {
    for (int i = values.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Object swap = values.get(i);
      values.set(i, values.get(j));
      values.set(j, swap);
    }
  }

  private static void checkArgument(boolean condition, String message, Object... values) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, message, values));
    }
  }
}
