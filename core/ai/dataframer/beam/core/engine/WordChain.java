package ai.dataframer.beam.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * New name-like strings (product names, titles, people's and places' names) from a word chain of
 * the seed values: a first word of a seed value, then words that follow the previous one in some
 * seed value, for a number of words drawn from the seed values' lengths; the last word is one that
 * ends a seed value where the chain allows. Every word is a seed word, so a column of words never
 * becomes random letters; unlike {@link MarkovText}, no sentence punctuation is added.
 */
public final class WordChain {
  /** First words of the seed values, with repetition, so common openings stay common. */
  private final List<String> starts = new ArrayList<>();

  /** First words that are also a last word: the single word of a one-word value. */
  private final List<String> wholeValues = new ArrayList<>();

  private final Map<String, List<String>> next = new HashMap<>();

  /** Successors that end some seed value, for the last word of a value. */
  private final Map<String, List<String>> nextEnding = new HashMap<>();

  /** Words per seed value, with repetition. */
  private final List<Integer> lengths = new ArrayList<>();

  private WordChain() {}

  /**
   * @throws IllegalArgumentException naming the field when no seed value has a word
   */
  public static WordChain train(String fieldName, List<String> values) {
    List<String[]> tokenized = new ArrayList<>(values.size());
    Set<String> endWords = new HashSet<>();
    for (String value : values) {
      String[] words = MarkovText.words(value);
      if (words.length > 0) {
        tokenized.add(words);
        endWords.add(words[words.length - 1]);
      }
    }
    if (tokenized.isEmpty()) {
      throw new IllegalArgumentException(
          "field '" + fieldName + "' has no seed value with a word to learn names from");
    }
    WordChain chain = new WordChain();
    for (String[] words : tokenized) {
      chain.starts.add(words[0]);
      chain.lengths.add(words.length);
      if (words.length == 1) {
        chain.wholeValues.add(words[0]);
      }
      for (int i = 0; i + 1 < words.length; i++) {
        chain.next.computeIfAbsent(words[i], w -> new ArrayList<>()).add(words[i + 1]);
        if (endWords.contains(words[i + 1])) {
          chain.nextEnding.computeIfAbsent(words[i], w -> new ArrayList<>()).add(words[i + 1]);
        }
      }
    }
    return chain;
  }

  /** A value of seed words, as long as a seed value or shorter where the chain ends early. */
  public String generate(SplittableRandom random) {
    int length = lengths.get(random.nextInt(lengths.size()));
    if (length == 1) {
      return pick(wholeValues, random);
    }
    StringBuilder out = new StringBuilder();
    String word = pick(starts, random);
    out.append(word);
    for (int i = 1; i < length; i++) {
      List<String> candidates = i == length - 1 ? nextEnding.get(word) : null;
      if (candidates == null) {
        candidates = next.get(word);
      }
      if (candidates == null) {
        break;
      }
      word = pick(candidates, random);
      out.append(' ').append(word);
    }
    return out.toString();
  }

  private static String pick(List<String> items, SplittableRandom random) {
    return items.get(random.nextInt(items.size()));
  }
}
