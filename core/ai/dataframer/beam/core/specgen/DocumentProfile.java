package ai.dataframer.beam.core.specgen;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mergeable, order-independent profile of a folder of seed documents: how many, of which formats,
 * and how long. Word counts are kept as an exact histogram (documents have few distinct lengths),
 * so quantiles are exact and any merge order gives the same profile. Used as a combine accumulator.
 */
public final class DocumentProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  private long count;
  private final TreeMap<String, Long> formats = new TreeMap<>();
  private final TreeMap<Integer, Long> wordCounts = new TreeMap<>();
  private long minCharacters = Long.MAX_VALUE;
  private long maxCharacters;
  private long totalCharacters;

  public static DocumentProfile empty() {
    return new DocumentProfile();
  }

  public void add(SeedDocument document) {
    count++;
    formats.merge(document.extension().isEmpty() ? "(none)" : document.extension(), 1L, Long::sum);
    wordCounts.merge(document.wordCount(), 1L, Long::sum);
    long characters = document.text().codePointCount(0, document.text().length());
    minCharacters = Math.min(minCharacters, characters);
    maxCharacters = Math.max(maxCharacters, characters);
    totalCharacters += characters;
  }

  /** Merges {@code other} into this profile and returns this profile. */
  public DocumentProfile merge(DocumentProfile other) {
    count += other.count;
    other.formats.forEach((format, n) -> formats.merge(format, n, Long::sum));
    other.wordCounts.forEach((words, n) -> wordCounts.merge(words, n, Long::sum));
    minCharacters = Math.min(minCharacters, other.minCharacters);
    maxCharacters = Math.max(maxCharacters, other.maxCharacters);
    totalCharacters += other.totalCharacters;
    return this;
  }

  public long count() {
    return count;
  }

  /** Documents per file extension ({@code .txt}, {@code .md}, {@code .json}), sorted. */
  public Map<String, Long> formats() {
    return Collections.unmodifiableMap(formats);
  }

  /** The word count at probability {@code p} (lower quantile: a length some document has). */
  public int wordQuantile(double p) {
    checkHasDocuments();
    long rank = Math.max(1, (long) Math.ceil(p * count));
    long seen = 0;
    for (Map.Entry<Integer, Long> entry : wordCounts.entrySet()) {
      seen += entry.getValue();
      if (seen >= rank) {
        return entry.getKey();
      }
    }
    return wordCounts.lastKey();
  }

  public int minWords() {
    checkHasDocuments();
    return wordCounts.firstKey();
  }

  public int maxWords() {
    checkHasDocuments();
    return wordCounts.lastKey();
  }

  public long minCharacters() {
    checkHasDocuments();
    return minCharacters;
  }

  public long maxCharacters() {
    checkHasDocuments();
    return maxCharacters;
  }

  public double meanCharacters() {
    checkHasDocuments();
    return (double) totalCharacters / count;
  }

  private void checkHasDocuments() {
    if (count == 0) {
      throw new IllegalStateException("the document profile has no documents");
    }
  }
}
