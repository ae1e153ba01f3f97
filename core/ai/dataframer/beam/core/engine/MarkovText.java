package ai.dataframer.beam.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A word-level Markov chain of order 2 (backing off to order 1) trained on seed texts. Words keep
 * their punctuation, so sentence ends and commas come out where the seeds put them. Generation
 * starts at a sentence start of the seeds and ends with sentence punctuation.
 */
public final class MarkovText {
  private static final String SEPARATOR = "\u0000";

  private final Map<String, List<String>> afterPair = new HashMap<>();
  private final Map<String, List<String>> afterWord = new HashMap<>();

  /** First words of seed sentences, with repetition, so common openings stay common. */
  private final List<String> sentenceStarts = new ArrayList<>();

  /**
   * @throws IllegalArgumentException naming the field when no text has a word
   */
  public static MarkovText train(String fieldName, List<String> texts) {
    MarkovText model = new MarkovText();
    for (String text : texts) {
      model.add(words(text));
    }
    if (model.sentenceStarts.isEmpty()) {
      throw new IllegalArgumentException(
          "field '" + fieldName + "' is free text, but no seed row has text for it to learn from");
    }
    return model;
  }

  /** Whitespace-separated words of a text. */
  public static String[] words(String text) {
    String trimmed = text == null ? "" : text.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  private void add(String[] words) {
    for (int i = 0; i < words.length; i++) {
      if (i == 0 || endsSentence(words[i - 1])) {
        sentenceStarts.add(words[i]);
      }
      if (i + 1 < words.length) {
        afterWord.computeIfAbsent(words[i], w -> new ArrayList<>()).add(words[i + 1]);
      }
      if (i + 2 < words.length) {
        afterPair
            .computeIfAbsent(words[i] + SEPARATOR + words[i + 1], w -> new ArrayList<>())
            .add(words[i + 2]);
      }
    }
  }

  /** A text of exactly {@code wordCount} (>= 1) words. */
  public String generate(int wordCount, SplittableRandom random) {
    List<String> out = new ArrayList<>(wordCount);
    out.add(pick(sentenceStarts, random));
    while (out.size() < wordCount) {
      String next = next(out, random);
      if (next == null) {
        // A dead end: close the sentence and start a new one where a seed sentence starts.
        out.set(out.size() - 1, closeSentence(out.get(out.size() - 1)));
        next = pick(sentenceStarts, random);
      }
      out.add(next);
    }
    out.set(out.size() - 1, closeSentence(out.get(out.size() - 1)));
    return String.join(" ", out);
  }

  private String next(List<String> out, SplittableRandom random) {
    String last = out.get(out.size() - 1);
    if (out.size() >= 2) {
      List<String> candidates = afterPair.get(out.get(out.size() - 2) + SEPARATOR + last);
      if (candidates != null) {
        return pick(candidates, random);
      }
    }
    List<String> candidates = afterWord.get(last);
    return candidates == null ? null : pick(candidates, random);
  }

  private static <T> T pick(List<T> items, SplittableRandom random) {
    return items.get(random.nextInt(items.size()));
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
