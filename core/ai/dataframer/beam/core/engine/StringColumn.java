package ai.dataframer.beam.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the seed says about a string field that is neither free text nor a key (docs/ARCHITECTURE.md
 * "Embedded values"): its kind, and how often each value occurs.
 *
 * <p>Kind, decided once per column from all its seed values: name-like ({@link Kind#WORDS}) when at
 * least half of the whitespace-separated tokens are words (letters, with the punctuation of names
 * and titles, no digits), and then new values come from a {@link WordChain}; otherwise code-like
 * ({@link Kind#CHARACTERS}), new values from the character classes of a {@link StringShape}.
 *
 * <p>Repeats and new values: a value seen at least twice in the seed is replayed at its seed
 * frequency; a value seen once is never replayed, and its share of the seed (the Good-Turing
 * estimate of how often a value is new) goes to new values that equal no seed value. So a column of
 * names that repeat keeps its value distribution, a column of mostly unique names gets new ones,
 * and a name that occurs once in the seed, which could identify someone, is not repeated.
 */
final class StringColumn {
  /** How a column's new values are made. */
  enum Kind {
    WORDS,
    CHARACTERS
  }

  /** Candidates tried for a new value that equals no seed value, before giving up on newness. */
  static final int MAX_NEW_VALUE_TRIES = 8;

  /** A word chain is trained on the matching rows alone only from this many values. */
  static final int MIN_LOCAL_CHAIN_VALUES = 20;

  /** Characters a word token may hold besides letters: the punctuation of names and titles. */
  private static final String WORD_PUNCTUATION = "'\u2019-.,&()!?:;\"";

  private final String name;
  private final Kind kind;
  private final Map<String, Integer> counts;
  private final WordChain words;
  private final StringShape shape;

  private StringColumn(String name, Kind kind, Map<String, Integer> counts, List<String> values) {
    this.name = name;
    this.kind = kind;
    this.counts = counts;
    this.words = kind == Kind.WORDS ? WordChain.train(name, values) : null;
    this.shape = kind == Kind.CHARACTERS ? StringShape.learn(name, values) : null;
  }

  /**
   * @param values the column's non-null seed values
   * @throws IllegalArgumentException naming the field when there is no value to learn from
   */
  static StringColumn learn(String fieldName, List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "field '" + fieldName + "' is a string with no seed values to mimic and no text profile");
    }
    Map<String, Integer> counts = new HashMap<>();
    values.forEach(value -> counts.merge(value, 1, Integer::sum));
    return new StringColumn(fieldName, kindOf(values), counts, values);
  }

  static Kind kindOf(List<String> values) {
    long tokens = 0;
    long wordTokens = 0;
    for (String value : values) {
      for (String token : MarkovText.words(value)) {
        tokens++;
        wordTokens += isWord(token) ? 1 : 0;
      }
    }
    return tokens > 0 && wordTokens * 2 >= tokens ? Kind.WORDS : Kind.CHARACTERS;
  }

  static boolean isWord(String token) {
    boolean letter = false;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (Character.isLetter(c)) {
        letter = true;
      } else if (WORD_PUNCTUATION.indexOf(c) < 0) {
        return false;
      }
    }
    return letter;
  }

  Kind kind() {
    return kind;
  }

  /**
   * Draws values like {@code pool}: its values that repeat in the seed at their frequencies, new
   * values at the share of its values that occur once in the seed.
   *
   * @param pool non-null seed values of the rows matching a plan, or of all rows
   * @param local whether the pool is the matching rows (a word chain may then be trained on it)
   */
  FieldSamplers.FieldSampler sampler(List<Object> pool, boolean local) {
    List<String> replayed = new ArrayList<>();
    List<String> strings = new ArrayList<>(pool.size());
    for (Object value : pool) {
      String text = (String) value;
      strings.add(text);
      if (counts.getOrDefault(text, 0) >= 2) {
        replayed.add(text);
      }
    }
    String[] replay = replayed.toArray(String[]::new);
    double newShare = pool.isEmpty() ? 1 : 1 - (double) replay.length / pool.size();
    NewValues generator = generator(strings, local);
    return random ->
        replay.length == 0 || random.nextDouble() < newShare
            ? newValue(generator, replay, random)
            : replay[random.nextInt(replay.length)];
  }

  private interface NewValues {
    String generate(SplittableRandom random);
  }

  private NewValues generator(List<String> pool, boolean local) {
    if (kind == Kind.CHARACTERS) {
      return shape::generate;
    }
    return local && pool.size() >= MIN_LOCAL_CHAIN_VALUES
        ? WordChain.train(name, pool)::generate
        : words::generate;
  }

  /**
   * A value equal to no seed value; when the model cannot make one (a column of single words holds
   * only seed words), a replayed value, or a seed word as the last resort.
   */
  private String newValue(NewValues generator, String[] replay, SplittableRandom random) {
    String candidate = null;
    for (int i = 0; i < MAX_NEW_VALUE_TRIES; i++) {
      candidate = generator.generate(random);
      if (!counts.containsKey(candidate)) {
        return candidate;
      }
    }
    return replay.length > 0 ? replay[random.nextInt(replay.length)] : candidate;
  }
}
