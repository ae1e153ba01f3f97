package ai.dataframer.beam.core.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A word-level Markov chain of order 2 (backing off to order 1) trained on seed texts. Words keep
 * their punctuation, so sentence ends and commas come out where the seeds put them. Generation
 * starts at a sentence start of the seeds and ends with sentence punctuation.
 *
 * <p>Words are numbered at training and the chain is walked by number: looking the last two words
 * up as one concatenated string built, hashed and compared a new string for every generated word,
 * the largest cost of records with free text (scripts/bench-engine).
 */
public final class MarkovText {
  private static final int NONE = -1;

  /** Each word once, by number. */
  private final List<String> vocabulary = new ArrayList<>();

  private final Map<String, Integer> numbers = new HashMap<>();

  /** Words seen after each word, by number, in seed order with repetition; null for none. */
  private int[][] afterWord;

  /** For each first word, the second words of the pairs it starts, sorted, and what followed. */
  private int[][] pairSeconds;

  private int[][][] afterPair;

  /** The number of a word closed as a sentence end ("late," as "late."), or NONE if unseen. */
  private int[] closedNumber;

  /** First words of seed sentences, with repetition, so common openings stay common. */
  private int[] sentenceStarts;

  private MarkovText() {}

  /**
   * @throws IllegalArgumentException naming the field when no text has a word
   */
  public static MarkovText train(String fieldName, List<String> texts) {
    MarkovText model = new MarkovText();
    Map<Integer, List<Integer>> afterWord = new HashMap<>();
    Map<Integer, TreeMap<Integer, List<Integer>>> afterPair = new HashMap<>();
    List<Integer> starts = new ArrayList<>();
    for (String text : texts) {
      String[] words = words(text);
      int[] word = new int[words.length];
      for (int i = 0; i < words.length; i++) {
        word[i] = model.number(words[i]);
      }
      for (int i = 0; i < words.length; i++) {
        if (i == 0 || endsSentence(words[i - 1])) {
          starts.add(word[i]);
        }
        if (i + 1 < words.length) {
          afterWord.computeIfAbsent(word[i], w -> new ArrayList<>()).add(word[i + 1]);
        }
        if (i + 2 < words.length) {
          afterPair
              .computeIfAbsent(word[i], w -> new TreeMap<>())
              .computeIfAbsent(word[i + 1], w -> new ArrayList<>())
              .add(word[i + 2]);
        }
      }
    }
    if (starts.isEmpty()) {
      throw new IllegalArgumentException(
          "field '" + fieldName + "' is free text, but no seed row has text for it to learn from");
    }
    model.freeze(afterWord, afterPair, starts);
    return model;
  }

  private int number(String word) {
    Integer known = numbers.get(word);
    if (known != null) {
      return known;
    }
    numbers.put(word, vocabulary.size());
    vocabulary.add(word);
    return vocabulary.size() - 1;
  }

  private void freeze(
      Map<Integer, List<Integer>> after,
      Map<Integer, TreeMap<Integer, List<Integer>>> pairs,
      List<Integer> starts) {
    int size = vocabulary.size();
    afterWord = new int[size][];
    pairSeconds = new int[size][];
    afterPair = new int[size][][];
    closedNumber = new int[size];
    after.forEach((word, next) -> afterWord[word] = toArray(next));
    pairs.forEach(
        (first, bySecond) -> {
          pairSeconds[first] = bySecond.keySet().stream().mapToInt(Integer::intValue).toArray();
          afterPair[first] =
              bySecond.values().stream().map(MarkovText::toArray).toArray(int[][]::new);
        });
    for (int word = 0; word < size; word++) {
      closedNumber[word] = numbers.getOrDefault(closeSentence(vocabulary.get(word)), NONE);
    }
    sentenceStarts = toArray(starts);
  }

  private static int[] toArray(List<Integer> numbers) {
    return numbers.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Whitespace-separated words of a text. */
  public static String[] words(String text) {
    String trimmed = text == null ? "" : text.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  /** A text of exactly {@code wordCount} (>= 1) words. */
  public String generate(int wordCount, SplittableRandom random) {
    // The words by number for the chain (NONE for a closed word the seeds never wrote) and as text.
    int[] word = new int[wordCount];
    String[] text = new String[wordCount];
    int count = 0;
    word[count] = pick(sentenceStarts, random);
    text[count] = vocabulary.get(word[count]);
    count++;
    while (count < wordCount) {
      int next = next(word, count, random);
      if (next == NONE) {
        // A dead end: close the sentence and start a new one where a seed sentence starts.
        close(word, text, count - 1);
        next = pick(sentenceStarts, random);
      }
      word[count] = next;
      text[count] = vocabulary.get(next);
      count++;
    }
    close(word, text, count - 1);
    return String.join(" ", text);
  }

  private void close(int[] word, String[] text, int at) {
    if (!endsSentence(text[at])) {
      text[at] = closeSentence(text[at]);
      word[at] = word[at] == NONE ? NONE : closedNumber[word[at]];
    }
  }

  private int next(int[] word, int count, SplittableRandom random) {
    int last = word[count - 1];
    if (count >= 2 && word[count - 2] != NONE) {
      int first = word[count - 2];
      int[] seconds = pairSeconds[first];
      int at = seconds == null ? -1 : Arrays.binarySearch(seconds, last);
      if (at >= 0) {
        return pick(afterPair[first][at], random);
      }
    }
    int[] candidates = afterWord[last];
    return candidates == null ? NONE : pick(candidates, random);
  }

  private static int pick(int[] items, SplittableRandom random) {
    return items[random.nextInt(items.length)];
  }

  static boolean endsSentence(String word) {
    char last = word.charAt(word.length() - 1);
    return last == '.' || last == '!' || last == '?';
  }

  private static String closeSentence(String word) {
    if (endsSentence(word)) {
      return word;
    }
    int end = word.length();
    while (end > 0 && ",;:-".indexOf(word.charAt(end - 1)) >= 0) {
      end--;
    }
    return (end == 0 ? word : word.substring(0, end)) + ".";
  }
}
