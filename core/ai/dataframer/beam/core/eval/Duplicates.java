package ai.dataframer.beam.core.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Diversity of generated samples (docs/ARCHITECTURE.md section 9): samples equal to an earlier
 * sample, and samples whose text nearly repeats an earlier one's. Near duplicates are found with
 * MinHash over word 3-shingles and locality-sensitive hashing ({@value #BANDS} bands of {@value
 * #ROWS} rows): a pair is a candidate when one band of their signatures agrees, and a near
 * duplicate when the signatures estimate a Jaccard similarity of at least {@value #NEAR_JACCARD}.
 * With these numbers a pair at Jaccard 0.8 is a candidate with probability 1 - (1 - 0.8^4)^32 >
 * 0.999, one at 0.3 with 0.23, so candidates stay few and the estimate decides.
 *
 * <p>Written here rather than taken from a library: the maintained sketch libraries offer set
 * similarity estimates but not candidate search, and the whole method is a hash per shingle.
 */
public final class Duplicates {
  /** Estimated Jaccard similarity of shingle sets at or above which two texts nearly repeat. */
  public static final double NEAR_JACCARD = 0.8;

  static final int BANDS = 32;
  static final int ROWS = 4;
  static final int SHINGLE_WORDS = 3;
  private static final int SIGNATURE = BANDS * ROWS;
  private static final int MAX_EXAMPLES = 3;
  private static final int EXAMPLE_CHARS = 160;

  private Duplicates() {}

  /**
   * @param exactDuplicates samples equal on every field to an earlier sample
   * @param textsCompared samples with a text (not blank) compared for near duplicates: all of them,
   *     or those of a sample at scale; 0 when there is no text to compare
   * @param nearDuplicates samples among those compared, not exact duplicates, whose text nearly
   *     repeats an earlier one's; the share is of {@code textsCompared}
   * @param examples up to three "sample i equals sample j" lines, then up to three of near repeats
   */
  public record Report(
      long samples,
      long exactDuplicates,
      double exactDuplicateShare,
      long textsCompared,
      long nearDuplicates,
      double nearDuplicateShare,
      List<String> examples)
      implements Serializable {
    public Report {
      examples = List.copyOf(examples);
    }

    /**
     * These exact duplicates, counted over all {@code samples}, with the near duplicates of {@code
     * near}, found on a sample of them.
     */
    public Report withNearDuplicatesOf(Report near) {
      List<String> all = new ArrayList<>(examples);
      near.examples().stream().filter(line -> line.contains("nearly")).forEach(all::add);
      return new Report(
          samples,
          exactDuplicates,
          exactDuplicateShare,
          near.textsCompared(),
          near.nearDuplicates(),
          near.nearDuplicateShare(),
          all);
    }
  }

  /**
   * @param samples generated records, metadata columns left out
   * @param textFields the fields whose words are compared for near duplicates (free text, or a
   *     document's {@code text}); none means exact duplicates only
   */
  public static Report of(List<Map<String, Object>> samples, List<String> textFields) {
    List<Long> positions = new ArrayList<>(samples.size());
    for (long i = 0; i < samples.size(); i++) {
      positions.add(i);
    }
    return of(samples, textFields, positions);
  }

  /**
   * Exact duplicates and samples over all samples, and a count of exact duplicates only: the part a
   * pipeline counts by fingerprint over every record.
   */
  public static Report exact(long samples, long exactDuplicates, List<String> examples) {
    return new Report(
        samples,
        exactDuplicates,
        samples == 0 ? 0 : (double) exactDuplicates / samples,
        0,
        0,
        0,
        examples);
  }

  /** The line an example of an exact duplicate reads. */
  public static String exactExample(long sample, long earlier) {
    return "sample " + sample + " equals sample " + earlier;
  }

  /**
   * {@link #of(List, List)}, naming samples in the examples by {@code ids} (e.g. their sample
   * index) rather than their position in the list.
   */
  public static Report of(
      List<Map<String, Object>> samples, List<String> textFields, List<Long> ids) {
    List<String> examples = new ArrayList<>();
    List<String> nearExamples = new ArrayList<>();
    boolean[] exact = new boolean[samples.size()];
    Map<Map<String, Object>, Integer> first = new HashMap<>();
    long exactCount = 0;
    for (int i = 0; i < samples.size(); i++) {
      Integer earlier = first.putIfAbsent(samples.get(i), i);
      if (earlier != null) {
        exact[i] = true;
        exactCount++;
        example(examples, exactExample(ids.get(i), ids.get(earlier)));
      }
    }
    long nearCount = textFields.isEmpty() ? 0 : near(samples, textFields, ids, exact, nearExamples);
    examples.addAll(nearExamples);
    int n = samples.size();
    long compared =
        textFields.isEmpty()
            ? 0
            : samples.stream().filter(sample -> !text(sample, textFields).isBlank()).count();
    return new Report(
        n,
        exactCount,
        n == 0 ? 0 : (double) exactCount / n,
        compared,
        nearCount,
        compared == 0 ? 0 : (double) nearCount / compared,
        examples);
  }

  private static long near(
      List<Map<String, Object>> samples,
      List<String> textFields,
      List<Long> ids,
      boolean[] exact,
      List<String> examples) {
    int n = samples.size();
    int[][] signatures = new int[n][];
    List<String> texts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String text = text(samples.get(i), textFields);
      texts.add(text);
      // A missing or blank text repeats nothing: two empty reviews are not one review twice.
      signatures[i] = exact[i] || text.isBlank() ? null : signature(shingles(text));
    }
    boolean[] repeats = new boolean[n];
    Set<Long> compared = new HashSet<>();
    for (int band = 0; band < BANDS; band++) {
      Map<List<Integer>, List<Integer>> buckets = new HashMap<>();
      for (int i = 0; i < n; i++) {
        if (signatures[i] == null) {
          continue;
        }
        List<Integer> bucket =
            buckets.computeIfAbsent(bandKey(signatures[i], band), k -> new ArrayList<>());
        for (int k = 0; k < bucket.size() && !repeats[i]; k++) {
          int earlier = bucket.get(k);
          if (!compared.add((long) earlier * n + i)) {
            continue;
          }
          double similarity = estimate(signatures[earlier], signatures[i]);
          if (similarity >= NEAR_JACCARD) {
            repeats[i] = true;
            example(
                examples,
                String.format(
                    Locale.ROOT,
                    "sample %d nearly repeats sample %d (Jaccard ~%.2f): \"%s\"",
                    ids.get(i),
                    ids.get(earlier),
                    similarity,
                    shorten(texts.get(i))));
          }
        }
        bucket.add(i);
      }
    }
    long count = 0;
    for (boolean r : repeats) {
      count += r ? 1 : 0;
    }
    return count;
  }

  /** Word 3-shingles of the lower-cased text, hashed; a text of fewer words is one shingle. */
  static Set<Integer> shingles(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    List<String> kept = new ArrayList<>();
    for (String word : words) {
      if (!word.isEmpty()) {
        kept.add(word);
      }
    }
    Set<Integer> shingles = new HashSet<>();
    if (kept.size() < SHINGLE_WORDS) {
      shingles.add(String.join(" ", kept).hashCode());
      return shingles;
    }
    for (int i = 0; i + SHINGLE_WORDS <= kept.size(); i++) {
      shingles.add(String.join(" ", kept.subList(i, i + SHINGLE_WORDS)).hashCode());
    }
    return shingles;
  }

  /** For each of the signature's hash functions, the least hash of any shingle. */
  static int[] signature(Set<Integer> shingles) {
    int[] signature = new int[SIGNATURE];
    Arrays.fill(signature, Integer.MAX_VALUE);
    for (int shingle : shingles) {
      for (int h = 0; h < SIGNATURE; h++) {
        int hash = (int) (mix(shingle * 0x9E3779B97F4A7C15L + h) >>> 33);
        if (hash < signature[h]) {
          signature[h] = hash;
        }
      }
    }
    return signature;
  }

  /** The share of positions where two signatures agree: an estimate of Jaccard similarity. */
  static double estimate(int[] a, int[] b) {
    int same = 0;
    for (int h = 0; h < a.length; h++) {
      same += a[h] == b[h] ? 1 : 0;
    }
    return same / (double) a.length;
  }

  /** SplitMix64's finaliser: independent-looking 64-bit hashes from consecutive inputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static List<Integer> bandKey(int[] signature, int band) {
    List<Integer> key = new ArrayList<>(ROWS);
    for (int r = 0; r < ROWS; r++) {
      key.add(signature[band * ROWS + r]);
    }
    return key;
  }

  private static String text(Map<String, Object> sample, List<String> fields) {
    StringBuilder out = new StringBuilder();
    for (String field : fields) {
      Object value = sample.get(field);
      if (value != null) {
        out.append(out.length() == 0 ? "" : " ").append(Objects.toString(value));
      }
    }
    return out.toString();
  }

  private static String shorten(String text) {
    return text.length() <= EXAMPLE_CHARS ? text : text.substring(0, EXAMPLE_CHARS) + "...";
  }

  private static void example(List<String> examples, String line) {
    if (examples.size() < MAX_EXAMPLES) {
      examples.add(line);
    }
  }
}
